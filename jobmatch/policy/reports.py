"""Who may read network reports: coordinators for their networks, admins for all.

Reports count; they never list people. A coordinator's networks are those their organisation is
a member of, and the sub-networks of those.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobmatch.errors import Forbidden, NotFound
from jobmatch.models import User
from jobmatch.models.enums import Role
from jobmatch.policy.roles import require_user

NETWORK_READERS = frozenset({Role.COORDINATOR, Role.ADMIN})


@dataclass(frozen=True)
class NetworkScope:
    """The networks and member organisations a coordinator sees (``everything`` for admins)."""

    network_ids: frozenset[int]
    organisation_ids: frozenset[int]
    everything: bool = False

    def has_network(self, network_id: int | None) -> bool:
        return network_id is not None and (self.everything or network_id in self.network_ids)

    def has_organisation(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and (
            self.everything or organisation_id in self.organisation_ids
        )


def require_network_reader(actor: User | None) -> User:
    """Coordinators and admins; anyone else is refused."""
    user = require_user(actor)
    if user.role not in NETWORK_READERS:
        raise Forbidden("Only network coordinators see the network's reports.")
    return user


def require_report_network(scope: NetworkScope, network_id: int) -> None:
    """A network outside the coordinator's is not there for them."""
    if not scope.has_network(network_id):
        raise NotFound("No such network.")
