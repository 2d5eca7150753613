"""Organisations, networks and memberships, and the organisation page of employers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from jobmatch import policy
from jobmatch.errors import Forbidden, Invalid, Message, NotFound, Unauthenticated
from jobmatch.models import Introduction, Membership, Network, Offer, Organisation, User
from jobmatch.models.enums import OrganisationKind, Role
from jobmatch.schemas.exchange import check_region, check_sector
from jobmatch.services import audit

REGION_MESSAGE = Message("Give a region as a NUTS code, e.g. ITC1 or FR101.")
SECTOR_MESSAGE = Message("Give a sector as a NACE section letter, from A to U.")


def find_organisation(session: Session, *, name: str) -> Organisation:
    organisation = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        raise NotFound(Message("No organisation is called “%(name)s”.", name=name))
    return organisation


def create_organisation(
    session: Session,
    *,
    name: str,
    kind: str,
    region: str,
    member_of: str | None = None,
    sector: str | None = None,
    size: str | None = None,
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> Organisation:
    """Create an organisation; ``member_of`` names the employers' association of a company."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter the organisation's name."
    elif session.exec(select(Organisation).where(Organisation.name == name)).first():
        errors["name"] = "An organisation with this name already exists."
    if kind not in {k.value for k in OrganisationKind}:
        errors["kind"] = Message(
            "Choose one of: %(kinds)s.", kinds=[Message(k.value) for k in OrganisationKind]
        )
    try:
        region = check_region(region)
    except ValueError:
        errors["region"] = REGION_MESSAGE
    if sector:
        try:
            sector = check_sector(sector)
        except ValueError:
            errors["sector"] = SECTOR_MESSAGE
    association_id = None
    if member_of:
        association = session.exec(
            select(Organisation).where(Organisation.name == member_of)
        ).first()
        if association is None or association.kind != OrganisationKind.EMPLOYER_ASSOCIATION:
            errors["member_of"] = "Name an existing employers' association."
        else:
            association_id = association.id
    if errors:
        raise Invalid("The organisation could not be created.", errors)
    organisation = Organisation(
        name=name,
        kind=kind,
        region=region,
        sector=sector,
        size=size,
        contact_name=contact_name,
        contact_email=contact_email,
        association_id=association_id,
    )
    session.add(organisation)
    session.flush()
    return organisation


def create_network(
    session: Session,
    *,
    name: str,
    scope: str,
    country: str,
    region: str | None = None,
    parent: Network | None = None,
) -> Network:
    network = Network(
        name=name,
        scope=scope,
        country=country,
        region=region,
        parent_id=parent.id if parent else None,
    )
    session.add(network)
    session.flush()
    return network


def add_membership(
    session: Session,
    *,
    organisation: Organisation,
    network: Network,
    role: str,
    agreement_signed_on: date | None,
) -> Membership:
    assert organisation.id is not None and network.id is not None
    membership = Membership(
        organisation_id=organisation.id,
        network_id=network.id,
        role=role,
        agreement_signed_on=agreement_signed_on,
    )
    session.add(membership)
    session.flush()
    return membership


# --- the organisation page -------------------------------------------------------------------

SIZES = ("1-9", "10-49", "50-249", "250+")
EDITABLE_FIELDS = (
    "name",
    "region",
    "sector",
    "size",
    "contact_name",
    "contact_email",
    "contact_phone",
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def get_organisation(session: Session, *, actor: User | None, organisation_id: int) -> Organisation:
    """An organisation page the actor may see (``NotFound`` otherwise)."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation.")
    policy.require_view_organisation(actor, organisation)
    return organisation


def managed_organisations(session: Session, *, actor: User | None) -> list[Organisation]:
    """The actor's organisation and, for an association, its member companies (by name)."""
    user = policy.require_user(actor)
    own = session.get(Organisation, user.organisation_id)
    assert own is not None
    if user.role != Role.ASSOCIATION:
        return [own]
    members = session.exec(
        select(Organisation)
        .where(Organisation.association_id == own.id)
        .order_by(Organisation.name)
    ).all()
    return [own, *members]


def association_of(session: Session, organisation: Organisation) -> Organisation | None:
    if organisation.association_id is None:
        return None
    return session.get(Organisation, organisation.association_id)


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def update_organisation(
    session: Session, *, actor: User | None, organisation_id: int, changes: dict[str, Any]
) -> Organisation:
    """Change the page's fields (name, region, sector, size, contact person)."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation.")
    user = policy.require_edit_organisation(actor, organisation)
    errors: dict[str, str] = {}
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    for field in unknown:
        errors[field] = "This field cannot be changed here."
    values = {name: _clean(changes[name]) for name in EDITABLE_FIELDS if name in changes}
    if "name" in values:
        new_name = values["name"]
        if not new_name:
            errors["name"] = "Enter the organisation's name."
        elif len(new_name) > 200:
            errors["name"] = "Use at most 200 characters."
        elif session.exec(
            select(Organisation.id).where(
                Organisation.name == new_name, Organisation.id != organisation.id
            )
        ).first():
            errors["name"] = "An organisation with this name already exists."
    if "region" in values:
        try:
            values["region"] = check_region(values["region"] or "")
        except ValueError:
            errors["region"] = REGION_MESSAGE
    if values.get("sector"):
        try:
            values["sector"] = check_sector(values["sector"] or "")
        except ValueError:
            errors["sector"] = SECTOR_MESSAGE
    if values.get("size") and values["size"] not in SIZES:
        errors["size"] = Message("Choose one of: %(sizes)s people.", sizes=", ".join(SIZES))
    if values.get("contact_email") and not EMAIL_RE.match(values["contact_email"] or ""):
        errors["contact_email"] = "Enter a valid e-mail address."
    for field, limit in (("contact_name", 200), ("contact_email", 200), ("contact_phone", 50)):
        if len(values.get(field) or "") > limit:
            errors[field] = Message("Use at most %(n)s characters.", n=limit)
    if errors:
        raise Invalid("Some fields are not valid.", errors)
    for field, value in values.items():
        setattr(organisation, field, value)
    session.add(organisation)
    audit.record(
        session,
        actor=user,
        action="organisation.updated",
        object_type="organisation",
        object_id=organisation.id,
        fields=sorted(values),
    )
    session.commit()
    return organisation


def require_edit(actor: User | None, organisation: Organisation) -> None:
    """``Forbidden`` (or ``NotFound``) unless ``actor`` may change this page."""
    policy.require_edit_organisation(actor, organisation)


def can_edit(actor: User | None, organisation: Organisation) -> bool:
    """Whether ``actor`` may change this page (to show or hide the Edit link)."""
    try:
        policy.require_edit_organisation(actor, organisation)
    except (NotFound, Forbidden, Unauthenticated):
        return False
    return True


@dataclass
class MemberSummary:
    """A member company of an association, with counts of its offers and introductions."""

    organisation: Organisation
    counts: dict[str, int] = dataclass_field(default_factory=dict)


def member_overview(session: Session, *, actor: User | None) -> list[MemberSummary]:
    """The actor's organisation and its members with their offers and introductions by status."""
    managed = managed_organisations(session, actor=actor)
    ids = [o.id for o in managed]
    offer_rows = session.exec(
        select(Offer.organisation_id, Offer.status, func.count())
        .where(col(Offer.organisation_id).in_(ids))
        .group_by(col(Offer.organisation_id), col(Offer.status))
    ).all()
    intro_rows = session.exec(
        select(Offer.organisation_id, Introduction.status, func.count())
        .join(Offer, col(Offer.id) == Introduction.offer_id)
        .where(col(Offer.organisation_id).in_(ids))
        .group_by(col(Offer.organisation_id), col(Introduction.status))
    ).all()
    summaries = {o.id: MemberSummary(o) for o in managed}
    for organisation_id, status, count in offer_rows:
        summaries[organisation_id].counts[f"offers_{status}"] = int(count)
    for organisation_id, status, count in intro_rows:
        summaries[organisation_id].counts[f"introductions_{status}"] = int(count)
    return list(summaries.values())
