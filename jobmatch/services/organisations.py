"""Organisations, networks and memberships."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from jobmatch.errors import Invalid, NotFound
from jobmatch.models import Membership, Network, Organisation
from jobmatch.models.enums import OrganisationKind
from jobmatch.schemas.exchange import check_region, check_sector


def find_organisation(session: Session, *, name: str) -> Organisation:
    organisation = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        raise NotFound(f"No organisation is called {name!r}.")
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
        errors["kind"] = "Choose one of: " + ", ".join(k.value for k in OrganisationKind) + "."
    try:
        region = check_region(region)
    except ValueError as exc:
        errors["region"] = str(exc)
    if sector:
        try:
            sector = check_sector(sector)
        except ValueError as exc:
            errors["sector"] = str(exc)
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
