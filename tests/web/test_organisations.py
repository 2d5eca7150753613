"""Organisation pages: an employer edits its own, an association sees and edits its members'."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import csrf_from, make_offer, make_organisation, make_user, web_login

EDIT = {
    "name": "Hotel Bellavista Torino",
    "region": "ITC11",
    "sector": "I",
    "size": "10-49",
    "contact_name": "Giulia Bianchi",
    "contact_email": "hr@bellavista.example",
    "contact_phone": "+39 011 555 0101",
}


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    association = make_organisation(session, name="Confcommercio", kind="employer_association")
    hotel = make_organisation(session, name="Hotel Bellavista", association_id=association.id)
    other = make_organisation(session, name="Trattoria Da Mario")
    ngo = make_organisation(session, name="On the Road", kind="ngo")
    make_offer(session, organisation=hotel)
    make_offer(session, organisation=hotel, status="draft")
    people = {
        "association": association,
        "hotel": hotel,
        "other": other,
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "other_employer": make_user(session, role="employer", organisation=other),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
    }
    session.commit()
    return people


def _edit(client: TestClient, org_id: int, data: dict[str, str]) -> Any:
    form = client.get(f"/organisations/{org_id}/edit")
    assert form.status_code == 200
    return client.post(
        f"/organisations/{org_id}/edit",
        data={**data, "csrf_token": csrf_from(form.text)},
        follow_redirects=False,
    )


def test_an_employer_edits_its_own_page(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    web_login(client, people["hotelier"].email)
    own = client.get("/organisation", follow_redirects=False)
    assert own.headers["location"] == f"/organisations/{people['hotel'].id}"
    page = client.get(own.headers["location"])
    assert "Member of Confcommercio" in page.text and "Edit this page" in page.text
    response = _edit(client, people["hotel"].id, EDIT)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Your changes are saved." in page.text
    assert "Hotel Bellavista Torino" in page.text and "Giulia Bianchi" in page.text
    assert "Torino (Piemonte, Italia)" in page.text and "10 to 49 people" in page.text
    session.refresh(people["hotel"])
    assert people["hotel"].contact_email == "hr@bellavista.example"


def test_errors_are_shown_next_to_fields(client: TestClient, people: dict[str, Any]) -> None:
    web_login(client, people["hotelier"].email)
    bad = {**EDIT, "name": "Trattoria Da Mario", "contact_email": "not-an-address", "size": "9"}
    response = _edit(client, people["hotel"].id, bad)
    assert response.status_code == 422
    for name in ("name", "contact_email", "size"):
        assert f'id="{name}-error"' in response.text
    assert "An organisation with this name already exists." in response.text
    assert 'value="not-an-address"' in response.text


def test_an_association_sees_and_edits_its_members(
    client: TestClient, people: dict[str, Any]
) -> None:
    web_login(client, people["assoc_user"].email)
    members = client.get("/organisations")
    assert members.status_code == 200
    assert "Hotel Bellavista" in members.text and "Trattoria Da Mario" not in members.text
    assert _edit(client, people["hotel"].id, EDIT).status_code == 303
    assert client.get(f"/organisations/{people['other'].id}").status_code == 404
    assert client.get(f"/organisations/{people['other'].id}/edit").status_code == 404


def test_another_company_cannot_see_or_edit(client: TestClient, people: dict[str, Any]) -> None:
    web_login(client, people["other_employer"].email)
    hotel = people["hotel"].id
    assert client.get(f"/organisations/{hotel}").status_code == 404
    assert client.get(f"/organisations/{hotel}/edit").status_code == 404
    page = client.get("/organisation", follow_redirects=True)
    response = client.post(
        f"/organisations/{hotel}/edit",
        data={**EDIT, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 404
    # An employer has no member list: it is sent to its own page.
    assert client.get("/organisations", follow_redirects=False).status_code == 303


def test_caseworkers_read_but_do_not_edit(client: TestClient, people: dict[str, Any]) -> None:
    web_login(client, people["caseworker"].email)
    hotel = people["hotel"].id
    page = client.get(f"/organisations/{hotel}")
    assert page.status_code == 200 and "Edit this page" not in page.text
    assert client.get(f"/organisations/{hotel}/edit").status_code == 403
