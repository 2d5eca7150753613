"""Allocation pages: the coordinator runs and reads counts; the caseworker acts on proposals."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import csrf_from, web_login
from tests.services.test_allocation_service import kitchen, person
from tests.services.test_reports import Net


def test_coordinator_runs_the_allocation_and_sees_counts_only(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    kitchen(session, net, places=1)
    profiles = [person(session, net) for _ in range(2)]
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/allocations")
    assert page.status_code == 200
    assert "No allocation has been run" in page.text
    response = client.post(
        "/allocations/run",
        data={"csrf_token": csrf_from(page.text), "network": str(net.national.id)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/allocations?done=1"
    page = client.get("/allocations?done=1")
    assert "The allocation has run" in page.text
    assert "People in the allocation" in page.text
    assert "Places filled by region and sector" in page.text
    assert "&lt;5" in page.text
    for profile in profiles:
        assert profile.reference not in page.text
    assert "/profiles/" not in page.text


def test_run_without_csrf_is_refused(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.coordinator.email)
    assert client.post("/allocations/run", data={}).status_code == 403


def test_run_for_someone_elses_network_is_not_found(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/allocations")
    response = client.post(
        "/allocations/run",
        data={"csrf_token": csrf_from(page.text), "network": str(net.france.id)},
    )
    assert response.status_code == 404


def test_caseworker_sees_and_sets_aside_suggestions(client: TestClient, session: Session) -> None:
    net = Net(session)
    offer = kitchen(session, net, places=1)
    profile = person(session, net)
    session.commit()
    from jobmatch.services import allocation

    allocation.run_allocation(session, actor=net.coordinator)
    web_login(client, net.caseworker.email)
    page = client.get("/allocations/suggestions")
    assert page.status_code == 200
    assert profile.reference in page.text
    assert f'href="/offers/{offer.id}"' in page.text  # type: ignore[attr-defined]
    assert "Allocated place" in page.text
    assert 'href="/allocations/suggestions"' in client.get("/home").text
    token = csrf_from(page.text.split("<main", 1)[1])
    action = page.text.split('action="/allocations/suggestions/', 1)[1].split('"', 1)[0]
    response = client.post(
        f"/allocations/suggestions/{action}", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "There are no suggestions" in client.get("/allocations/suggestions").text


def test_roles(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.caseworker.email)
    assert client.get("/allocations").status_code == 403
    client.cookies.clear()
    web_login(client, net.coordinator.email)
    assert client.get("/allocations/suggestions").status_code == 403
