"""Managing the network: who is a member of which network, in what role and since which
agreement; the accounts of member organisations; whether an offer is open to the whole network
or to one regional network. Coordinators act within their networks, admins everywhere."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from jobmatch.errors import Conflict, Invalid, Message, NotFound
from jobmatch.models import Membership, Network, Offer, Organisation, User
from jobmatch.models._common import utcnow
from jobmatch.models.enums import MembershipRole, OfferStatus, OrganisationKind, Role
from jobmatch.policy import (
    NetworkScope,
    require_invitable_role,
    require_manage_network,
    require_manage_organisation,
    require_manage_user,
    require_network_manager,
)
from jobmatch.services import accounts, audit, matching, organisations, reports

ROLE_CHOICES = [r.value for r in MembershipRole]
# The accounts that make sense in each kind of organisation.
ACCOUNT_ROLES: dict[str, tuple[str, ...]] = {
    OrganisationKind.EMPLOYER: (Role.EMPLOYER,),
    OrganisationKind.EMPLOYER_ASSOCIATION: (Role.ASSOCIATION,),
    OrganisationKind.NGO: (Role.CASEWORKER, Role.COORDINATOR),
    OrganisationKind.PUBLIC_AUTHORITY: (Role.CASEWORKER, Role.COORDINATOR),
    OrganisationKind.HELPLINE: (Role.CASEWORKER, Role.COORDINATOR),
    OrganisationKind.INTERNATIONAL: (Role.CASEWORKER, Role.COORDINATOR),
}


def account_roles(organisation: Organisation) -> tuple[str, ...]:
    return ACCOUNT_ROLES.get(organisation.kind, ())


@dataclass(frozen=True)
class Member:
    membership: Membership
    organisation: Organisation


@dataclass(frozen=True)
class NetworkView:
    network: Network
    parent: Network | None
    members: list[Member]


@dataclass(frozen=True)
class Invitation:
    """A new account and its one-time password: shown once, never stored in clear."""

    user: User
    password: str


def _scope(session: Session, actor: User | None) -> tuple[User, NetworkScope]:
    user = require_network_manager(actor)
    return user, reports.network_scope(session, actor=user)


def _network(session: Session, scope: NetworkScope, network_id: int) -> Network:
    require_manage_network(scope, network_id)
    network = session.get(Network, network_id)
    if network is None:
        raise NotFound("No such network.")
    return network


def list_networks(session: Session, *, actor: User | None) -> list[NetworkView]:
    """The coordinator's networks with their members, national ones first."""
    _user, scope = _scope(session, actor)
    networks = reports.networks_in_scope(session, actor=actor)
    parents = {n.id: n for n in session.exec(select(Network)).all()}
    rows = session.exec(
        select(Membership, Organisation)
        .join(Organisation, col(Organisation.id) == Membership.organisation_id)
        .where(col(Membership.network_id).in_(scope.network_ids))
        .order_by(Organisation.name)
    ).all()
    members: dict[int, list[Member]] = {}
    for membership, organisation in rows:
        members.setdefault(membership.network_id, []).append(Member(membership, organisation))
    views = [
        NetworkView(
            network=n,
            parent=parents.get(n.parent_id) if n.parent_id else None,
            members=members.get(n.id or 0, []),
        )
        for n in networks
    ]
    return sorted(views, key=lambda v: (v.network.parent_id is not None, v.network.name))


def _membership_errors(role: str, agreement_signed_on: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if role not in ROLE_CHOICES:
        errors["role"] = Message(
            "Choose one of: %(roles)s.", roles=[Message(r) for r in ROLE_CHOICES]
        )
    if agreement_signed_on is not None and agreement_signed_on > date.today():
        errors["agreement_signed_on"] = "The agreement cannot be signed in the future."
    return errors


NOT_SAVED = "The membership was not saved: check the fields."


def add_membership(
    session: Session,
    *,
    actor: User | None,
    network_id: int,
    organisation_id: int | None,
    role: str,
    agreement_signed_on: date | None,
) -> Membership:
    """Make an organisation a member of one of the coordinator's networks."""
    user, scope = _scope(session, actor)
    network = _network(session, scope, network_id)
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    errors = _membership_errors(role, agreement_signed_on)
    if organisation is None:
        errors["organisation"] = "Choose an organisation."
    elif session.exec(
        select(Membership)
        .where(Membership.network_id == network.id)
        .where(Membership.organisation_id == organisation.id)
    ).first():
        errors["organisation"] = "This organisation is already a member of this network."
    if errors or organisation is None:
        raise Invalid(NOT_SAVED, errors)
    membership = organisations.add_membership(
        session,
        organisation=organisation,
        network=network,
        role=role,
        agreement_signed_on=agreement_signed_on,
    )
    _audit_membership(session, user, "membership.added", membership, role=role)
    session.commit()
    return membership


def _audit_membership(
    session: Session, user: User, action: str, membership: Membership, **detail: str
) -> None:
    """A membership's events are its network's, naming the organisation."""
    audit.record(
        session,
        actor=user,
        action=action,
        object_type="network",
        object_id=membership.network_id,
        organisation_id=membership.organisation_id,
        **detail,
    )


def _membership(session: Session, scope: NetworkScope, membership_id: int) -> Membership:
    membership = session.get(Membership, membership_id)
    if membership is None or not scope.has_network(membership.network_id):
        raise NotFound("No such membership.")
    return membership


def update_membership(
    session: Session,
    *,
    actor: User | None,
    membership_id: int,
    role: str,
    agreement_signed_on: date | None,
) -> Membership:
    user, scope = _scope(session, actor)
    membership = _membership(session, scope, membership_id)
    errors = _membership_errors(role, agreement_signed_on)
    if errors:
        raise Invalid(NOT_SAVED, errors)
    membership.role = role
    membership.agreement_signed_on = agreement_signed_on
    session.add(membership)
    _audit_membership(session, user, "membership.changed", membership, role=role)
    session.commit()
    return membership


def remove_membership(session: Session, *, actor: User | None, membership_id: int) -> None:
    user, scope = _scope(session, actor)
    membership = _membership(session, scope, membership_id)
    if membership.organisation_id == user.organisation_id and user.role != "admin":
        raise Conflict("You cannot take your own organisation out of the network.")
    _audit_membership(session, user, "membership.removed", membership)
    session.delete(membership)
    session.commit()


def all_organisations(session: Session, *, actor: User | None) -> list[Organisation]:
    """Every organisation, for adding one to a network (names and kinds only)."""
    require_network_manager(actor)
    return list(session.exec(select(Organisation).order_by(Organisation.name)).all())


# --- accounts of member organisations -------------------------------------------------------


def _organisation(session: Session, scope: NetworkScope, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation.")
    require_manage_organisation(scope, organisation)
    return organisation


def organisation_with_users(
    session: Session, *, actor: User | None, organisation_id: int
) -> tuple[Organisation, list[User]]:
    _user, scope = _scope(session, actor)
    organisation = _organisation(session, scope, organisation_id)
    users = session.exec(
        select(User).where(User.organisation_id == organisation.id).order_by(User.email)
    ).all()
    return organisation, list(users)


def invite_user(
    session: Session,
    *,
    actor: User | None,
    organisation_id: int,
    email: str,
    role: str,
    display_name: str | None = None,
) -> Invitation:
    """Create an account in a member organisation with a one-time password, shown once."""
    user, scope = _scope(session, actor)
    organisation = _organisation(session, scope, organisation_id)
    require_invitable_role(user, role)
    if role not in account_roles(organisation):
        allowed = [Message(r) for r in account_roles(organisation)] or [Message("none")]
        raise Invalid(
            "The account was not created: check the fields.",
            {
                "role": Message(
                    "An organisation of this kind has these accounts: %(roles)s.", roles=allowed
                )
            },
        )
    password = secrets.token_urlsafe(12)
    created = accounts.create_user(
        session,
        email=email,
        password=password,
        role=role,
        organisation=organisation,
        display_name=(display_name or "").strip() or None,
    )
    audit.record(
        session,
        actor=user,
        action="user.invited",
        object_type="user",
        object_id=created.id,
        organisation_id=organisation.id,
        role=role,
    )
    session.commit()
    return Invitation(user=created, password=password)


def deactivate_user(session: Session, *, actor: User | None, user_id: int) -> User:
    """Deactivate an account at once: its sessions and tokens stop working."""
    user, scope = _scope(session, actor)
    target = session.get(User, user_id)
    if target is None:
        raise NotFound("No such account.")
    require_manage_user(user, scope, target)
    if not target.active:
        raise Conflict("This account is already deactivated.")
    target.active = False
    session.add(target)
    audit.record(
        session, actor=user, action="user.deactivated", object_type="user", object_id=target.id
    )
    session.commit()
    return target


# --- where an offer is open -----------------------------------------------------------------


def offers_in_scope(session: Session, *, actor: User | None) -> list[Offer]:
    """The open offers of the coordinator's member organisations."""
    _user, scope = _scope(session, actor)
    offers = session.exec(
        select(Offer).where(Offer.status == OfferStatus.OPEN).order_by(Offer.title)
    ).all()
    return [
        o
        for o in offers
        if scope.has_organisation(o.organisation_id) or scope.has_network(o.network_id)
    ]


def set_offer_network(
    session: Session, *, actor: User | None, offer_id: int, network_id: int | None
) -> Offer:
    """Open an offer to the whole network (``None``) or to one of the coordinator's networks."""
    user, scope = _scope(session, actor)
    offer = session.get(Offer, offer_id)
    if (
        offer is None
        or offer.status == OfferStatus.DRAFT
        or not (
            scope.has_organisation(offer.organisation_id) or scope.has_network(offer.network_id)
        )
    ):
        raise NotFound("No such offer.")
    if network_id is not None and (
        not scope.has_network(network_id) or session.get(Network, network_id) is None
    ):  # an admin's scope has every network id, even one that does not exist
        raise Invalid("The offer was not changed.", {"network": "Choose one of your networks."})
    offer.network_id = network_id
    offer.updated_at = utcnow()
    session.add(offer)
    session.flush()
    matching.mark_changed(session, offer=offer)
    audit.record(
        session,
        actor=user,
        action="offer.network_changed",
        object_type="offer",
        object_id=offer.id,
        network_id=network_id,
    )
    session.commit()
    return offer
