"""Organisation pages: an employer's own, an association's and its members'."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jobmatch.api.deps import ApiUser, SessionDep
from jobmatch.api.schemas import Page, error_responses
from jobmatch.models import Organisation
from jobmatch.schemas.exchange import Strict
from jobmatch.services import organisations

router = APIRouter(prefix="/organisations", tags=["organisations"])

SizeLiteral = Literal["1-9", "10-49", "50-249", "250+"]


class OrganisationOut(BaseModel):
    id: int
    name: str
    kind: str
    region: str
    sector: str | None
    size: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    association: int | None = Field(description="The employers' association of a company")


class OrganisationPatch(Strict):
    name: str | None = Field(default=None, max_length=200)
    region: str | None = Field(default=None, description="A NUTS code")
    sector: str | None = Field(default=None, description="A NACE section letter")
    size: SizeLiteral | None = None
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=200)
    contact_phone: str | None = Field(default=None, max_length=50)


def organisation_out(organisation: Organisation) -> OrganisationOut:
    assert organisation.id is not None
    return OrganisationOut(
        id=organisation.id,
        name=organisation.name,
        kind=organisation.kind,
        region=organisation.region,
        sector=organisation.sector,
        size=organisation.size,
        contact_name=organisation.contact_name,
        contact_email=organisation.contact_email,
        contact_phone=organisation.contact_phone,
        association=organisation.association_id,
    )


@router.get("", response_model=Page[OrganisationOut], responses=error_responses(401))
def list_organisations(session: SessionDep, user: ApiUser) -> Page[OrganisationOut]:
    """Your organisation and, for an association, its member companies."""
    found = organisations.managed_organisations(session, actor=user)
    return Page[OrganisationOut](items=[organisation_out(o) for o in found], total=len(found))


@router.get(
    "/{organisation_id}", response_model=OrganisationOut, responses=error_responses(401, 404)
)
def get_organisation(organisation_id: int, session: SessionDep, user: ApiUser) -> OrganisationOut:
    return organisation_out(
        organisations.get_organisation(session, actor=user, organisation_id=organisation_id)
    )


@router.patch(
    "/{organisation_id}",
    response_model=OrganisationOut,
    responses=error_responses(401, 403, 404),
)
def update_organisation(
    organisation_id: int, body: OrganisationPatch, session: SessionDep, user: ApiUser
) -> OrganisationOut:
    """Change the page: name, region, sector, size, contact person."""
    changed = organisations.update_organisation(
        session,
        actor=user,
        organisation_id=organisation_id,
        changes=body.model_dump(exclude_unset=True),
    )
    return organisation_out(changed)
