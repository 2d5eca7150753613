"""Outcomes of approved introductions and the retention check-ins they make due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from jobmatch.errors import Invalid, NotFound
from jobmatch.models import Introduction
from jobmatch.services import introductions, outcomes
from tests.caseworker_world import SETTINGS, World, make_world


def approved(session: Session, w: World) -> Introduction:
    intro = introductions.request_introduction(
        session, actor=w.employer, offer=w.offer, profile=w.profile, message=None, settings=SETTINGS
    )
    assert intro.id is not None
    return introductions.approve(
        session, actor=w.caseworker, settings=SETTINGS, introduction_id=intro.id, disclose=["phone"]
    )


def test_outcomes_only_for_approved_and_well_formed(session: Session) -> None:
    w = make_world(session)
    intro = introductions.request_introduction(
        session, actor=w.employer, offer=w.offer, profile=w.profile, message=None, settings=SETTINGS
    )
    assert intro.id is not None
    with pytest.raises(Invalid):
        outcomes.record_outcome(
            session, actor=w.caseworker, introduction_id=intro.id, kind="hired", on=date.today()
        )
    intro = introductions.approve(
        session, actor=w.caseworker, settings=SETTINGS, introduction_id=intro.id, disclose=["phone"]
    )
    assert intro.id is not None
    with pytest.raises(Invalid) as caught:
        outcomes.record_outcome(
            session, actor=w.caseworker, introduction_id=intro.id, kind="ended", on=date.today()
        )
    assert "reason" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        outcomes.record_outcome(
            session,
            actor=w.caseworker,
            introduction_id=intro.id,
            kind="hired",
            on=date.today() + timedelta(days=3),
        )
    assert "date" in caught.value.fields
    interview = outcomes.record_outcome(
        session,
        actor=w.employer,
        introduction_id=intro.id,
        kind="interview",
        on=date.today() + timedelta(days=3),
    )
    assert interview.organisation_id == w.ngo.id
    for outsider in (w.other_caseworker, w.other_employer, w.coordinator):
        with pytest.raises(NotFound):
            outcomes.record_outcome(
                session, actor=outsider, introduction_id=intro.id, kind="hired", on=date.today()
            )


def test_checkins_fall_due_after_a_start_until_the_end(session: Session) -> None:
    w = make_world(session)
    intro = approved(session, w)
    assert intro.id is not None
    start = date.today() - timedelta(days=100)
    outcomes.record_outcome(
        session, actor=w.caseworker, introduction_id=intro.id, kind="started", on=start
    )
    assert w.profile.status == "placed"
    due = outcomes.due_checkins(session, actor=w.caseworker)
    assert [c.months for c in due] == [1, 3]
    assert outcomes.due_checkins(session, actor=w.other_caseworker) == []
    outcomes.record_outcome(
        session,
        actor=w.colleague,
        introduction_id=intro.id,
        kind="retained",
        on=date.today(),
        months=1,
    )
    assert [c.months for c in outcomes.due_checkins(session, actor=w.caseworker)] == [3]
    later = outcomes.due_checkins(session, actor=w.caseworker, today=start + timedelta(days=400))
    assert [c.months for c in later] == [3, 6, 12]
    outcomes.record_outcome(
        session,
        actor=w.caseworker,
        introduction_id=intro.id,
        kind="ended",
        on=date.today(),
        reason="resigned",
    )
    assert outcomes.due_checkins(session, actor=w.caseworker) == []
