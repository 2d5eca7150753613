"""Profiles and identities belong to the caseworkers of the owning organisation, and no one else."""

from __future__ import annotations

from jobmatch.errors import Forbidden, NotFound
from jobmatch.models import Profile, User
from jobmatch.models.enums import Role
from jobmatch.policy.roles import require_user


def can_view_profile(actor: User | None, profile: Profile) -> bool:
    return (
        actor is not None
        and actor.active
        and actor.role == Role.CASEWORKER
        and actor.organisation_id == profile.organisation_id
    )


def require_profile_access(actor: User | None, profile: Profile) -> User:
    """Caseworkers of the owning organisation; for anyone else the profile does not exist."""
    user = require_user(actor)
    if not can_view_profile(user, profile):
        raise NotFound("No such profile.")
    return user


def require_caseworker(actor: User | None) -> User:
    user = require_user(actor)
    if user.role != Role.CASEWORKER:
        raise Forbidden("Only caseworkers work with profiles.")
    return user
