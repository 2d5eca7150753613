"""Who may manage the network: memberships, the accounts of member organisations, and where an
offer is open. Coordinators act within their networks; admins everywhere."""

from __future__ import annotations

from jobmatch.errors import Forbidden, NotFound
from jobmatch.models import Organisation, User
from jobmatch.models.enums import Role
from jobmatch.policy.reports import NetworkScope, require_network_reader

# The roles a coordinator may give to accounts of member organisations (never admin).
INVITABLE_ROLES = frozenset({Role.EMPLOYER, Role.ASSOCIATION, Role.CASEWORKER, Role.COORDINATOR})


def require_network_manager(actor: User | None) -> User:
    return require_network_reader(actor)


def require_manage_network(scope: NetworkScope, network_id: int) -> None:
    if not scope.has_network(network_id):
        raise NotFound("No such network.")


def require_manage_organisation(scope: NetworkScope, organisation: Organisation) -> None:
    """An organisation outside the coordinator's networks is not there for them."""
    if not scope.has_organisation(organisation.id):
        raise NotFound("No such organisation.")


def require_manage_user(actor: User, scope: NetworkScope, user: User) -> None:
    """Accounts of member organisations, not one's own and not an admin's."""
    if not scope.has_organisation(user.organisation_id):
        raise NotFound("No such account.")
    if user.id == actor.id:
        raise Forbidden("You cannot deactivate your own account.")
    if user.role == Role.ADMIN and actor.role != Role.ADMIN:
        raise Forbidden("Only an admin can change an admin's account.")


def require_invitable_role(actor: User, role: str) -> None:
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise Forbidden("Only an admin can create an admin account.")
