"""What happened after an introduction: interview, hired, started, training, retention, end.

Retention check-ins are due 1, 3, 6 and 12 months after a start, until the placement ends; the
due ones appear on the caseworker's list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from jobmatch.errors import Invalid, NotFound
from jobmatch.models import Introduction, Offer, Organisation, OutcomeEvent, Profile, User
from jobmatch.models._common import utcnow
from jobmatch.models.enums import (
    EndReason,
    IntroductionStatus,
    OutcomeKind,
    ProfileStatus,
)
from jobmatch.policy import (
    EMPLOYER_SIDE,
    require_caseworker,
    require_introduction_caseworker,
    require_introduction_employer,
)
from jobmatch.services import audit, matching

CHECKIN_MONTHS = (1, 3, 6, 12)
# A planned interview may be recorded ahead; everything else has happened.
FUTURE_ALLOWED: dict[str, timedelta] = {OutcomeKind.INTERVIEW: timedelta(days=366)}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def _introduction_for(
    session: Session, actor: User | None, introduction_id: int
) -> tuple[User, Introduction, Profile | None]:
    introduction = session.get(Introduction, introduction_id)
    if introduction is None:
        raise NotFound("No such introduction.")
    profile = session.get(Profile, introduction.profile_id) if introduction.profile_id else None
    if actor is not None and actor.role in EMPLOYER_SIDE:
        offer = session.get(Offer, introduction.offer_id)
        owner = session.get(Organisation, offer.organisation_id) if offer else None
        return require_introduction_employer(actor, offer, owner), introduction, profile
    return require_introduction_caseworker(actor, profile), introduction, profile


def record_outcome(
    session: Session,
    *,
    actor: User | None,
    introduction_id: int,
    kind: str,
    on: date | None,
    reason: str | None = None,
    months: int | None = None,
) -> OutcomeEvent:
    """Record an outcome of an approved introduction (its caseworkers or its employer)."""
    user, introduction, profile = _introduction_for(session, actor, introduction_id)
    fields: dict[str, str] = {}
    if kind not in OutcomeKind.__members__.values():
        fields["kind"] = "Choose what happened from the list."
    if on is None:
        fields["date"] = "Give the date."
    elif on > date.today() + FUTURE_ALLOWED.get(kind, timedelta(0)):
        fields["date"] = "This date is in the future."
    reason = (reason or "").strip() or None
    if kind == OutcomeKind.ENDED:
        if reason not in EndReason.__members__.values():
            fields["reason"] = "Choose why it ended."
    elif reason is not None:
        fields["reason"] = "A reason is only given when a placement ended."
    if kind == OutcomeKind.RETAINED:
        if months not in CHECKIN_MONTHS:
            fields["months"] = "Choose 1, 3, 6 or 12 months."
    else:
        months = None
    if fields:
        raise Invalid("The outcome was not recorded: check the fields.", fields)
    if introduction.status != IntroductionStatus.APPROVED:
        raise Invalid(
            "Outcomes are recorded for approved introductions only.",
            {"kind": "This introduction was not approved."},
        )
    assert on is not None
    offer = session.get(Offer, introduction.offer_id)
    event = OutcomeEvent(
        introduction_id=introduction.id,
        profile_id=introduction.profile_id,
        offer_id=introduction.offer_id,
        organisation_id=profile.organisation_id if profile else None,
        kind=kind,
        date=on,
        months=months,
        reason=reason,
        recorded_by_id=user.id,
    )
    session.add(event)
    session.flush()
    if kind == OutcomeKind.STARTED and profile is not None:
        # A person in work is not matched to more offers until the caseworker says so.
        profile.status = ProfileStatus.PLACED
        matching.mark_changed(session, profile=profile)
    if profile is not None:
        profile.last_activity_at = utcnow()
        session.add(profile)
    audit.record(
        session,
        actor=user,
        action="outcome.recorded",
        object_type="introduction",
        object_id=introduction.id,
        kind=kind,
        offer_id=offer.id if offer else None,
    )
    session.commit()
    return event


def list_outcomes(
    session: Session, *, actor: User | None, introduction_id: int
) -> list[OutcomeEvent]:
    """The outcomes of one introduction, in date order."""
    _user, introduction, _profile = _introduction_for(session, actor, introduction_id)
    return list(
        session.exec(
            select(OutcomeEvent)
            .where(OutcomeEvent.introduction_id == introduction.id)
            .order_by(col(OutcomeEvent.date), col(OutcomeEvent.id))
        ).all()
    )


@dataclass
class CheckIn:
    """A retention check-in that is due: ``months`` after the start of a placement."""

    introduction: Introduction
    profile: Profile
    offer: Offer
    started_on: date
    months: int
    due_on: date


def due_checkins(
    session: Session, *, actor: User | None, today: date | None = None
) -> list[CheckIn]:
    """The check-ins due for the caseworker's organisation: a start, no end, and no
    ``retained`` record yet for that many months; oldest first."""
    user = require_caseworker(actor)
    today = today or date.today()
    starts = session.exec(
        select(OutcomeEvent, Introduction, Profile, Offer)
        .join(Introduction, col(Introduction.id) == OutcomeEvent.introduction_id)
        .join(Profile, col(Profile.id) == Introduction.profile_id)
        .join(Offer, col(Offer.id) == Introduction.offer_id)
        .where(Profile.organisation_id == user.organisation_id)
        .where(OutcomeEvent.kind == OutcomeKind.STARTED)
        .order_by(col(OutcomeEvent.date))
    ).all()
    # Every outcome of those introductions in one query, not one query per start (the
    # caseworker's home page counts these).
    later_by: dict[int | None, list[OutcomeEvent]] = defaultdict(list)
    ids = sorted({introduction.id for _, introduction, _, _ in starts if introduction.id})
    if ids:
        for event in session.exec(
            select(OutcomeEvent).where(col(OutcomeEvent.introduction_id).in_(ids))
        ).all():
            later_by[event.introduction_id].append(event)
    due: list[CheckIn] = []
    for start, introduction, profile, offer in starts:
        later = later_by[introduction.id]
        if any(e.kind == OutcomeKind.ENDED and e.date >= start.date for e in later):
            continue
        done = {e.months for e in later if e.kind == OutcomeKind.RETAINED}
        for months in CHECKIN_MONTHS:
            due_on = add_months(start.date, months)
            if due_on <= today and months not in done:
                due.append(CheckIn(introduction, profile, offer, start.date, months, due_on))
    return sorted(due, key=lambda c: c.due_on)


def recent_outcomes(
    session: Session, *, actor: User | None, limit: int = 50
) -> list[tuple[OutcomeEvent, Offer | None, Profile | None]]:
    """The latest outcomes recorded for the caseworker's organisation."""
    user = require_caseworker(actor)
    rows = session.exec(
        select(OutcomeEvent)
        .where(OutcomeEvent.organisation_id == user.organisation_id)
        .order_by(col(OutcomeEvent.date).desc(), col(OutcomeEvent.id).desc())
        .limit(limit)
    ).all()
    return [
        (
            e,
            session.get(Offer, e.offer_id) if e.offer_id else None,
            session.get(Profile, e.profile_id) if e.profile_id else None,
        )
        for e in rows
    ]
