"""Allocation API: coordinators run it and see counts; caseworkers see their own suggestions."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import api_token
from tests.services.test_allocation_service import kitchen, person
from tests.services.test_reports import Net


def test_run_and_suggestions(client: TestClient, session: Session) -> None:
    net = Net(session)
    kitchen(session, net, places=1)
    profile = person(session, net)
    session.commit()
    coordinator = api_token(client, net.coordinator.email)
    assert client.get("/api/v1/allocations/latest", headers=coordinator).status_code == 404
    ran = client.post("/api/v1/allocations", json={}, headers=coordinator)
    assert ran.status_code == 201, ran.text
    body = ran.json()
    people = {r["outcome"]: r["people"] for r in body["people"]["rows"]}
    assert people["suggested"] == "<5"
    assert profile.reference not in ran.text
    assert client.get("/api/v1/allocations/latest", headers=coordinator).json()["id"] == body["id"]
    assert client.get("/api/v1/allocations/suggestions", headers=coordinator).status_code == 403
    caseworker = api_token(client, net.caseworker.email)
    listed = client.get("/api/v1/allocations/suggestions", headers=caseworker).json()
    assert listed["total"] == 1 and listed["items"][0]["reference"] == profile.reference
    suggestion = listed["items"][0]["id"]
    assert (
        client.post(
            f"/api/v1/allocations/suggestions/{suggestion}/dismiss", headers=caseworker
        ).status_code
        == 204
    )
    again = client.post(f"/api/v1/allocations/suggestions/{suggestion}/dismiss", headers=caseworker)
    assert again.status_code == 409
    assert client.post("/api/v1/allocations", json={}, headers=caseworker).status_code == 403


def test_run_on_a_network_not_ones_own_is_404(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    coordinator = api_token(client, net.coordinator.email)
    response = client.post(
        "/api/v1/allocations", json={"network": net.france.id}, headers=coordinator
    )
    assert response.status_code == 404
