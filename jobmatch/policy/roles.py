"""Role checks shared by every part of the policy."""

from __future__ import annotations

from jobmatch.errors import Forbidden, Unauthenticated
from jobmatch.models import User
from jobmatch.models.enums import Role

EMPLOYER_SIDE = frozenset({Role.EMPLOYER, Role.ASSOCIATION})
NETWORK_STAFF = frozenset({Role.CASEWORKER, Role.COORDINATOR, Role.ADMIN})


def require_user(actor: User | None) -> User:
    """The acting user, or ``Unauthenticated`` for an anonymous caller or a deactivated account."""
    if actor is None or not actor.active:
        raise Unauthenticated()
    return actor


def has_role(actor: User | None, *roles: Role) -> bool:
    return actor is not None and actor.active and actor.role in roles


def require_role(actor: User | None, *roles: Role) -> User:
    """The acting user if their role is one of ``roles``; otherwise ``Forbidden``."""
    user = require_user(actor)
    if user.role not in roles:
        raise Forbidden("Your role does not allow this.")
    return user
