"""Profiles (caseworkers of the owning organisation only): the profile, its identity, its
consents, its matches and proposals to offers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from jobmatch.api.deps import ApiUser, SessionDep, SettingsDep
from jobmatch.api.introductions import IntroductionOut, caseworker_out
from jobmatch.api.schemas import (
    MAX_ID,
    ExplanationOut,
    ObjectId,
    Page,
    PageNumber,
    PerPage,
    SkillRefOut,
    error_responses,
)
from jobmatch.errors import NotFound
from jobmatch.models import Consent, Profile
from jobmatch.schemas.exchange import (
    ExperienceItem,
    LanguageItem,
    OfferKindLiteral,
    ProfileData,
    ProfileSkillItem,
    Strict,
    SupportLiteral,
)
from jobmatch.services import consents, identity, introductions, matching, profiles, retention
from jobmatch.services.identity import IdentityData

router = APIRouter(prefix="/profiles", tags=["profiles"])

StatusLiteral = Literal["active", "paused", "placed", "withdrawn"]
ScopeLiteral = Literal["matching", "introductions", "reporting"]


class ProfilePatch(Strict):
    """Any profile field, and ``status``."""

    id: str | None = Field(default=None, max_length=100)
    skills: list[ProfileSkillItem] | None = None
    experience: list[ExperienceItem] | None = None
    languages: list[LanguageItem] | None = None
    regions: list[str] | None = None
    excluded_regions: list[str] | None = None
    excluded_sectors: list[str] | None = None
    remote_ok: bool | None = None
    hours_per_week: int | None = None
    available_from: date | None = None
    work_permit: Literal["yes", "pending", "no"] | None = None
    wants: list[OfferKindLiteral] | None = None
    needs: list[SupportLiteral] | None = None
    status: StatusLiteral | None = None


class ProfileOut(BaseModel):
    id: int
    reference: str = Field(description="The code caseworkers use for the person (no identity)")
    exchange_id: str | None
    status: StatusLiteral
    consent: dict[str, bool] = Field(description="For each scope, whether a consent covers it")
    skills: list[ProfileSkillItem]
    experience: list[ExperienceItem]
    languages: list[LanguageItem]
    regions: list[str]
    excluded_regions: list[str]
    excluded_sectors: list[str]
    remote_ok: bool
    hours_per_week: int | None
    available_from: date | None
    work_permit: Literal["yes", "pending", "no"]
    wants: list[OfferKindLiteral]
    needs: list[SupportLiteral]
    created_at: datetime
    updated_at: datetime


class ConsentIn(Strict):
    scopes: list[ScopeLiteral] = Field(min_length=1)
    expires_on: date
    obtained: str = Field(min_length=1, max_length=200, description="How it was obtained")
    given_on: date | None = Field(default=None, description="Today if not given")


class ConsentRenewal(Strict):
    expires_on: date
    obtained: str = Field(min_length=1, max_length=200)


class ConsentOut(BaseModel):
    id: int
    profile: int
    scopes: list[str]
    given_on: date
    expires_on: date
    obtained: str
    withdrawn_at: datetime | None
    valid: bool


class ProposalIn(Strict):
    offer: int = Field(ge=1, le=MAX_ID)
    message: str | None = Field(default=None, max_length=2000)


class MatchOffer(BaseModel):
    id: int
    title: str
    kind: str
    employer: str
    region: str
    remote: bool
    hours_per_week: int | None
    start: date | None
    places: int


class TrainingOut(MatchOffer):
    covers: list[SkillRefOut] = Field(description="The missing skills this training teaches")


class MatchOut(BaseModel):
    offer: MatchOffer
    score: float
    explanation: ExplanationOut
    training: list[TrainingOut]


def _profile_out(
    session: SessionDep, profile: Profile, consent: dict[str, bool] | None = None
) -> ProfileOut:
    return ProfileOut.model_validate(profiles.profile_out(session, profile, consent))


def _consent_out(session: SessionDep, consent: Consent) -> ConsentOut:
    assert consent.id is not None
    valid = consent.is_valid_on(date.today())
    return ConsentOut(
        id=consent.id,
        profile=consent.profile_id,
        scopes=list(consent.scopes),
        given_on=consent.given_on,
        expires_on=consent.expires_on,
        obtained=consent.obtained,
        withdrawn_at=consent.withdrawn_at,
        valid=valid,
    )


def _refs(refs: list[matching.SkillRef]) -> list[SkillRefOut]:
    return [SkillRefOut(uri=r.uri, label=r.label) for r in refs]


def _offer(offer: Any, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": offer.title,
        "kind": offer.kind,
        "employer": names.get(offer.organisation_id, ""),
        "region": offer.region,
        "remote": offer.remote,
        "hours_per_week": offer.hours_per_week,
        "start": offer.start,
        "places": offer.places,
    }


def match_out(found: matching.OfferMatch, names: dict[int, str]) -> MatchOut:
    """A match with its offer and trainings (``names``: the companies' names by id)."""
    e = found.explanation
    return MatchOut(
        offer=MatchOffer.model_validate(_offer(found.offer, names)),
        score=found.score,
        explanation=ExplanationOut(
            matched=_refs(e.matched),
            missing=_refs(e.missing),
            related=_refs(e.related),
            parts=e.parts,
        ),
        training=[
            TrainingOut.model_validate({**_offer(t.offer, names), "covers": _refs(t.covers)})
            for t in found.training
        ],
    )


@router.post("", status_code=201, response_model=ProfileOut, responses=error_responses(401, 403))
def create_profile(body: ProfileData, session: SessionDep, user: ApiUser) -> ProfileOut:
    """Create an anonymised profile; free text that identifies the person is refused."""
    profile = profiles.create_profile(session, actor=user, data=body.model_dump(mode="json"))
    return _profile_out(session, profile)


@router.get("", response_model=Page[ProfileOut], responses=error_responses(401, 403))
def list_profiles(
    session: SessionDep,
    user: ApiUser,
    status: StatusLiteral | None = None,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[ProfileOut]:
    """The profiles of the caller's organisation."""
    items, total = profiles.list_profiles(
        session, actor=user, status=status, page=page, per_page=per_page
    )
    consent = profiles.consent_summaries(session, items)
    return Page[ProfileOut](
        items=[_profile_out(session, p, consent.get(p.id or 0)) for p in items], total=total
    )


@router.get("/{profile_id}", response_model=ProfileOut, responses=error_responses(401, 404))
def get_profile(profile_id: ObjectId, session: SessionDep, user: ApiUser) -> ProfileOut:
    return _profile_out(session, profiles.get_profile(session, actor=user, profile_id=profile_id))


@router.patch("/{profile_id}", response_model=ProfileOut, responses=error_responses(401, 404))
def patch_profile(
    profile_id: ObjectId,
    body: ProfilePatch,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
) -> ProfileOut:
    """Change any field (the result is validated and guarded as a whole)."""
    profile = profiles.update_profile(
        session,
        actor=user,
        settings=settings,
        profile_id=profile_id,
        changes=body.model_dump(mode="json", exclude_unset=True),
    )
    return _profile_out(session, profile)


@router.delete("/{profile_id}", status_code=204, responses=error_responses(401, 404))
def erase_profile(profile_id: ObjectId, session: SessionDep, user: ApiUser) -> Response:
    """Erase the profile and its identity for good."""
    retention.erase_profile(session, actor=user, profile_id=profile_id)
    return Response(status_code=204)


@router.put("/{profile_id}/identity", status_code=204, responses=error_responses(401, 404))
def put_identity(
    profile_id: ObjectId,
    body: IdentityData,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
) -> Response:
    """Store the person's identity in the encrypted vault."""
    identity.write_identity(
        session, actor=user, settings=settings, profile_id=profile_id, data=body
    )
    return Response(status_code=204)


@router.get(
    "/{profile_id}/identity", response_model=IdentityData, responses=error_responses(401, 404)
)
def get_identity(
    profile_id: ObjectId, session: SessionDep, settings: SettingsDep, user: ApiUser
) -> IdentityData:
    """The person's identity (each read is written to the audit log)."""
    found = identity.read_identity(session, actor=user, settings=settings, profile_id=profile_id)
    if found is None:
        raise NotFound("No identity is recorded for this profile.")
    return found


@router.get(
    "/{profile_id}/consents", response_model=Page[ConsentOut], responses=error_responses(401, 404)
)
def list_consents(profile_id: ObjectId, session: SessionDep, user: ApiUser) -> Page[ConsentOut]:
    found = consents.list_consents(session, actor=user, profile_id=profile_id)
    return Page[ConsentOut](items=[_consent_out(session, c) for c in found], total=len(found))


@router.post(
    "/{profile_id}/consents",
    status_code=201,
    response_model=ConsentOut,
    responses=error_responses(401, 404),
)
def record_consent(
    profile_id: ObjectId, body: ConsentIn, session: SessionDep, user: ApiUser
) -> ConsentOut:
    """Record a consent: its scopes, its expiry and how it was obtained."""
    consent = consents.record_consent(
        session,
        actor=user,
        profile_id=profile_id,
        scopes=body.scopes,
        expires_on=body.expires_on,
        obtained=body.obtained,
        given_on=body.given_on,
    )
    return _consent_out(session, consent)


@router.post(
    "/{profile_id}/consents/{consent_id}/renew",
    status_code=201,
    response_model=ConsentOut,
    responses=error_responses(401, 404, 409),
)
def renew_consent(
    profile_id: ObjectId,
    consent_id: ObjectId,
    body: ConsentRenewal,
    session: SessionDep,
    user: ApiUser,
) -> ConsentOut:
    """Renew a consent with the same scopes and a new expiry."""
    consent = consents.renew_consent(
        session,
        actor=user,
        profile_id=profile_id,
        consent_id=consent_id,
        expires_on=body.expires_on,
        obtained=body.obtained,
    )
    return _consent_out(session, consent)


@router.post(
    "/{profile_id}/consents/{consent_id}/withdraw",
    response_model=ConsentOut,
    responses=error_responses(401, 404, 409),
)
def withdraw_consent(
    profile_id: ObjectId, consent_id: ObjectId, session: SessionDep, user: ApiUser
) -> ConsentOut:
    """Withdraw a consent, effective at once (matching, open introductions, disclosures)."""
    consent = consents.withdraw_consent(
        session, actor=user, profile_id=profile_id, consent_id=consent_id
    )
    return _consent_out(session, consent)


@router.get(
    "/{profile_id}/matches", response_model=Page[MatchOut], responses=error_responses(401, 404)
)
def matches(
    profile_id: ObjectId,
    session: SessionDep,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    kind: Annotated[list[OfferKindLiteral] | None, Query()] = None,
    region: Annotated[str | None, Query(max_length=10)] = None,
    remote: bool | None = None,
) -> Page[MatchOut]:
    """Open offers that fit, best first, with the explanation and training for missing skills."""
    found = profiles.matches_for_profile(
        session,
        actor=user,
        profile_id=profile_id,
        limit=limit,
        filters=profiles.MatchFilters(
            kinds=set(kind) if kind else None,
            region=region.strip().upper() if region else None,
            remote=remote,
        ),
    )
    names = profiles.employer_names(session, found)
    return Page[MatchOut](items=[match_out(m, names) for m in found], total=len(found))


@router.post(
    "/{profile_id}/proposals",
    status_code=201,
    response_model=IntroductionOut,
    response_model_exclude_none=True,
    responses=error_responses(401, 404, 409),
)
def propose(
    profile_id: ObjectId,
    body: ProposalIn,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
) -> IntroductionOut:
    """Propose the profile to an open offer: an introduction started by the caseworker."""
    introduction = introductions.propose(
        session,
        actor=user,
        profile_id=profile_id,
        offer_id=body.offer,
        message=body.message,
        settings=settings,
    )
    assert introduction.id is not None
    view = introductions.caseworker_view(session, actor=user, introduction_id=introduction.id)
    return caseworker_out(view.as_dict())
