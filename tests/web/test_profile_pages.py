"""Caseworker profile pages: list, form (with the guard), detail, identity, consents, matches,
proposals and erasure; and what other roles and organisations must not see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.models import AuditEvent, Consent, Introduction, Profile
from tests.caseworker_world import FULL_NAME, PHONE, World, make_world
from tests.factories import csrf_from, web_login


@pytest.fixture
def world(engine: Engine) -> World:
    with Session(engine, expire_on_commit=False) as session:
        return make_world(session)


def login(client: TestClient, world: World) -> TestClient:
    return web_login(client, world.caseworker.email)


def test_caseworker_navigation_and_list(client: TestClient, world: World) -> None:
    page = login(client, world).get("/profiles")
    assert page.status_code == 200
    assert 'href="/profiles"' in page.text and 'href="/introductions"' in page.text
    assert world.profile.reference in page.text
    assert FULL_NAME not in page.text


def test_new_profile_form_saves_and_redirects(client: TestClient, world: World) -> None:
    login(client, world)
    form = client.get("/profiles/new")
    assert form.status_code == 200
    assert "must not identify the person" in form.text
    data = {
        "csrf_token": csrf_from(form.text),
        "skill_rows": "5",
        "skill_0": "prepare vegetables",
        "level_0": "advanced",
        "occupation_0": "kitchen porter",
        "years_0": "2",
        "language_0": "it",
        "langlevel_0": "B1",
        "regions": ["ITC11"],
        "excluded_regions": ["ITC4"],
        "excluded_sectors": ["R"],
        "hours_per_week": "30",
        "work_permit": "yes",
        "wants": ["job"],
        "needs": ["mentoring"],
    }
    saved = client.post("/profiles/new", data=data, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = client.get(saved.headers["location"])
    assert "The profile is saved" in page.text
    assert "prepare vegetables" in page.text and "Torino" in page.text


def test_identifying_text_is_refused_next_to_its_field(
    client: TestClient, world: World, engine: Engine
) -> None:
    login(client, world)
    form = client.get("/profiles/new")
    data = {
        "csrf_token": csrf_from(form.text),
        "skill_rows": "5",
        "skill_0": "cooking",
        "skill_2": "call me on +39 333 765 4321",
        "work_permit": "yes",
    }
    answer = client.post("/profiles/new", data=data)
    assert answer.status_code == 422
    assert "Nothing was saved: Skill 2 looks like it contains a phone number" in answer.text
    # Blank rows are dropped: the phone number is now the second skill shown, with its error.
    assert 'id="skill_1-error"' in answer.text and 'aria-invalid="true"' in answer.text
    assert 'value="call me on +39 333 765 4321"' in answer.text  # what was typed is kept
    with Session(engine) as session:
        assert len(session.exec(select(Profile)).all()) == 1


def test_edit_refuses_the_persons_own_name(client: TestClient, world: World) -> None:
    login(client, world)
    form = client.get(f"/profiles/{world.profile.id}/edit")
    assert form.status_code == 200
    answer = client.post(
        f"/profiles/{world.profile.id}/edit",
        data={
            "csrf_token": csrf_from(form.text),
            "skill_rows": "5",
            "skill_0": "cleaning for the Popescu household",
            "work_permit": "yes",
            "status": "active",
        },
    )
    assert answer.status_code == 422
    assert "this person&#39;s name" in answer.text or "this person's name" in answer.text
    assert FULL_NAME not in answer.text


def test_identity_page_is_audited_and_saves(
    client: TestClient, world: World, engine: Engine
) -> None:
    login(client, world)
    page = client.get(f"/profiles/{world.profile.id}/identity")
    assert page.status_code == 200 and FULL_NAME in page.text and PHONE in page.text
    assert page.headers["cache-control"] == "no-store"
    bad = client.post(
        f"/profiles/{world.profile.id}/identity",
        data={"csrf_token": csrf_from(page.text), "full_name": "", "phone": "123"},
    )
    assert bad.status_code == 422 and "Enter the person" in bad.text
    ok = client.post(
        f"/profiles/{world.profile.id}/identity",
        data={"csrf_token": csrf_from(page.text), "full_name": "Elira Hoxha", "phone": "123"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    with Session(engine) as session:
        reads = session.exec(select(AuditEvent).where(AuditEvent.action == "identity.read")).all()
        assert len(reads) == 1


def test_consent_record_and_withdraw(client: TestClient, world: World, engine: Engine) -> None:
    login(client, world)
    form = client.get(f"/profiles/{world.profile.id}/consents/new")
    token = csrf_from(form.text)
    bad = client.post(
        f"/profiles/{world.profile.id}/consents/new",
        data={"csrf_token": token, "expires_on": "2001-01-01", "obtained": ""},
    )
    assert bad.status_code == 422
    assert 'id="obtained-error"' in bad.text and 'id="expires_on-error"' in bad.text
    expires = (date.today() + timedelta(days=90)).isoformat()
    ok = client.post(
        f"/profiles/{world.profile.id}/consents/new",
        data={
            "csrf_token": token,
            "scopes": ["matching"],
            "expires_on": expires,
            "obtained": "in person",
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    with Session(engine) as session:
        consents = session.exec(select(Consent)).all()
    assert len(consents) == 2
    for consent in consents:
        gone = client.post(
            f"/profiles/{world.profile.id}/consents/{consent.id}/withdraw",
            data={"csrf_token": token},
        )
        assert gone.status_code == 200
    assert "no valid consent for matching" in gone.text


def test_matches_page_and_proposal(client: TestClient, world: World, engine: Engine) -> None:
    login(client, world)
    page = client.get(f"/profiles/{world.profile.id}/matches")
    assert page.status_code == 200
    assert world.offer.title in page.text and "Missing skills" in page.text
    assert world.company.name in page.text  # the employer of each match
    token = csrf_from(page.text)
    leak = client.post(
        f"/profiles/{world.profile.id}/proposals",
        data={"csrf_token": token, "offer": str(world.offer.id), "message": "Ana is great"},
    )
    assert leak.status_code == 422
    assert "this person" in leak.text and "Ana is great" in leak.text
    done = client.post(
        f"/profiles/{world.profile.id}/proposals",
        data={"csrf_token": token, "offer": str(world.offer.id), "message": "Reliable."},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/introductions/")
    filtered = client.get(f"/profiles/{world.profile.id}/matches?kind=training")
    assert "No open offer fits" in filtered.text


def test_erase_needs_the_reference(client: TestClient, world: World, engine: Engine) -> None:
    login(client, world)
    page = client.get(f"/profiles/{world.profile.id}/erase")
    token = csrf_from(page.text)
    wrong = client.post(
        f"/profiles/{world.profile.id}/erase", data={"csrf_token": token, "confirm": "nope"}
    )
    assert wrong.status_code == 422 and "Type the reference code exactly" in wrong.text
    done = client.post(
        f"/profiles/{world.profile.id}/erase",
        data={"csrf_token": token, "confirm": world.profile.reference},
    )
    assert done.status_code == 200 and "erased for good" in done.text
    with Session(engine) as session:
        assert session.get(Profile, world.profile.id) is None
        assert session.exec(select(Introduction)).all() == []


@pytest.mark.parametrize(
    "path",
    [
        "/profiles/{id}",
        "/profiles/{id}/edit",
        "/profiles/{id}/identity",
        "/profiles/{id}/consents/new",
        "/profiles/{id}/matches",
        "/profiles/{id}/erase",
    ],
)
def test_outsiders_get_404(client: TestClient, world: World, path: str) -> None:
    url = path.format(id=world.profile.id)
    for outsider in world.outsiders:
        client.cookies.clear()
        web_login(client, outsider.email)
        answer = client.get(url)
        assert answer.status_code == 404, (outsider.role, url)
        assert world.profile.reference not in answer.text
        assert FULL_NAME not in answer.text


def test_other_roles_have_no_profile_list(client: TestClient, world: World) -> None:
    for user in (world.employer, world.coordinator, world.admin):
        client.cookies.clear()
        web_login(client, user.email)
        assert client.get("/profiles").status_code == 403
        assert client.get("/profiles/new").status_code == 403
    client.cookies.clear()
    assert client.get("/profiles", follow_redirects=False).status_code == 303


def test_consent_states_on_the_profile_page(
    client: TestClient, world: World, engine: Engine
) -> None:
    today = date.today()
    with Session(engine) as session:
        for given, expires in (
            (today + timedelta(days=10), today + timedelta(days=400)),  # signed for next week
            (today - timedelta(days=400), today - timedelta(days=10)),
        ):
            session.add(
                Consent(
                    profile_id=world.profile.id,
                    scopes=["matching"],
                    given_on=given,
                    expires_on=expires,
                    obtained="in person",
                )
            )
        session.commit()
    page = login(client, world).get(f"/profiles/{world.profile.id}")
    assert page.status_code == 200
    assert page.text.count("Not valid yet") == 1
    assert page.text.count("Expired") == 1
