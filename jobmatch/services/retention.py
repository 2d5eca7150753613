"""Erasure for good: a profile, its identity and consents go; the audit log keeps a tombstone.

Introductions and outcome events stay for the network's statistics, without the person: their
profile link is cleared, open introductions are stopped first.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from sqlmodel import Session, col, select

from jobmatch.config import Settings
from jobmatch.errors import NotFound
from jobmatch.models import Consent, Identity, Introduction, OutcomeEvent, Profile, User
from jobmatch.models._common import utcnow
from jobmatch.policy import require_profile_access
from jobmatch.services import audit, matching
from jobmatch.services.introductions import close_for_profile
from jobmatch.services.outcomes import add_months


def _erase(
    session: Session, *, actor: User | None, profile: Profile, why: Literal["request", "retention"]
) -> None:
    profile_id = profile.id
    assert profile_id is not None
    close_for_profile(session, actor=actor, profile_id=profile_id, why="erased")
    for identity in session.exec(select(Identity).where(Identity.profile_id == profile_id)):
        session.delete(identity)
    for consent in session.exec(select(Consent).where(Consent.profile_id == profile_id)):
        session.delete(consent)
    for introduction in session.exec(
        select(Introduction).where(Introduction.profile_id == profile_id)
    ):
        introduction.profile_id = None
        introduction.message = None
        introduction.decision_note = None
        session.add(introduction)
    for event in session.exec(select(OutcomeEvent).where(OutcomeEvent.profile_id == profile_id)):
        event.profile_id = None
        session.add(event)
    session.flush()
    session.delete(profile)
    # The tombstone: that a profile was erased, when, by whom and why; nothing about the person.
    audit.record(
        session,
        actor=actor,
        action="profile.erased",
        object_type="profile",
        object_id=profile_id,
        why=why,
    )
    matching.mark_changed(session, profile=profile)


def erase_profile(session: Session, *, actor: User | None, profile_id: int) -> None:
    """Erase a profile and its identity for good (caseworkers of the owning organisation)."""
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFound("No such profile.")
    user = require_profile_access(actor, profile)
    _erase(session, actor=user, profile=profile, why="request")
    session.commit()


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    return add_months(day, -months)


def inactive_profiles(
    session: Session, *, settings: Settings, today: date | None = None
) -> list[Profile]:
    """Profiles with no activity for longer than ``settings.retention_months``."""
    cutoff = months_before(today or date.today(), settings.retention_months)
    limit = datetime.combine(cutoff, time.min, tzinfo=utcnow().tzinfo)
    return list(
        session.exec(
            select(Profile).where(col(Profile.last_activity_at) < limit).order_by(col(Profile.id))
        ).all()
    )


def purge_inactive(session: Session, *, settings: Settings, today: date | None = None) -> int:
    """Erase every profile inactive for longer than the retention period; the count erased."""
    profiles = inactive_profiles(session, settings=settings, today=today)
    for profile in profiles:
        _erase(session, actor=None, profile=profile, why="retention")
    session.commit()
    return len(profiles)
