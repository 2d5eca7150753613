"""The offers API: POST/GET/PATCH /api/v1/offers, close, filters, candidates, introductions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from jobmatch.models import Identity, Introduction, Organisation
from jobmatch.security.vault import VaultCipher
from tests.factories import (
    api_token,
    make_consent,
    make_offer,
    make_organisation,
    make_profile,
    make_user,
)

BODY: dict[str, Any] = {
    "kind": "job",
    "title": "Kitchen assistant",
    "skills": [{"skill": "prepare vegetables", "importance": "essential"}],
    "languages": [{"code": "it", "level": "A2"}],
    "region": "ITC11",
    "hours_per_week": 30,
    "sector": "I",
    "supports": ["mentoring"],
}


@pytest.fixture
def people(session: Session) -> dict[str, Any]:
    association = make_organisation(session, name="Confcommercio", kind="employer_association")
    hotel = make_organisation(session, name="Hotel Bellavista", association_id=association.id)
    other = make_organisation(session, name="Trattoria Da Mario")
    ngo = make_organisation(session, name="On the Road", kind="ngo")
    crowd = []
    for _ in range(5):
        profile = make_profile(session, organisation=ngo)
        make_consent(session, profile=profile)
        crowd.append(profile)
    people = {
        "hotel": hotel,
        "other": other,
        "crowd": crowd,
        "hotelier": make_user(session, role="employer", organisation=hotel),
        "assoc_user": make_user(session, role="association", organisation=association),
        "other_employer": make_user(session, role="employer", organisation=other),
        "caseworker": make_user(session, role="caseworker", organisation=ngo),
    }
    session.commit()
    return people


def _headers(client: TestClient, people: dict[str, Any], who: str) -> dict[str, str]:
    return api_token(client, people[who].email)


def test_post_read_patch_close(client: TestClient, people: dict[str, Any]) -> None:
    headers = _headers(client, people, "hotelier")
    created = client.post("/api/v1/offers", json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    offer = created.json()
    assert offer["status"] == "open"
    assert offer["organisation"] == {"id": people["hotel"].id, "name": "Hotel Bellavista"}
    assert offer["posted_by"] is None
    assert offer["skills"] == BODY["skills"] and offer["region"] == "ITC11"
    got = client.get(f"/api/v1/offers/{offer['id']}", headers=headers)
    assert got.status_code == 200 and got.json()["title"] == "Kitchen assistant"
    patched = client.patch(
        f"/api/v1/offers/{offer['id']}", json={"places": 3, "remote": True}, headers=headers
    )
    assert patched.status_code == 200
    assert patched.json()["places"] == 3 and patched.json()["title"] == "Kitchen assistant"
    closed = client.post(f"/api/v1/offers/{offer['id']}/close", headers=headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(f"/api/v1/offers/{offer['id']}/close", headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    frozen = client.patch(f"/api/v1/offers/{offer['id']}", json={"places": 1}, headers=headers)
    assert frozen.status_code == 409


def test_drafts_publish_and_fill(client: TestClient, people: dict[str, Any]) -> None:
    headers = _headers(client, people, "hotelier")
    draft = client.post("/api/v1/offers", json={**BODY, "status": "draft"}, headers=headers).json()
    assert draft["status"] == "draft" and draft["published_at"] is None
    opened = client.patch(f"/api/v1/offers/{draft['id']}", json={"status": "open"}, headers=headers)
    assert opened.json()["status"] == "open" and opened.json()["published_at"]
    filled = client.post(f"/api/v1/offers/{draft['id']}/fill", headers=headers)
    assert filled.json()["status"] == "filled"


def test_invalid_bodies_answer_422_with_fields(client: TestClient, people: dict[str, Any]) -> None:
    headers = _headers(client, people, "hotelier")
    bad = client.post(
        "/api/v1/offers",
        json={**BODY, "region": "Torino", "places": 0, "colour": "red"},
        headers=headers,
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "invalid"
    assert {"region", "places", "colour"} <= set(error["fields"])
    offer = client.post("/api/v1/offers", json=BODY, headers=headers).json()
    patch = client.patch(f"/api/v1/offers/{offer['id']}", json={"title": ""}, headers=headers)
    assert patch.status_code == 422 and "title" in patch.json()["error"]["fields"]
    wrong = client.patch(f"/api/v1/offers/{offer['id']}", json={"region": 5}, headers=headers)
    assert wrong.status_code == 422
    assert client.post("/api/v1/offers", content=b"{", headers=headers).status_code == 422
    assert client.get("/api/v1/offers?per_page=500", headers=headers).status_code == 422
    assert client.get("/api/v1/offers?status=gone", headers=headers).status_code == 422
    assert client.get("/api/v1/offers?region=??", headers=headers).status_code == 422


def test_filters_and_pages(client: TestClient, people: dict[str, Any]) -> None:
    headers = _headers(client, people, "hotelier")
    client.post("/api/v1/offers", json=BODY, headers=headers)
    client.post("/api/v1/offers", json={**BODY, "region": "FR101"}, headers=headers)
    client.post(
        "/api/v1/offers", json={**BODY, "kind": "training", "status": "draft"}, headers=headers
    )
    listing = client.get("/api/v1/offers", headers=headers).json()
    assert listing["total"] == 3 and len(listing["items"]) == 3
    assert client.get("/api/v1/offers?region=ITC1", headers=headers).json()["total"] == 2
    assert client.get("/api/v1/offers?status=draft", headers=headers).json()["total"] == 1
    assert client.get("/api/v1/offers?kind=training", headers=headers).json()["total"] == 1
    paged = client.get("/api/v1/offers?per_page=2&page=2", headers=headers).json()
    assert paged["total"] == 3 and len(paged["items"]) == 1


def test_association_posts_for_a_member(client: TestClient, people: dict[str, Any]) -> None:
    headers = _headers(client, people, "assoc_user")
    created = client.post(
        "/api/v1/offers", json={**BODY, "organisation": people["hotel"].id}, headers=headers
    )
    assert created.status_code == 201
    assert created.json()["organisation"]["name"] == "Hotel Bellavista"
    assert created.json()["posted_by"]["name"] == "Confcommercio"
    refused = client.post(
        "/api/v1/offers", json={**BODY, "organisation": people["other"].id}, headers=headers
    )
    assert refused.status_code == 422
    assert "organisation" in refused.json()["error"]["fields"]
    # The member company sees and manages the offer too.
    member = _headers(client, people, "hotelier")
    assert client.get(f"/api/v1/offers/{created.json()['id']}", headers=member).status_code == 200


def test_another_company_cannot_see_or_change_offers_or_drafts(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    draft = make_offer(session, organisation=people["hotel"], status="draft")
    opened = make_offer(session, organisation=people["hotel"])
    session.commit()
    headers = _headers(client, people, "other_employer")
    assert client.get("/api/v1/offers", headers=headers).json() == {"items": [], "total": 0}
    for offer in (draft, opened):
        for response in (
            client.get(f"/api/v1/offers/{offer.id}", headers=headers),
            client.patch(f"/api/v1/offers/{offer.id}", json={"places": 9}, headers=headers),
            client.post(f"/api/v1/offers/{offer.id}/close", headers=headers),
            client.post(f"/api/v1/offers/{offer.id}/publish", headers=headers),
            client.get(f"/api/v1/offers/{offer.id}/candidates", headers=headers),
            client.post(
                f"/api/v1/offers/{offer.id}/introductions",
                json={"candidate": "x", "message": "hi"},
                headers=headers,
            ),
        ):
            assert response.status_code == 404, response.text
            assert response.json()["error"]["code"] == "not_found"
    session.refresh(draft)
    assert draft.places == 2 and draft.status == "draft"
    # Caseworkers read open offers, never drafts, and change none.
    caseworker = _headers(client, people, "caseworker")
    assert client.get(f"/api/v1/offers/{draft.id}", headers=caseworker).status_code == 404
    assert client.get(f"/api/v1/offers/{opened.id}", headers=caseworker).status_code == 200
    assert (
        client.patch(
            f"/api/v1/offers/{opened.id}", json={"places": 9}, headers=caseworker
        ).status_code
        == 403
    )
    assert client.post("/api/v1/offers", json=BODY, headers=caseworker).status_code == 403


def test_candidates_show_no_identity_and_no_profile_id(
    client: TestClient, session: Session, people: dict[str, Any], app: Any
) -> None:
    vault = VaultCipher(app.state.settings.vault_key)
    for profile in people["crowd"]:
        session.add(
            Identity(
                profile_id=profile.id,
                ciphertext=vault.encrypt(
                    profile.id, {"full_name": "Maria Rossi", "phone": "+39 333 1234567"}
                ),
            )
        )
    offer = make_offer(session, organisation=people["hotel"])
    session.commit()
    headers = _headers(client, people, "hotelier")
    response = client.get(f"/api/v1/offers/{offer.id}/candidates", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert len(body["items"]) == 5 and body["withheld"] == 0
    text = json.dumps(body)
    assert "Maria" not in text and "333" not in text
    for profile in people["crowd"]:
        assert profile.reference not in text
    for item in body["items"]:
        assert set(item) == {
            "ref",
            "score",
            "explanation",
            "skills",
            "languages",
            "region",
            "available",
            "experience",
            "supports",
            "other_languages_hidden",
        }
        assert item["region"] == "ITC1"
        assert str(item["ref"]) not in {str(p.id) for p in people["crowd"]}


def test_refs_differ_per_offer_and_introductions(
    client: TestClient, session: Session, people: dict[str, Any], app: Any
) -> None:
    first = make_offer(session, organisation=people["hotel"])
    second = make_offer(session, organisation=people["hotel"], title="Dishwasher")
    session.commit()
    headers = _headers(client, people, "hotelier")
    refs_1 = [
        c["ref"]
        for c in client.get(f"/api/v1/offers/{first.id}/candidates", headers=headers).json()[
            "items"
        ]
    ]
    refs_2 = [
        c["ref"]
        for c in client.get(f"/api/v1/offers/{second.id}/candidates", headers=headers).json()[
            "items"
        ]
    ]
    assert refs_1 and refs_2 and not set(refs_1) & set(refs_2)
    # A ref of one offer does not work on another.
    cross = client.post(
        f"/api/v1/offers/{second.id}/introductions",
        json={"candidate": refs_1[0], "message": "Hello"},
        headers=headers,
    )
    assert cross.status_code == 404
    made = client.post(
        f"/api/v1/offers/{first.id}/introductions",
        json={"candidate": refs_1[0], "message": "We would like to meet."},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "requested" and set(made.json()) == {"id", "status"}
    stored = session.exec(select(Introduction)).one()
    assert stored.message == "We would like to meet."
    again = client.post(
        f"/api/v1/offers/{first.id}/introductions",
        json={"candidate": refs_1[0], "message": "Again"},
        headers=headers,
    )
    assert again.status_code == 409
    missing = client.post(
        f"/api/v1/offers/{first.id}/introductions", json={"message": "x"}, headers=headers
    )
    assert missing.status_code == 422 and "candidate" in missing.json()["error"]["fields"]


def test_at_most_n_open_requests_per_offer(
    client: TestClient, session: Session, people: dict[str, Any], app: Any
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"max_open_requests_per_offer": 2})
    offer = make_offer(session, organisation=people["hotel"])
    session.commit()
    headers = _headers(client, people, "hotelier")
    refs = [
        c["ref"]
        for c in client.get(f"/api/v1/offers/{offer.id}/candidates", headers=headers).json()[
            "items"
        ]
    ]
    statuses = [
        client.post(
            f"/api/v1/offers/{offer.id}/introductions",
            json={"candidate": ref, "message": "Hello"},
            headers=headers,
        ).status_code
        for ref in refs[:3]
    ]
    assert statuses == [201, 201, 409]


def test_k_anonymity_withholds_in_the_api(
    client: TestClient, session: Session, people: dict[str, Any], app: Any
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"k_anonymity": 6})
    offer = make_offer(session, organisation=people["hotel"])
    session.commit()
    headers = _headers(client, people, "hotelier")
    body = client.get(f"/api/v1/offers/{offer.id}/candidates", headers=headers).json()
    assert body["items"] == [] and body["withheld"] == 5


def test_candidates_are_for_the_employer_side_and_open_offers(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    offer = make_offer(session, organisation=people["hotel"])
    draft = make_offer(session, organisation=people["hotel"], status="draft")
    session.commit()
    caseworker = _headers(client, people, "caseworker")
    assert (
        client.get(f"/api/v1/offers/{offer.id}/candidates", headers=caseworker).status_code == 403
    )
    own = _headers(client, people, "hotelier")
    assert client.get(f"/api/v1/offers/{draft.id}/candidates", headers=own).status_code == 409
    assoc = _headers(client, people, "assoc_user")
    assert client.get(f"/api/v1/offers/{offer.id}/candidates", headers=assoc).status_code == 200
    assert (
        client.get(f"/api/v1/offers/{offer.id}/candidates?limit=0", headers=own).status_code == 422
    )


def test_routes_need_a_token(client: TestClient) -> None:
    for method, path in (
        ("get", "/api/v1/offers"),
        ("post", "/api/v1/offers"),
        ("get", "/api/v1/offers/1"),
        ("patch", "/api/v1/offers/1"),
        ("post", "/api/v1/offers/1/close"),
        ("get", "/api/v1/offers/1/candidates"),
        ("post", "/api/v1/offers/1/introductions"),
    ):
        response = getattr(client, method)(path)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_an_association_filters_by_member(
    client: TestClient, session: Session, people: dict[str, Any]
) -> None:
    association_id = people["assoc_user"].organisation_id
    make_offer(session, organisation=people["hotel"], title="At the hotel")
    make_offer(session, organisation=session.get(Organisation, association_id), title="Own")
    session.commit()
    headers = _headers(client, people, "assoc_user")
    everything = client.get("/api/v1/offers", headers=headers).json()
    assert everything["total"] == 2
    hotel = client.get(
        "/api/v1/offers", params={"organisation": people["hotel"].id}, headers=headers
    ).json()
    assert [o["title"] for o in hotel["items"]] == ["At the hotel"]


def test_an_exchange_id_is_kept_and_must_be_unique(
    client: TestClient, people: dict[str, Any]
) -> None:
    headers = _headers(client, people, "hotelier")
    first = client.post("/api/v1/offers", json={**BODY, "id": "HB-2027-01"}, headers=headers)
    assert first.status_code == 201 and first.json()["external_id"] == "HB-2027-01"
    again = client.post("/api/v1/offers", json={**BODY, "id": "HB-2027-01"}, headers=headers)
    assert again.status_code == 422 and "id" in again.json()["error"]["fields"]


def test_the_routes_are_in_the_openapi_schema_with_their_security(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    expected = {
        "/api/v1/offers": {"get", "post"},
        "/api/v1/offers/{offer_id}": {"get", "patch"},
        "/api/v1/offers/{offer_id}/close": {"post"},
        "/api/v1/offers/{offer_id}/candidates": {"get"},
        "/api/v1/offers/{offer_id}/introductions": {"post"},
        "/api/v1/organisations/{organisation_id}": {"get", "patch"},
    }
    for path, methods in expected.items():
        assert methods <= set(schema["paths"][path]), path
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation.get("security"), (path, method)
            assert "422" in operation["responses"]
