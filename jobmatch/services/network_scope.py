"""The networks a coordinator works in: their own organisation's networks, with every
sub-network, and the member organisations of those; admins have everything."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from sqlmodel import Session, col, select

from jobmatch.models import Membership, Network, Organisation, User
from jobmatch.policy import NetworkScope, require_network_reader, require_report_network


def network_scope(session: Session, *, actor: User | None) -> NetworkScope:
    """The networks (with their sub-networks) and organisations a coordinator reports on."""
    user = require_network_reader(actor)
    networks = session.exec(select(Network)).all()
    if user.role == "admin":
        ids = {n.id for n in networks if n.id is not None}
    else:
        own = set(
            session.exec(
                select(Membership.network_id).where(
                    Membership.organisation_id == user.organisation_id
                )
            ).all()
        )
        children: dict[int, list[int]] = defaultdict(list)
        for network in networks:
            if network.parent_id is not None and network.id is not None:
                children[network.parent_id].append(network.id)
        ids = set()
        stack = list(own)
        while stack:
            current = stack.pop()
            if current not in ids:
                ids.add(current)
                stack.extend(children[current])
    members = set(
        session.exec(
            select(Membership.organisation_id).where(col(Membership.network_id).in_(ids))
        ).all()
    )
    return NetworkScope(
        network_ids=frozenset(ids),
        organisation_ids=frozenset(members),
        everything=user.role == "admin",
    )


def networks_in_scope(
    session: Session, *, actor: User | None, scope: NetworkScope | None = None
) -> list[Network]:
    """The coordinator's networks, by name (``scope``: their ``network_scope``, if known)."""
    scope = scope or network_scope(session, actor=actor)
    return list(
        session.exec(
            select(Network).where(col(Network.id).in_(scope.network_ids)).order_by(Network.name)
        ).all()
    )


def narrow_scope(session: Session, scope: NetworkScope, network_id: int | None) -> NetworkScope:
    """The scope of one network of the coordinator's (and its sub-networks)."""
    if network_id is None:
        return scope
    require_report_network(scope, network_id)
    networks = session.exec(select(Network)).all()
    ids = {network_id}
    grew = True
    while grew:
        before = len(ids)
        ids |= {n.id for n in networks if n.parent_id in ids and n.id is not None}
        grew = len(ids) > before
    members = set(
        session.exec(
            select(Membership.organisation_id).where(col(Membership.network_id).in_(ids))
        ).all()
    )
    return NetworkScope(
        network_ids=frozenset(ids), organisation_ids=frozenset(members), everything=False
    )


class OrganisationChoice(NamedTuple):
    id: int
    name: str


def organisations_in_scope(
    session: Session, *, actor: User | None, scope: NetworkScope | None = None
) -> list[OrganisationChoice]:
    """For the organisation filter: the organisations of the coordinator's networks (``scope``:
    their ``network_scope``, if known)."""
    scope = scope or network_scope(session, actor=actor)
    statement = select(Organisation.id, Organisation.name).order_by(Organisation.name)
    if not scope.everything:
        statement = statement.where(col(Organisation.id).in_(scope.organisation_ids))
    return [OrganisationChoice(i, name) for i, name in session.exec(statement).all() if i]
