"""The caseworker's introductions pages: inbox, decision forms (approve with a choice of
fields, decline with a reason), conflicts, withdrawal, outcomes and check-ins due."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.models import Introduction, Offer, Profile, User
from jobmatch.services import introductions, matching
from jobmatch.web.routes import caseworker_introductions, employer_introductions
from tests.caseworker_world import FULL_NAME, PHONE, SETTINGS, World, make_world
from tests.factories import csrf_from, make_consent, make_profile, web_login


@pytest.fixture(autouse=True)
def quick_matching(monkeypatch: pytest.MonkeyPatch) -> None:
    """These pages show the match of one offer; a fixed answer keeps the tests fast (the
    matching itself is tested with the services)."""

    def offers_for_profile(session: Session, *, profile: Profile, **_: object) -> list[Any]:
        offers = session.exec(select(Offer)).all()
        explanation = matching.Explanation(
            matched=[matching.SkillRef(None, "prepare vegetables")],
            missing=[matching.SkillRef(None, "use dishwashing machines")],
            related=[],
            parts={"essential_skills": 40.0, "place": 20.0},
        )
        return [matching.OfferMatch(o, 60.0, explanation, []) for o in offers]

    monkeypatch.setattr(matching, "offers_for_profile", offers_for_profile)


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
            message="We would like to meet her next week.",
            settings=SETTINGS,
        )
        assert intro.id is not None
        return intro.id


def test_inbox_lists_requests_with_offer_and_message(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = request(engine, world)
    web_login(client, world.caseworker.email)
    inbox = client.get("/introductions?status=requested")
    assert inbox.status_code == 200
    assert world.offer.title in inbox.text and "Waiting for your decision" in inbox.text
    page = client.get(f"/introductions/{iid}")
    assert page.status_code == 200
    assert "We would like to meet her next week." in page.text
    assert "How well it fits: 60 / 100" in page.text
    assert "use dishwashing machines" in page.text
    assert "What may this employer know, for this offer only?" in page.text
    assert FULL_NAME not in page.text


def test_approve_requires_a_field_then_shows_what_was_disclosed(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = request(engine, world)
    web_login(client, world.caseworker.email)
    page = client.get(f"/introductions/{iid}")
    token = csrf_from(page.text)
    empty = client.post(f"/introductions/{iid}/approve", data={"csrf_token": token, "version": "1"})
    assert empty.status_code == 422
    assert 'id="disclose-error"' in empty.text
    ok = client.post(
        f"/introductions/{iid}/approve",
        data={"csrf_token": token, "version": "1", "disclose": ["first_name", "phone"]},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    after = client.get(ok.headers["location"])
    assert "Approved: the employer now sees what you chose to disclose." in after.text
    assert "Withdraw the approval" in after.text
    # A second caseworker who loaded the page before the approval gets a clear conflict.
    late = client.post(
        f"/introductions/{iid}/decline",
        data={"csrf_token": token, "version": "1", "reason": "not_ready"},
    )
    assert late.status_code == 409
    assert "Someone else changed this introduction in the meantime: it is now approved" in (
        late.text
    )


def test_decline_with_reason_and_withdraw(client: TestClient, world: World, engine: Engine) -> None:
    iid = request(engine, world)
    web_login(client, world.caseworker.email)
    token = csrf_from(client.get(f"/introductions/{iid}").text)
    no_reason = client.post(
        f"/introductions/{iid}/decline", data={"csrf_token": token, "version": "1"}
    )
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.text
    done = client.post(
        f"/introductions/{iid}/decline",
        data={
            "csrf_token": token,
            "version": "1",
            "reason": "safety_concern",
            "decline_note": "Too near.",
        },
    )
    assert done.status_code == 200 and "Safety concern" in done.text
    with Session(engine) as session:
        intro = session.get(Introduction, iid)
        assert intro is not None and intro.status == "declined"
    again = client.post(f"/introductions/{iid}/withdraw", data={"csrf_token": token})
    assert again.status_code == 409


def test_outcomes_and_checkins_due(client: TestClient, world: World, engine: Engine) -> None:
    iid = request(engine, world)
    web_login(client, world.caseworker.email)
    token = csrf_from(client.get(f"/introductions/{iid}").text)
    client.post(
        f"/introductions/{iid}/approve",
        data={"csrf_token": token, "disclose": ["phone"]},
    )
    bad = client.post(
        f"/introductions/{iid}/outcomes",
        data={"csrf_token": token, "kind": "ended", "date": date.today().isoformat()},
    )
    assert bad.status_code == 422 and 'id="outcome_reason-error"' in bad.text
    start = (date.today() - timedelta(days=35)).isoformat()
    ok = client.post(
        f"/introductions/{iid}/outcomes",
        data={"csrf_token": token, "kind": "started", "date": start},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    due = client.get("/outcomes")
    assert due.status_code == 200
    assert world.profile.reference in due.text and "<td>1 month</td>" in due.text
    checked = client.post(
        f"/introductions/{iid}/outcomes",
        data={
            "csrf_token": token,
            "kind": "retained",
            "months": "1",
            "date": date.today().isoformat(),
            "back": "outcomes",
        },
    )
    assert checked.status_code == 200
    assert "The outcome is recorded." in checked.text and "No check-in is due." in checked.text


def test_outsiders_get_404_on_introduction_pages(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = request(engine, world)
    web_login(client, world.other_caseworker.email)
    assert client.get(f"/introductions/{iid}").status_code == 404
    assert world.offer.title not in client.get("/introductions").text
    token = csrf_from(client.get("/introductions").text)
    answer = client.post(
        f"/introductions/{iid}/approve", data={"csrf_token": token, "disclose": ["phone"]}
    )
    assert answer.status_code == 404
    for user in (world.employer, world.coordinator, world.admin):
        client.cookies.clear()
        web_login(client, user.email)
        assert client.get("/introductions").status_code == 403
        assert client.get("/outcomes").status_code == 403


def test_employer_page_shows_exactly_the_disclosed_fields(
    client: TestClient, world: World, engine: Engine
) -> None:
    iid = request(engine, world)
    web_login(client, world.caseworker.email)
    token = csrf_from(client.get(f"/introductions/{iid}").text)
    client.post(
        f"/introductions/{iid}/approve",
        data={
            "csrf_token": token,
            "disclose": ["first_name", "best_time", "note"],
            "note": "Meet at our office first.",
        },
    )
    client.cookies.clear()
    web_login(client, world.employer.email)
    page = client.get(f"/inbox/{iid}")
    assert page.status_code == 200
    assert "Ana" in page.text and "mornings" in page.text
    assert "Meet at our office first." in page.text
    assert FULL_NAME not in page.text and PHONE not in page.text
    client.cookies.clear()
    web_login(client, world.caseworker.email)
    token = csrf_from(client.get(f"/introductions/{iid}").text)
    withdrawn = client.post(f"/introductions/{iid}/withdraw", data={"csrf_token": token})
    assert "the employer no longer sees anything disclosed" in withdrawn.text
    client.cookies.clear()
    web_login(client, world.employer.email)
    after = client.get(f"/inbox/{iid}")
    assert "Meet at our office first." not in after.text and "mornings" not in after.text


def test_both_inboxes_come_in_pages(
    client: TestClient, world: World, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caseworker_introductions, "PER_PAGE", 2)
    monkeypatch.setattr(employer_introductions, "PER_PAGE", 2)
    made = [request(engine, world)]
    with Session(engine, expire_on_commit=False) as session:
        for _ in range(2):
            person = make_profile(session, organisation=world.ngo)
            make_consent(session, profile=person)
            made.append(
                introductions.request_introduction(
                    session,
                    actor=session.get(User, world.employer.id),
                    offer=session.get(Offer, world.offer.id),  # type: ignore[arg-type]
                    profile=person,
                    message=None,
                    settings=SETTINGS,
                ).id
                or 0
            )
    oldest, middle, newest = made
    for email, address, link in (
        (world.caseworker.email, "/introductions", "/introductions/"),
        (world.employer.email, "/inbox", "/inbox/"),
    ):
        client.cookies.clear()
        web_login(client, email)
        first = client.get(address).text
        assert f'href="{link}{newest}"' in first and f'href="{link}{middle}"' in first
        assert f'href="{link}{oldest}"' not in first and "Next page" in first
        second = client.get(f"{address}?page=2").text
        assert f'href="{link}{oldest}"' in second and f'href="{link}{newest}"' not in second
        assert "Next page" not in second
