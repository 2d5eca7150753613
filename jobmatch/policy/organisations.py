"""Who may see and change an organisation's page."""

from __future__ import annotations

from jobmatch.errors import Forbidden, NotFound
from jobmatch.models import Organisation, User
from jobmatch.models.enums import Role
from jobmatch.policy.offers import manages_organisation
from jobmatch.policy.roles import NETWORK_STAFF, require_user


def can_view_organisation(actor: User | None, organisation: Organisation) -> bool:
    """Its own people, its association, and the network's staff (who work with employers)."""
    if actor is None or not actor.active:
        return False
    if actor.organisation_id == organisation.id or manages_organisation(actor, organisation):
        return True
    return actor.role in NETWORK_STAFF


def require_view_organisation(actor: User | None, organisation: Organisation) -> User:
    user = require_user(actor)
    if not can_view_organisation(user, organisation):
        raise NotFound("No such organisation.")
    return user


def require_edit_organisation(actor: User | None, organisation: Organisation) -> User:
    """An employer edits its own page; an association its own and its members' pages."""
    user = require_view_organisation(actor, organisation)
    if user.role not in (Role.EMPLOYER, Role.ASSOCIATION) or not manages_organisation(
        user, organisation
    ):
        raise Forbidden("Only the organisation itself or its association can change this page.")
    return user
