"""What each role sees first after signing in: a few counts of their own work."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from jobmatch.models import Introduction, Offer, Organisation, Profile, User
from jobmatch.models.enums import IntroductionStatus, OfferStatus, ProfileStatus, Role
from jobmatch.policy import require_user
from jobmatch.services import outcomes


@dataclass
class HomeSummary:
    organisation: Organisation
    counts: dict[str, int] = field(default_factory=dict)


def _count(session: Session, statement: object) -> int:
    return int(session.exec(statement).one())  # type: ignore[call-overload]


def home_summary(session: Session, *, actor: User | None) -> HomeSummary:
    """Counts for the signed-in user's home page, only of what their role may see."""
    user = require_user(actor)
    organisation = session.get(Organisation, user.organisation_id)
    assert organisation is not None
    summary = HomeSummary(organisation=organisation)
    counts = summary.counts
    if user.role in (Role.EMPLOYER, Role.ASSOCIATION):
        owner: ColumnElement[bool]
        if user.role == Role.ASSOCIATION:
            members = select(Organisation.id).where(Organisation.association_id == organisation.id)
            owner = col(Offer.organisation_id).in_(members) | (
                col(Offer.organisation_id) == organisation.id
            )
            counts["member_companies"] = _count(
                session, select(func.count()).where(Organisation.association_id == organisation.id)
            )
        else:
            owner = col(Offer.organisation_id) == organisation.id
        for status in OfferStatus:
            counts[f"offers_{status.value}"] = _count(
                session,
                select(func.count()).select_from(Offer).where(owner, Offer.status == status),
            )
        offer_ids = select(Offer.id).where(owner)
        counts["introductions_requested"] = _count(
            session,
            select(func.count())
            .select_from(Introduction)
            .where(col(Introduction.offer_id).in_(offer_ids))
            .where(Introduction.status == IntroductionStatus.REQUESTED),
        )
    elif user.role == Role.CASEWORKER:
        mine = Profile.organisation_id == organisation.id
        counts["profiles_active"] = _count(
            session,
            select(func.count())
            .select_from(Profile)
            .where(mine, Profile.status == ProfileStatus.ACTIVE),
        )
        profile_ids = select(Profile.id).where(mine)
        counts["introductions_requested"] = _count(
            session,
            select(func.count())
            .select_from(Introduction)
            .where(col(Introduction.profile_id).in_(profile_ids))
            .where(Introduction.status == IntroductionStatus.REQUESTED),
        )
        counts["checkins_due"] = len(outcomes.due_checkins(session, actor=user))
    else:
        counts["offers_open"] = _count(
            session, select(func.count()).select_from(Offer).where(Offer.status == OfferStatus.OPEN)
        )
        counts["organisations"] = _count(session, select(func.count()).select_from(Organisation))
        if user.role == Role.ADMIN:
            counts["users"] = _count(session, select(func.count()).select_from(User))
    return summary
