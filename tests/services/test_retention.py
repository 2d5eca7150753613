"""Erasure for good, with a tombstone; and the purge of inactive profiles."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.errors import NotFound
from jobmatch.models import AuditEvent, Consent, Identity, Introduction, OutcomeEvent, Profile
from jobmatch.services import introductions, outcomes, retention
from tests.caseworker_world import SETTINGS, make_world
from tests.factories import make_profile


def test_erase_removes_profile_identity_and_consents(session: Session) -> None:
    w = make_world(session)
    assert w.profile.id is not None
    profile_id = w.profile.id
    intro = introductions.request_introduction(
        session, actor=w.employer, offer=w.offer, profile=w.profile, message="hi", settings=SETTINGS
    )
    for outsider in w.outsiders:
        with pytest.raises(NotFound):
            retention.erase_profile(session, actor=outsider, profile_id=profile_id)
    retention.erase_profile(session, actor=w.caseworker, profile_id=profile_id)
    session.expire_all()
    assert session.get(Profile, profile_id) is None
    assert session.exec(select(Identity)).all() == []
    assert session.exec(select(Consent)).all() == []
    kept = session.get(Introduction, intro.id)
    assert kept is not None and kept.profile_id is None and kept.status == "expired"
    tombstone = session.exec(select(AuditEvent).where(AuditEvent.action == "profile.erased")).one()
    assert tombstone.object_id == profile_id and tombstone.detail == {"why": "request"}
    view = introductions.employer_view(
        session, actor=w.employer, introduction_id=intro.id or 0, settings=SETTINGS
    )
    assert view["disclosed"] == {} and view["candidate"] == "erased"


def test_purge_erases_only_long_inactive_profiles(session: Session) -> None:
    w = make_world(session)
    old = make_profile(
        session, organisation=w.ngo, last_activity_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    session.commit()
    assert retention.purge_inactive(session, settings=SETTINGS, today=date(2023, 6, 1)) == 1
    session.expire_all()
    assert session.get(Profile, old.id) is None
    assert session.get(Profile, w.profile.id) is not None


def test_months_before_clamps_to_the_month_end() -> None:
    assert retention.months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert retention.months_before(date(2026, 1, 15), 24) == date(2024, 1, 15)


@pytest.mark.parametrize("approve_first", [False, True])
def test_erase_on_both_databases(db_engine: Engine, approve_first: bool) -> None:
    """Erasure clears every link to the person with the foreign keys of each database."""
    with Session(db_engine, expire_on_commit=False) as session:
        w = make_world(session)
        assert w.profile.id is not None
        profile_id = w.profile.id
        intro = introductions.request_introduction(
            session,
            actor=w.employer,
            offer=w.offer,
            profile=w.profile,
            message=None,
            settings=SETTINGS,
        )
        assert intro.id is not None
        if approve_first:
            introductions.approve(
                session,
                actor=w.caseworker,
                settings=SETTINGS,
                introduction_id=intro.id,
                disclose=["phone"],
            )
            outcomes.record_outcome(
                session,
                actor=w.caseworker,
                introduction_id=intro.id,
                kind="interview",
                on=date.today(),
            )
        retention.erase_profile(session, actor=w.caseworker, profile_id=profile_id)
    with Session(db_engine) as check:
        assert check.get(Profile, profile_id) is None
        assert check.exec(select(Identity)).all() == []
        kept = check.get(Introduction, intro.id)
        assert kept is not None and kept.profile_id is None
        assert kept.status == ("withdrawn" if approve_first else "expired")
        assert all(e.profile_id is None for e in check.exec(select(OutcomeEvent)).all())
