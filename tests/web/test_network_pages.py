"""Network management pages for coordinators."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from jobmatch.models import Membership, Offer, User
from tests.factories import csrf_from, make_offer, make_organisation, make_user, web_login
from tests.services.test_reports import Net


def test_members_page_and_adding_a_member(client: TestClient, session: Session) -> None:
    net = Net(session)
    newcomer = make_organisation(session, kind="ngo", region="ITC16", name="Casa Nuova")
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/network")
    assert page.status_code == 200
    assert "Rete Piemonte" in page.text and net.ngo.name in page.text
    assert "Réseau France" not in page.text
    form = {
        "csrf_token": csrf_from(page.text),
        "network": str(net.piemonte.id),
        "organisation": str(newcomer.id),
        "role": "referral",
        "agreement_signed_on": "2099-01-01",
    }
    bad = client.post("/network/members", data=form)
    assert bad.status_code == 422
    assert 'id="agreement_signed_on-error"' in bad.text and 'value="2099-01-01"' in bad.text
    form["agreement_signed_on"] = "2026-02-01"
    done = client.post("/network/members", data=form, follow_redirects=False)
    assert done.status_code == 303
    page = client.get("/network?done=added")
    assert "The organisation is now a member." in page.text and "Casa Nuova" in page.text
    membership = session.exec(
        select(Membership).where(Membership.organisation_id == newcomer.id)
    ).one()
    removed = client.post(
        f"/network/members/{membership.id}/remove",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert removed.status_code == 303


def test_invite_shows_the_password_once_and_deactivate(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get(f"/network/organisations/{net.ngo.id}")
    assert page.status_code == 200 and "Invite someone" in page.text
    token = csrf_from(page.text)
    answer = client.post(
        f"/network/organisations/{net.ngo.id}/invite",
        data={"csrf_token": token, "email": "new@example.org", "role": "caseworker"},
    )
    assert answer.status_code == 200
    shown = re.search(r"<code>([^<]+)</code>", answer.text)
    assert shown and len(shown.group(1)) >= 12
    again = client.get(f"/network/organisations/{net.ngo.id}")
    assert shown.group(1) not in again.text
    invalid = client.post(
        f"/network/organisations/{net.ngo.id}/invite",
        data={"csrf_token": token, "email": "not-an-email", "role": "caseworker"},
    )
    assert invalid.status_code == 422 and 'id="email-error"' in invalid.text
    new_user = session.exec(select(User).where(User.email == "new@example.org")).one()
    off = client.post(
        f"/network/users/{new_user.id}/deactivate",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert off.status_code == 303
    assert "The account is deactivated" in client.get(off.headers["location"]).text


def test_offer_network_page(client: TestClient, session: Session) -> None:
    net = Net(session)
    offer = make_offer(session, organisation=net.employer, title="Lavapiatti")
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/network/offers")
    assert "Lavapiatti" in page.text and "The whole network" in page.text
    response = client.post(
        f"/network/offers/{offer.id}",
        data={"csrf_token": csrf_from(page.text), "network": str(net.piemonte.id)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    session.expire_all()
    assert session.get(Offer, offer.id).network_id == net.piemonte.id  # type: ignore[union-attr]


def test_others_cannot_manage(client: TestClient, session: Session) -> None:
    net = Net(session)
    employer = make_user(session, role="employer", organisation=net.employer)
    session.commit()
    web_login(client, employer.email)
    assert client.get("/network").status_code == 403
    client.cookies.clear()
    web_login(client, net.coordinator.email)
    assert client.get(f"/network/organisations/{net.fr_ngo.id}").status_code == 404
    page = client.get("/network")
    assert client.post("/network/members", data={"network": "1"}).status_code == 403
    assert 'href="/network"' in client.get("/home").text and page.status_code == 200


def test_coordinator_cannot_open_profiles_or_identities(
    client: TestClient, session: Session
) -> None:
    from tests.services.test_reports import placements

    net = Net(session)
    placements(session, net, 1, month=3)
    session.commit()
    from jobmatch.models import Profile

    profile = session.exec(select(Profile)).one()
    web_login(client, net.coordinator.email)
    for path in (
        f"/profiles/{profile.id}",
        f"/profiles/{profile.id}/identity",
        f"/profiles/{profile.id}/edit",
        "/profiles",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert profile.reference not in response.text
