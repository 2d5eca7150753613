"""Introductions: the state machine, disclosure at view time, and one winner per decision."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.errors import Conflict, Forbidden, Invalid, NotFound
from jobmatch.models import AuditEvent, Consent, Introduction, Organisation, User
from jobmatch.services import introductions
from tests.caseworker_world import SETTINGS, World, make_world
from tests.factories import make_consent, make_offer, make_profile


def ask(session: Session, w: World) -> Introduction:
    return introductions.request_introduction(
        session,
        actor=w.employer,
        offer=w.offer,
        profile=w.profile,
        message="We would like to meet.",
        settings=SETTINGS,
    )


def test_request_then_approve_discloses_exactly_the_chosen_fields(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.status == "requested"
    assert intro.id is not None
    before = introductions.employer_view(
        session, actor=w.employer, introduction_id=intro.id, settings=SETTINGS
    )
    assert before["disclosed"] == {}
    assert "profile" not in before
    introductions.approve(
        session,
        actor=w.caseworker,
        settings=SETTINGS,
        introduction_id=intro.id,
        disclose=["first_name", "phone"],
        note="Prefers mornings.",
    )
    view = introductions.employer_view(
        session, actor=w.employer, introduction_id=intro.id, settings=SETTINGS
    )
    assert view["status"] == "approved"
    assert view["disclosed"] == {
        "first_name": "Ana",
        "phone": "+39 333 1234567",
        "note": "Prefers mornings.",
    }
    assert view["candidate"] == introductions.candidate_ref(SETTINGS, w.offer.id or 0, w.profile.id)
    reads = session.exec(
        select(AuditEvent).where(AuditEvent.action == "introduction.disclosure_read")
    ).all()
    assert len(reads) == 1
    assert "Ana" not in str(reads[0].detail) and reads[0].detail["fields"] == [
        "first_name",
        "note",
        "phone",
    ]


def test_withdrawing_the_approval_stops_access(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.id is not None
    introductions.approve(
        session, actor=w.caseworker, settings=SETTINGS, introduction_id=intro.id, disclose=["phone"]
    )
    introductions.withdraw(session, actor=w.caseworker, introduction_id=intro.id, settings=SETTINGS)
    view = introductions.employer_view(
        session, actor=w.employer, introduction_id=intro.id, settings=SETTINGS
    )
    assert view["status"] == "withdrawn"
    assert view["disclosed"] == {}


def test_decline_keeps_the_caseworker_note_from_the_employer(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.id is not None
    introductions.decline(
        session,
        actor=w.caseworker,
        introduction_id=intro.id,
        reason="safety_concern",
        note="Employer near her former exploiter.",
    )
    view = introductions.employer_view(
        session, actor=w.employer, introduction_id=intro.id, settings=SETTINGS
    )
    assert view["decline_reason"] == "safety_concern"
    assert "exploiter" not in str(view)
    with pytest.raises(Invalid):
        introductions.decline(
            session, actor=w.caseworker, introduction_id=intro.id, reason="because"
        )


def test_a_second_decision_is_a_conflict(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.id is not None
    introductions.decline(
        session, actor=w.colleague, introduction_id=intro.id, reason="not_ready", version=1
    )
    with pytest.raises(Conflict) as caught:
        introductions.approve(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            introduction_id=intro.id,
            disclose=["phone"],
            version=1,
        )
    assert "declined" in caught.value.message
    assert session.get(Introduction, intro.id).status == "declined"  # type: ignore[union-attr]


def test_no_introduction_without_consent(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.id is not None
    for consent in session.exec(select(Consent)).all():
        consent.withdrawn_at = datetime.now(UTC)
        session.add(consent)
    session.commit()
    with pytest.raises(Conflict):
        introductions.approve(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            introduction_id=intro.id,
            disclose=["phone"],
        )
    other_company = session.get(Organisation, w.other_employer.organisation_id)
    assert other_company is not None
    with pytest.raises(Conflict):
        introductions.request_introduction(
            session,
            actor=w.other_employer,
            offer=make_offer(session, organisation=other_company),
            profile=w.profile,
            message=None,
            settings=SETTINGS,
        )


def test_approval_needs_a_field_that_is_recorded(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.id is not None
    with pytest.raises(Invalid) as caught:
        introductions.approve(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            introduction_id=intro.id,
            disclose=["email"],
        )
    assert "email" in caught.value.fields["disclose"]
    with pytest.raises(Invalid):
        introductions.approve(
            session, actor=w.caseworker, settings=SETTINGS, introduction_id=intro.id, disclose=[]
        )


def test_who_sees_what(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert intro.id is not None
    for outsider in (w.other_caseworker, w.coordinator):
        with pytest.raises((NotFound, Forbidden)):
            introductions.view_for_actor(
                session, actor=outsider, introduction_id=intro.id, settings=SETTINGS
            )
    with pytest.raises(NotFound):
        introductions.employer_view(
            session, actor=w.other_employer, introduction_id=intro.id, settings=SETTINGS
        )
    with pytest.raises(NotFound):
        introductions.approve(
            session,
            actor=w.other_caseworker,
            settings=SETTINGS,
            introduction_id=intro.id,
            disclose=["phone"],
        )
    assert introductions.list_for_employer(session, actor=w.other_employer) == []
    assert [i["id"] for i in introductions.list_for_employer(session, actor=w.employer)] == [
        intro.id
    ]
    assert all(
        "profile" not in row for row in introductions.list_for_employer(session, actor=w.employer)
    )
    assert introductions.list_for_caseworker(session, actor=w.other_caseworker) == []
    assert len(introductions.list_for_caseworker(session, actor=w.colleague)) == 1
    with pytest.raises(Forbidden):
        introductions.list_for_actor(session, actor=w.coordinator)


def test_duplicate_request_is_a_conflict(session: Session) -> None:
    w = make_world(session)
    ask(session, w)
    with pytest.raises(Conflict):
        ask(session, w)


def test_proposal_by_the_caseworker(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None and w.offer.id is not None
    intro = introductions.propose(
        session,
        actor=w.caseworker,
        profile_id=w.profile.id,
        offer_id=w.offer.id,
        message="Good fit",
    )
    assert intro.initiated_by == "caseworker"
    assert intro.status == "requested"
    with pytest.raises(NotFound):
        introductions.propose(
            session,
            actor=w.other_caseworker,
            profile_id=w.profile.id,
            offer_id=w.offer.id,
            message=None,
        )


@pytest.mark.postgres
def test_two_caseworkers_deciding_at_once_one_wins(db_engine: Engine) -> None:
    with Session(db_engine, expire_on_commit=False) as session:
        w = make_world(session)
        intro = ask(session, w)
        intro_id = intro.id
        assert intro_id is not None
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def decide(name: str, user: User) -> None:
        with Session(db_engine, expire_on_commit=False) as own:
            actor = own.get(User, user.id)
            own.get(Introduction, intro_id)
            barrier.wait()
            try:
                if name == "approve":
                    introductions.approve(
                        own,
                        actor=actor,
                        settings=SETTINGS,
                        introduction_id=intro_id,
                        disclose=["phone"],
                        version=1,
                    )
                else:
                    introductions.decline(
                        own, actor=actor, introduction_id=intro_id, reason="not_ready", version=1
                    )
                results[name] = "won"
            except Conflict as exc:
                results[name] = exc.message

    threads = [
        threading.Thread(target=decide, args=("approve", w.caseworker)),
        threading.Thread(target=decide, args=("decline", w.colleague)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(v == "won" for v in results.values()) == [False, True]
    loser = next(v for v in results.values() if v != "won")
    assert "Someone else changed this introduction" in loser
    with Session(db_engine) as check:
        final = check.get(Introduction, intro_id)
        assert final is not None and final.version == 2
        decided = check.exec(
            select(AuditEvent).where(AuditEvent.object_type == "introduction")
        ).all()
        assert [e.action for e in decided].count("introduction.requested") == 1
        assert (
            len(
                [
                    e
                    for e in decided
                    if e.action in ("introduction.approved", "introduction.declined")
                ]
            )
            == 1
        )


def test_closing_an_offer_expires_its_pending_requests(session: Session) -> None:
    w = make_world(session)
    intro = ask(session, w)
    assert w.offer.id is not None and intro.id is not None
    w.offer.status = "closed"
    assert (
        introductions.close_for_offer(session, actor=w.employer, offer_id=w.offer.id, why="closed")
        == 1
    )
    session.commit()
    assert session.get(Introduction, intro.id).status == "expired"  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        introductions.approve(
            session,
            actor=w.caseworker,
            settings=SETTINGS,
            introduction_id=intro.id,
            disclose=["phone"],
        )


def test_a_caseworkers_page_of_introductions_is_one_query(session: Session, engine: Engine) -> None:
    w = make_world(session)
    ask(session, w)
    for _ in range(2):
        person = make_profile(session, organisation=w.ngo)
        make_consent(session, profile=person)
        introductions.request_introduction(
            session,
            actor=w.employer,
            offer=w.offer,
            profile=person,
            message=None,
            settings=SETTINGS,
        )
    session.commit()
    session.expunge_all()
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        rows, total = introductions.page_for_caseworker(session, actor=w.caseworker)
        shown = [row.as_dict() for row in rows]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert total == 3 and len(statements) == 1
    assert {row["reference"] for row in shown} >= {w.profile.reference}
    assert {row["offer_title"] for row in shown} == {w.offer.title}
    assert {row["employer"] for row in shown} == {w.company.name}
