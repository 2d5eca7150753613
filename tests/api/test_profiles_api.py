"""The profile routes of the JSON API: the owning caseworkers do everything, everyone else
gets 404 (or 403 for lists), and bad input is a 422 with the field named."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.models import AuditEvent, Introduction, Profile
from tests.caseworker_world import FULL_NAME, World, make_world
from tests.factories import api_token

BODY = {
    "skills": [{"skill": "prepare vegetables", "level": "intermediate"}],
    "experience": [{"occupation": "kitchen porter", "years": 2}],
    "languages": [{"code": "it", "level": "B1"}],
    "regions": ["ITC1"],
    "work_permit": "yes",
    "wants": ["job"],
}


@pytest.fixture
def world(engine: Engine) -> World:
    with Session(engine, expire_on_commit=False) as session:
        return make_world(session)


def headers(client: TestClient, user_email: str) -> dict[str, str]:
    return api_token(client, user_email)


def test_create_read_patch_list(client: TestClient, world: World) -> None:
    h = headers(client, world.caseworker.email)
    created = client.post("/api/v1/profiles", json=BODY, headers=h)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["reference"].startswith("JM-") and isinstance(body["id"], int)
    assert body["consent"]["matching"] is False
    pid = body["id"]
    patched = client.patch(
        f"/api/v1/profiles/{pid}", json={"hours_per_week": 25, "status": "paused"}, headers=h
    )
    assert patched.status_code == 200 and patched.json()["hours_per_week"] == 25
    assert patched.json()["status"] == "paused"
    listed = client.get("/api/v1/profiles", headers=h).json()
    assert listed["total"] == 2
    assert {p["id"] for p in listed["items"]} == {pid, world.profile.id}


def test_bad_input_is_422_never_500(client: TestClient, world: World) -> None:
    h = headers(client, world.caseworker.email)
    bad = client.post(
        "/api/v1/profiles",
        json={**BODY, "regions": ["nowhere"], "languages": [{"code": "it", "level": "Z"}]},
        headers=h,
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid"
    leak = client.post(
        "/api/v1/profiles",
        json={**BODY, "skills": [{"skill": "contact ana@example.org"}]},
        headers=h,
    )
    assert leak.status_code == 422
    assert "e-mail address" in leak.json()["error"]["message"]
    assert "skills.0.skill" in leak.json()["error"]["fields"]
    too_many = client.get("/api/v1/profiles?per_page=500", headers=h)
    assert too_many.status_code == 422


def test_identity_round_trip_is_audited(client: TestClient, world: World, engine: Engine) -> None:
    h = headers(client, world.caseworker.email)
    pid = world.profile.id
    got = client.get(f"/api/v1/profiles/{pid}/identity", headers=h)
    assert got.status_code == 200 and got.json()["full_name"] == FULL_NAME
    put = client.put(
        f"/api/v1/profiles/{pid}/identity",
        json={"full_name": "Elira Hoxha", "phone": "+39 320 111 2222", "notes": "safe house"},
        headers=h,
    )
    assert put.status_code == 204
    assert client.get(f"/api/v1/profiles/{pid}/identity", headers=h).json()["phone"] == (
        "+39 320 111 2222"
    )
    bad = client.put(f"/api/v1/profiles/{pid}/identity", json={"phone": "1"}, headers=h)
    assert bad.status_code == 422 and "full_name" in bad.json()["error"]["fields"]
    with Session(engine) as session:
        reads = session.exec(select(AuditEvent).where(AuditEvent.action == "identity.read")).all()
        assert len(reads) == 2


def test_outsiders_get_404_for_profile_identity_consents(client: TestClient, world: World) -> None:
    pid = world.profile.id
    for outsider in world.outsiders:
        h = headers(client, outsider.email)
        for path in (
            f"/api/v1/profiles/{pid}",
            f"/api/v1/profiles/{pid}/identity",
            f"/api/v1/profiles/{pid}/consents",
            f"/api/v1/profiles/{pid}/matches",
        ):
            answer = client.get(path, headers=h)
            assert answer.status_code == 404, (outsider.role, path)
            assert FULL_NAME not in answer.text
        assert client.delete(f"/api/v1/profiles/{pid}", headers=h).status_code == 404
        assert (
            client.patch(f"/api/v1/profiles/{pid}", json={"remote_ok": True}, headers=h).status_code
            == 404
        )
        assert (
            client.put(
                f"/api/v1/profiles/{pid}/identity", json={"full_name": "X"}, headers=h
            ).status_code
            == 404
        )
    for role_user in (world.employer, world.coordinator, world.admin):
        h = headers(client, role_user.email)
        assert client.get("/api/v1/profiles", headers=h).status_code == 403
        assert client.post("/api/v1/profiles", json=BODY, headers=h).status_code == 403
    h = headers(client, world.other_caseworker.email)
    assert client.get("/api/v1/profiles", headers=h).json() == {"items": [], "total": 0}
    assert client.get(f"/api/v1/profiles/{pid}").status_code == 401


def test_consents_record_withdraw(client: TestClient, world: World, engine: Engine) -> None:
    h = headers(client, world.caseworker.email)
    pid = world.profile.id
    expires = (date.today() + timedelta(days=200)).isoformat()
    made = client.post(
        f"/api/v1/profiles/{pid}/consents",
        json={"scopes": ["matching"], "expires_on": expires, "obtained": "signed form"},
        headers=h,
    )
    assert made.status_code == 201 and made.json()["valid"] is True
    bad = client.post(
        f"/api/v1/profiles/{pid}/consents",
        json={"scopes": ["spam"], "expires_on": expires, "obtained": "x"},
        headers=h,
    )
    assert bad.status_code == 422
    listed = client.get(f"/api/v1/profiles/{pid}/consents", headers=h).json()
    assert listed["total"] == 2
    ask = client.post(
        f"/api/v1/offers/{world.offer.id}/introductions",
        json={"candidate": "will-not-resolve", "message": "hi"},
        headers=headers(client, world.employer.email),
    )
    assert ask.status_code in (404, 422)
    for consent in listed["items"]:
        answer = client.post(f"/api/v1/profiles/{pid}/consents/{consent['id']}/withdraw", headers=h)
        assert answer.status_code == 200 and answer.json()["valid"] is False
    again = client.post(
        f"/api/v1/profiles/{pid}/consents/{listed['items'][0]['id']}/withdraw", headers=h
    )
    assert again.status_code == 409
    assert client.get(f"/api/v1/profiles/{pid}", headers=h).json()["consent"] == {
        "matching": False,
        "introductions": False,
        "reporting": False,
    }


def test_matches_and_proposal(client: TestClient, world: World, engine: Engine) -> None:
    h = headers(client, world.caseworker.email)
    pid = world.profile.id
    found = client.get(f"/api/v1/profiles/{pid}/matches?limit=5", headers=h)
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert [i["offer"]["id"] for i in items] == [world.offer.id]
    assert items[0]["offer"]["employer"] == world.company.name
    assert set(items[0]["explanation"]) == {"matched", "missing", "related", "parts"}
    assert "training" in items[0]
    assert client.get(f"/api/v1/profiles/{pid}/matches?kind=training", headers=h).json() == {
        "items": [],
        "total": 0,
    }
    assert client.get(f"/api/v1/profiles/{pid}/matches?limit=0", headers=h).status_code == 422
    proposed = client.post(
        f"/api/v1/profiles/{pid}/proposals",
        json={"offer": world.offer.id, "message": "A careful worker."},
        headers=h,
    )
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["status"] == "requested"
    assert proposed.json()["initiated_by"] == "caseworker"
    leak = client.post(
        f"/api/v1/profiles/{pid}/proposals",
        json={"offer": world.offer.id, "message": "Ana is lovely"},
        headers=h,
    )
    assert leak.status_code == 422
    twice = client.post(
        f"/api/v1/profiles/{pid}/proposals", json={"offer": world.offer.id}, headers=h
    )
    assert twice.status_code == 409
    nowhere = client.post(f"/api/v1/profiles/{pid}/proposals", json={"offer": 9999}, headers=h)
    assert nowhere.status_code == 422


def test_delete_erases_for_good(client: TestClient, world: World, engine: Engine) -> None:
    h = headers(client, world.caseworker.email)
    pid = world.profile.id
    assert client.delete(f"/api/v1/profiles/{pid}", headers=h).status_code == 204
    assert client.get(f"/api/v1/profiles/{pid}", headers=h).status_code == 404
    assert client.get(f"/api/v1/profiles/{pid}/identity", headers=h).status_code == 404
    with Session(engine) as session:
        assert session.get(Profile, pid) is None
        assert session.exec(select(Introduction)).all() == []
