"""Who may see and decide introductions.

The employer side sees the introductions of the offers it manages, never the profile behind them;
the caseworkers of the organisation that owns the profile see and decide them. Everyone else sees
nothing (coordinators follow introductions in the reports, as counts).
"""

from __future__ import annotations

from jobmatch.errors import Forbidden, NotFound
from jobmatch.models import Offer, Organisation, Profile, User
from jobmatch.models.enums import Role
from jobmatch.policy.offers import can_edit_offer
from jobmatch.policy.profiles import can_view_profile
from jobmatch.policy.roles import EMPLOYER_SIDE, require_user


def can_view_introduction_as_employer(
    actor: User | None, offer: Offer | None, owner: Organisation | None
) -> bool:
    """The employer (or association) that manages the introduction's offer."""
    if actor is None or offer is None or owner is None or actor.role not in EMPLOYER_SIDE:
        return False
    return can_edit_offer(actor, offer, owner)


def can_decide_introduction(actor: User | None, profile: Profile | None) -> bool:
    """The caseworkers of the organisation that owns the profile (none once it is erased)."""
    return profile is not None and can_view_profile(actor, profile)


def require_introduction_employer(
    actor: User | None, offer: Offer | None, owner: Organisation | None
) -> User:
    user = require_user(actor)
    if not can_view_introduction_as_employer(user, offer, owner):
        raise NotFound("No such introduction.")
    return user


def require_introduction_caseworker(actor: User | None, profile: Profile | None) -> User:
    user = require_user(actor)
    if not can_decide_introduction(user, profile):
        raise NotFound("No such introduction.")
    return user


def require_introduction_reader(actor: User | None) -> User:
    """Only the two sides of an introduction have an introductions list."""
    user = require_user(actor)
    if user.role not in (*EMPLOYER_SIDE, Role.CASEWORKER):
        raise Forbidden("Introductions are seen by employers and caseworkers.")
    return user
