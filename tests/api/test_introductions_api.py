"""The introduction routes: each side sees its own, decisions are one-shot (409 after), the
employer sees exactly the disclosed fields, and outcomes follow approval."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from jobmatch.models import Offer, Profile, User
from jobmatch.services import introductions
from tests.caseworker_world import FULL_NAME, PHONE, SETTINGS, World, make_world
from tests.factories import api_token, make_consent, make_profile


@pytest.fixture
def world(engine: Engine) -> World:
    with Session(engine, expire_on_commit=False) as session:
        return make_world(session)


def request(engine: Engine, world: World) -> int:
    with Session(engine, expire_on_commit=False) as session:
        intro = introductions.request_introduction(
            session,
            actor=session.get(User, world.employer.id),
            offer=session.get(Offer, world.offer.id),  # type: ignore[arg-type]
            profile=session.get(Profile, world.profile.id),  # type: ignore[arg-type]
            message="Can we meet on Monday?",
            settings=SETTINGS,
        )
        assert intro.id is not None
        return intro.id


def test_approval_shows_the_employer_exactly_the_disclosed_fields(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = request(engine, world)
    cw = api_token(client, world.caseworker.email)
    emp = api_token(client, world.employer.email)
    listed = client.get("/api/v1/introductions", headers=emp).json()
    assert listed["total"] == 1
    row = listed["items"][0]
    assert "profile" not in row and "reference" not in row and "decision_note" not in row
    assert row["candidate"] and row["status"] == "requested"
    before = client.get(f"/api/v1/introductions/{iid}", headers=emp).json()
    assert before["disclosed"] == {}
    inbox = client.get("/api/v1/introductions", headers=cw).json()
    assert inbox["items"][0]["profile"] == world.profile.id
    assert inbox["items"][0]["message"] == "Can we meet on Monday?"
    approved = client.post(
        f"/api/v1/introductions/{iid}/approve",
        json={"disclose": ["full_name", "phone"], "version": inbox["items"][0]["version"]},
        headers=cw,
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["disclosed_fields"] == ["full_name", "phone"]
    seen = client.get(f"/api/v1/introductions/{iid}", headers=emp).json()
    assert seen["disclosed"] == {"full_name": FULL_NAME, "phone": PHONE}
    assert "best_time" not in seen["disclosed"]
    again = client.post(
        f"/api/v1/introductions/{iid}/decline", json={"reason": "other"}, headers=cw
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert "approved" in again.json()["error"]["message"]
    withdrawn = client.post(f"/api/v1/introductions/{iid}/withdraw", headers=cw)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    after = client.get(f"/api/v1/introductions/{iid}", headers=emp).json()
    assert after["disclosed"] == {}
    assert FULL_NAME not in client.get(f"/api/v1/introductions/{iid}", headers=emp).text


def test_decline_reason_reaches_the_employer_but_not_the_note(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = request(engine, world)
    cw = api_token(client, world.caseworker.email)
    bad = client.post(f"/api/v1/introductions/{iid}/decline", json={"reason": "meh"}, headers=cw)
    assert bad.status_code == 422
    done = client.post(
        f"/api/v1/introductions/{iid}/decline",
        json={"reason": "safety_concern", "note": "too close to where she was exploited"},
        headers=cw,
    )
    assert done.status_code == 200 and done.json()["decision_note"]
    seen = client.get(
        f"/api/v1/introductions/{iid}", headers=api_token(client, world.employer.email)
    )
    assert seen.json()["decline_reason"] == "safety_concern"
    assert "exploited" not in seen.text


def test_outsiders_see_nothing(client: TestClient, world: World, engine: Engine) -> None:
    iid = request(engine, world)
    for outsider in (world.other_caseworker, world.other_employer):
        h = api_token(client, outsider.email)
        assert client.get("/api/v1/introductions", headers=h).json()["total"] == 0
        assert client.get(f"/api/v1/introductions/{iid}", headers=h).status_code == 404
        answer = client.post(
            f"/api/v1/introductions/{iid}/approve", json={"disclose": ["phone"]}, headers=h
        )
        assert answer.status_code == 404
    for staff in (world.coordinator, world.admin):
        h = api_token(client, staff.email)
        assert client.get("/api/v1/introductions", headers=h).status_code == 403
        assert client.get(f"/api/v1/introductions/{iid}", headers=h).status_code == 403
    emp = api_token(client, world.employer.email)
    answer = client.post(
        f"/api/v1/introductions/{iid}/approve", json={"disclose": ["phone"]}, headers=emp
    )
    assert answer.status_code == 404


def test_employer_withdraws_its_request(client: TestClient, world: World, engine: Engine) -> None:
    iid = request(engine, world)
    emp = api_token(client, world.employer.email)
    answer = client.post(f"/api/v1/introductions/{iid}/withdraw", headers=emp)
    assert answer.status_code == 200 and answer.json()["status"] == "withdrawn"
    assert "profile" not in answer.json()


def test_outcomes_and_checkins(client: TestClient, world: World, engine: Engine) -> None:
    iid = request(engine, world)
    cw = api_token(client, world.caseworker.email)
    early = client.post(
        f"/api/v1/introductions/{iid}/outcomes",
        json={"kind": "hired", "date": date.today().isoformat()},
        headers=cw,
    )
    assert early.status_code == 422
    client.post(f"/api/v1/introductions/{iid}/approve", json={"disclose": ["phone"]}, headers=cw)
    start = (date.today() - timedelta(days=40)).isoformat()
    started = client.post(
        f"/api/v1/introductions/{iid}/outcomes",
        json={"kind": "started", "date": start},
        headers=cw,
    )
    assert started.status_code == 201, started.text
    due = client.get("/api/v1/checkins", headers=cw).json()
    assert [(c["introduction"], c["months"]) for c in due["items"]] == [(iid, 1)]
    no_reason = client.post(
        f"/api/v1/introductions/{iid}/outcomes",
        json={"kind": "ended", "date": date.today().isoformat()},
        headers=cw,
    )
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]["fields"]
    ended = client.post(
        f"/api/v1/introductions/{iid}/outcomes",
        json={"kind": "ended", "date": date.today().isoformat(), "reason": "relocated"},
        headers=api_token(client, world.employer.email),
    )
    assert ended.status_code == 201
    assert client.get("/api/v1/checkins", headers=cw).json()["total"] == 0
    listed = client.get(f"/api/v1/introductions/{iid}/outcomes", headers=cw).json()
    assert [o["kind"] for o in listed["items"]] == ["started", "ended"]
    other = api_token(client, world.other_caseworker.email)
    assert client.get(f"/api/v1/introductions/{iid}/outcomes", headers=other).status_code == 404
    assert client.get("/api/v1/checkins", headers=other).json()["total"] == 0


def _three_requests(engine: Engine, world: World) -> list[int]:
    """Three introductions for three profiles of the world's NGO, oldest first."""
    made = [request(engine, world)]
    with Session(engine, expire_on_commit=False) as session:
        for _ in range(2):
            person = make_profile(session, organisation=world.ngo)
            make_consent(session, profile=person)
            intro = introductions.request_introduction(
                session,
                actor=session.get(User, world.employer.id),
                offer=session.get(Offer, world.offer.id),  # type: ignore[arg-type]
                profile=person,
                message=None,
                settings=SETTINGS,
            )
            assert intro.id is not None
            made.append(intro.id)
    return made


def test_lists_come_in_pages_on_both_sides(
    client: TestClient, world: World, engine: Engine
) -> None:
    made = _three_requests(engine, world)
    newest_first = sorted(made, reverse=True)
    for email in (world.caseworker.email, world.employer.email):
        h = api_token(client, email)
        first = client.get("/api/v1/introductions?per_page=2", headers=h).json()
        second = client.get("/api/v1/introductions?per_page=2&page=2", headers=h).json()
        beyond = client.get("/api/v1/introductions?per_page=2&page=3", headers=h).json()
        assert (first["total"], second["total"], beyond["total"]) == (3, 3, 3), email
        assert [r["id"] for r in first["items"] + second["items"]] == newest_first, email
        assert beyond["items"] == []
