"""The organisations API: GET /api/v1/organisations, GET and PATCH /api/v1/organisations/{id}."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import api_token, make_organisation, make_user


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    association = make_organisation(session, name="Confcommercio", kind="employer_association")
    hotel = make_organisation(session, name="Hotel Bellavista", association_id=association.id)
    other = make_organisation(session, name="Trattoria Da Mario")
    people = {
        "hotel": hotel,
        "other": other,
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "other_employer": make_user(session, role="employer", organisation=other),
    }
    session.commit()
    return people


def test_list_read_and_patch(client: TestClient, people: dict[str, Any]) -> None:
    headers = api_token(client, people["assoc_user"].email)
    listing = client.get("/api/v1/organisations", headers=headers).json()
    assert [o["name"] for o in listing["items"]] == ["Confcommercio", "Hotel Bellavista"]
    hotel_id = people["hotel"].id
    patched = client.patch(
        f"/api/v1/organisations/{hotel_id}",
        json={"size": "10-49", "contact_name": "Giulia Bianchi", "sector": "i"},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["size"] == "10-49" and patched.json()["sector"] == "I"
    got = client.get(f"/api/v1/organisations/{hotel_id}", headers=headers).json()
    assert got["contact_name"] == "Giulia Bianchi" and got["association"] is not None


def test_invalid_patches_answer_422(client: TestClient, people: dict[str, Any]) -> None:
    headers = api_token(client, people["hotelier"].email)
    hotel_id = people["hotel"].id
    for body, field in (
        ({"region": "Torino"}, "region"),
        ({"size": "huge"}, "size"),
        ({"name": "Trattoria Da Mario"}, "name"),
        ({"contact_email": "nope"}, "contact_email"),
        ({"kind": "ngo"}, "kind"),
    ):
        response = client.patch(f"/api/v1/organisations/{hotel_id}", json=body, headers=headers)
        assert response.status_code == 422, body
        assert field in response.json()["error"]["fields"]


def test_other_companies_are_not_found(client: TestClient, people: dict[str, Any]) -> None:
    headers = api_token(client, people["other_employer"].email)
    hotel_id = people["hotel"].id
    assert client.get(f"/api/v1/organisations/{hotel_id}", headers=headers).status_code == 404
    response = client.patch(
        f"/api/v1/organisations/{hotel_id}", json={"size": "1-9"}, headers=headers
    )
    assert response.status_code == 404
    listing = client.get("/api/v1/organisations", headers=headers).json()
    assert [o["name"] for o in listing["items"]] == ["Trattoria Da Mario"]
