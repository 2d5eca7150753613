"""Network management API: the coordinator's networks only; accounts; offer's network."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import api_token, make_offer, make_organisation, make_user
from tests.services.test_reports import Net


def test_networks_memberships_and_accounts(client: TestClient, session: Session) -> None:
    net = Net(session)
    newcomer = make_organisation(session, kind="ngo", region="ITC16")
    session.commit()
    headers = api_token(client, net.coordinator.email)
    listed = client.get("/api/v1/network/networks", headers=headers)
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 2 and [n["name"] for n in body["items"]] == [
        "Rete Italia",
        "Rete Piemonte",
    ]
    added = client.post(
        f"/api/v1/network/networks/{net.piemonte.id}/memberships",
        json={"organisation": newcomer.id, "role": "referral", "agreement_signed_on": "2026-01-15"},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    membership = added.json()
    assert membership["organisation"]["name"] == newcomer.name
    patched = client.patch(
        f"/api/v1/network/memberships/{membership['id']}",
        json={"role": "support_service"},
        headers=headers,
    )
    assert patched.json()["role"] == "support_service"
    bad = client.post(
        f"/api/v1/network/networks/{net.piemonte.id}/memberships",
        json={"organisation": newcomer.id, "role": "boss"},
        headers=headers,
    )
    assert bad.status_code == 422 and set(bad.json()["error"]["fields"]) == {"organisation", "role"}
    invited = client.post(
        f"/api/v1/network/organisations/{newcomer.id}/users",
        json={"email": "someone@example.org", "role": "caseworker"},
        headers=headers,
    )
    assert invited.status_code == 201
    password = invited.json()["one_time_password"]
    # the new account can sign in with it
    assert (
        client.post(
            "/api/v1/tokens", json={"email": "someone@example.org", "password": password}
        ).status_code
        == 201
    )
    users = client.get(f"/api/v1/network/organisations/{newcomer.id}/users", headers=headers)
    assert users.json()["total"] == 1 and "password" not in users.text
    user_id = users.json()["items"][0]["id"]
    off = client.post(f"/api/v1/network/users/{user_id}/deactivate", headers=headers)
    assert off.status_code == 200 and off.json()["active"] is False
    assert (
        client.post(
            "/api/v1/tokens", json={"email": "someone@example.org", "password": password}
        ).status_code
        == 401
    )
    gone = client.delete(f"/api/v1/network/memberships/{membership['id']}", headers=headers)
    assert gone.status_code == 204


def test_outside_the_network_is_404(client: TestClient, session: Session) -> None:
    net = Net(session)
    outsider = make_user(session, role="caseworker", organisation=net.fr_ngo)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    assert (
        client.get(
            f"/api/v1/network/organisations/{net.fr_ngo.id}/users", headers=headers
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/network/users/{outsider.id}/deactivate", headers=headers).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/network/networks/{net.france.id}/memberships",
            json={"organisation": net.ngo.id, "role": "referral"},
            headers=headers,
        ).status_code
        == 404
    )


def test_offer_network(client: TestClient, session: Session) -> None:
    net = Net(session)
    offer = make_offer(session, organisation=net.employer)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    response = client.put(
        f"/api/v1/network/offers/{offer.id}/network",
        json={"network": net.piemonte.id},
        headers=headers,
    )
    assert response.status_code == 200 and response.json() == {
        "offer": offer.id,
        "network": net.piemonte.id,
    }
    response = client.put(
        f"/api/v1/network/offers/{offer.id}/network", json={"network": None}, headers=headers
    )
    assert response.json()["network"] is None


def test_other_roles_are_refused(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    headers = api_token(client, net.caseworker.email)
    assert client.get("/api/v1/network/networks", headers=headers).status_code == 403
    assert client.get("/api/v1/network/networks").status_code == 401
