"""Offers: post, list, read, change and close them; their anonymised candidates; introductions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from jobmatch.api.deps import ApiUser, SessionDep, SettingsDep
from jobmatch.api.schemas import ExplanationOut, Page, PageNumber, PerPage, error_responses
from jobmatch.schemas.exchange import (
    CefrLiteral,
    LanguageItem,
    OfferData,
    OfferKindLiteral,
    OfferSkillItem,
    Strict,
    SupportLiteral,
)
from jobmatch.services import candidates, offers
from jobmatch.services.offers import OfferDetail

router = APIRouter(prefix="/offers", tags=["offers"])

StatusLiteral = Literal["draft", "open", "filled", "closed"]


class OfferCreate(OfferData):
    """An exchange-format offer; ``organisation`` lets an association post for a member."""

    organisation: int | None = Field(default=None, description="A member company's id")
    status: Literal["draft", "open"] = "open"


class OfferPatch(Strict):
    """Any offer field; ``status`` moves it along (draft → open → filled | closed)."""

    id: str | None = Field(default=None, max_length=100)
    kind: OfferKindLiteral | None = None
    title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    occupation: str | None = Field(default=None, max_length=300)
    skills: list[OfferSkillItem] | None = None
    teaches: list[str] | None = None
    languages: list[LanguageItem] | None = None
    region: str | None = None
    remote: bool | None = None
    places: int | None = None
    hours_per_week: int | None = None
    start: date | None = None
    work_permit_required: bool | None = None
    sector: str | None = None
    supports: list[SupportLiteral] | None = None
    status: StatusLiteral | None = None


class OrganisationName(BaseModel):
    id: int
    name: str


class OfferOut(BaseModel):
    id: int
    external_id: str | None
    status: StatusLiteral
    organisation: OrganisationName
    posted_by: OrganisationName | None = Field(
        description="The association that posted the offer for the company, if any"
    )
    kind: OfferKindLiteral
    title: str
    description: str | None
    occupation: str | None
    skills: list[OfferSkillItem]
    teaches: list[str]
    languages: list[LanguageItem]
    region: str
    remote: bool
    places: int
    hours_per_week: int | None
    start: date | None
    work_permit_required: bool
    sector: str | None
    supports: list[SupportLiteral]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    closed_at: datetime | None


def offer_out(detail: OfferDetail) -> OfferOut:
    offer, owner, posted_by = detail.offer, detail.owner, detail.posted_by
    assert offer.id is not None and owner.id is not None
    data: dict[str, Any] = offer.model_dump(exclude={"id", "organisation_id", "posted_by_id"})
    return OfferOut.model_validate(
        {
            **data,
            "id": offer.id,
            "organisation": {"id": owner.id, "name": owner.name},
            "posted_by": {"id": posted_by.id, "name": posted_by.name} if posted_by else None,
        }
    )


@router.post(
    "",
    status_code=201,
    response_model=OfferOut,
    responses=error_responses(401, 403),
)
def create_offer(body: OfferCreate, session: SessionDep, user: ApiUser) -> OfferOut:
    """Post an offer (open by default, or a draft)."""
    data = OfferData.model_validate(body.model_dump(exclude={"organisation", "status"}))
    detail = offers.create_offer(
        session, actor=user, data=data, organisation_id=body.organisation, status=body.status
    )
    return offer_out(detail)


@router.get("", response_model=Page[OfferOut], responses=error_responses(401))
def list_offers(
    session: SessionDep,
    user: ApiUser,
    status: StatusLiteral | None = None,
    kind: OfferKindLiteral | None = None,
    region: Annotated[str | None, Query(description="A NUTS code; keeps offers inside it")] = None,
    organisation: Annotated[int | None, Query(description="One company's offers")] = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[OfferOut]:
    """The offers you may see, newest first."""
    found, total = offers.list_offers(
        session,
        actor=user,
        status=status,
        kind=kind,
        region=region,
        organisation_id=organisation,
        page=page,
        per_page=per_page,
    )
    return Page[OfferOut](items=[offer_out(d) for d in found], total=total)


@router.get("/{offer_id}", response_model=OfferOut, responses=error_responses(401, 404))
def get_offer(offer_id: int, session: SessionDep, user: ApiUser) -> OfferOut:
    return offer_out(offers.get_offer(session, actor=user, offer_id=offer_id))


@router.patch("/{offer_id}", response_model=OfferOut, responses=error_responses(401, 403, 404, 409))
def update_offer(offer_id: int, body: OfferPatch, session: SessionDep, user: ApiUser) -> OfferOut:
    """Change any field; fields you leave out keep their value."""
    changes = body.model_dump(exclude_unset=True)
    return offer_out(offers.update_offer(session, actor=user, offer_id=offer_id, changes=changes))


@router.post(
    "/{offer_id}/close", response_model=OfferOut, responses=error_responses(401, 403, 404, 409)
)
def close_offer(offer_id: int, session: SessionDep, user: ApiUser) -> OfferOut:
    return offer_out(offers.close_offer(session, actor=user, offer_id=offer_id))


@router.post(
    "/{offer_id}/publish", response_model=OfferOut, responses=error_responses(401, 403, 404, 409)
)
def publish_offer(offer_id: int, session: SessionDep, user: ApiUser) -> OfferOut:
    """Open a draft to candidates."""
    return offer_out(offers.publish_offer(session, actor=user, offer_id=offer_id))


@router.post(
    "/{offer_id}/fill", response_model=OfferOut, responses=error_responses(401, 403, 404, 409)
)
def mark_filled(offer_id: int, session: SessionDep, user: ApiUser) -> OfferOut:
    """Mark an open offer as filled."""
    return offer_out(offers.mark_filled(session, actor=user, offer_id=offer_id))


# --- anonymised candidates and introductions -------------------------------------------------


class CandidateLanguage(BaseModel):
    code: str
    level: CefrLiteral | None = Field(description="Left out when it could single a person out")


class CandidateOut(BaseModel):
    """An anonymised candidate: generalised fields only, never a profile id."""

    ref: str = Field(description="Opaque; differs from one offer to another for the same person")
    score: float
    explanation: ExplanationOut
    skills: list[str]
    languages: list[CandidateLanguage]
    region: str = Field(description="A NUTS-2 region, or a country when that is too narrow")
    available: str = Field(description="The month from which the person is available, YYYY-MM")
    experience: str = Field(
        description="Years of experience as a band: 0, <1, 1-2, 3-5, 6-10, 10+, or wider: 0-2, "
        "3+; * when it is not shown"
    )
    supports: list[SupportLiteral] = Field(
        description="Supports the person needs that this offer provides"
    )
    other_languages_hidden: bool = Field(
        description="Only the languages the offer asks for are shown, so that the person "
        "cannot be recognised"
    )


class CandidateList(BaseModel):
    items: list[CandidateOut]
    total: int
    withheld: int = Field(description="Candidates not shown because they could be singled out")


@router.get(
    "/{offer_id}/candidates",
    response_model=CandidateList,
    responses=error_responses(401, 403, 404, 409),
)
def list_candidates(
    offer_id: int,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> CandidateList:
    """Anonymised candidates for an open offer, best first."""
    result = candidates.list_candidates(
        session, actor=user, settings=settings, offer_id=offer_id, limit=limit
    )
    items = [CandidateOut.model_validate(c.as_dict()) for c in result.candidates]
    return CandidateList(items=items, total=len(items), withheld=result.withheld)


class IntroductionRequest(Strict):
    candidate: str = Field(min_length=1, max_length=64, description="A candidate's ref")
    message: str | None = Field(default=None, max_length=2000)


class IntroductionCreated(BaseModel):
    id: int
    status: Literal["requested"]


@router.post(
    "/{offer_id}/introductions",
    status_code=201,
    response_model=IntroductionCreated,
    responses=error_responses(401, 403, 404, 409),
)
def request_introduction(
    offer_id: int,
    body: IntroductionRequest,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
) -> IntroductionCreated:
    """Ask the candidate's caseworker for an introduction, with a message."""
    introduction = candidates.request_introduction(
        session,
        actor=user,
        settings=settings,
        offer_id=offer_id,
        ref=body.candidate,
        message=body.message,
    )
    assert introduction.id is not None
    return IntroductionCreated(id=introduction.id, status="requested")
