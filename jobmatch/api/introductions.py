"""Introductions: each side lists and reads its own; caseworkers approve, decline or withdraw;
both sides record outcomes."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from jobmatch.api.deps import ApiUser, SessionDep, SettingsDep
from jobmatch.api.schemas import ObjectId, Page, PageNumber, PerPage, error_responses
from jobmatch.models import OutcomeEvent
from jobmatch.schemas.exchange import Strict
from jobmatch.services import introductions, outcomes

router = APIRouter(tags=["introductions"])

DisclosableLiteral = Literal["first_name", "full_name", "phone", "email", "best_time", "note"]
DeclineLiteral = Literal[
    "lacking_skills",
    "conditions_unsuitable",
    "safety_concern",
    "not_interested",
    "not_ready",
    "already_placed",
    "other",
]
OutcomeLiteral = Literal[
    "interview", "hired", "started", "training_started", "training_completed", "retained", "ended"
]
EndLiteral = Literal[
    "contract_completed", "resigned", "dismissed", "health", "safety", "relocated", "other"
]


class IntroductionOut(BaseModel):
    """An introduction as the caller's side may see it: the employer side gets the candidate
    ref and the disclosed values; the caseworkers get the profile and their own note."""

    id: int
    status: str
    offer: int
    offer_title: str
    initiated_by: str
    message: str | None = None
    decline_reason: str | None = None
    created_at: datetime
    decided_at: datetime | None = None
    disclosed: dict[str, str] = Field(
        default_factory=dict, description="Employer side: the disclosed identity fields"
    )
    candidate: str | None = Field(default=None, description="Employer side: the candidate ref")
    employer: str | None = Field(default=None, description="Caseworkers: the employer's name")
    profile: int | None = Field(default=None, description="Caseworkers: the profile id")
    reference: str | None = Field(default=None, description="Caseworkers: the profile reference")
    disclosed_fields: list[str] | None = Field(
        default=None, description="Caseworkers: the fields chosen for disclosure"
    )
    decision_note: str | None = Field(
        default=None, description="Caseworkers: their own note, never shown to the employer"
    )
    version: int | None = Field(default=None, description="Caseworkers: for a conditional decision")


class ApproveIn(Strict):
    disclose: list[DisclosableLiteral] = Field(min_length=1)
    note: str | None = Field(default=None, max_length=2000, description="A note for the employer")
    version: int | None = Field(default=None, description="Decide only if still at this version")


class DeclineIn(Strict):
    reason: DeclineLiteral
    note: str | None = Field(default=None, max_length=2000, description="Kept by caseworkers")
    version: int | None = None


class WithdrawIn(Strict):
    version: int | None = None


class OutcomeIn(Strict):
    kind: OutcomeLiteral
    date: date
    reason: EndLiteral | None = Field(default=None, description="Why it ended (for 'ended')")
    months: Literal[1, 3, 6, 12] | None = Field(default=None, description="For 'retained'")


class OutcomeOut(BaseModel):
    id: int
    introduction: int | None
    kind: str
    date: date
    months: int | None
    reason: str | None
    created_at: datetime


class CheckInOut(BaseModel):
    introduction: int
    profile: int
    reference: str
    offer: int
    offer_title: str
    started_on: date
    months: int
    due_on: date


def caseworker_out(view: dict[str, Any]) -> IntroductionOut:
    return IntroductionOut.model_validate({**view, "disclosed": {}})


def _out(view: dict[str, Any]) -> IntroductionOut:
    return IntroductionOut.model_validate(view)


def _outcome_out(event: OutcomeEvent) -> OutcomeOut:
    assert event.id is not None
    return OutcomeOut(
        id=event.id,
        introduction=event.introduction_id,
        kind=event.kind,
        date=event.date,
        months=event.months,
        reason=event.reason,
        created_at=event.created_at,
    )


# Approve, decline and withdraw: each answers the introduction as it now is.
_decision = partial(
    router.post,
    response_model=IntroductionOut,
    response_model_exclude_none=True,
    responses=error_responses(401, 404, 409),
)


def _decided(session: SessionDep, user: ApiUser, introduction_id: ObjectId) -> IntroductionOut:
    view = introductions.caseworker_view(session, actor=user, introduction_id=introduction_id)
    return caseworker_out(view.as_dict())


@router.get(
    "/introductions",
    response_model=Page[IntroductionOut],
    response_model_exclude_none=True,
    responses=error_responses(401, 403),
)
def list_introductions(
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
    page: PageNumber = 1,
    per_page: PerPage = 50,
) -> Page[IntroductionOut]:
    """The introductions the caller may see: an employer's offers', or a caseworker
    organisation's profiles'. Disclosed values are only in the single view."""
    rows, total = introductions.list_for_actor(
        session, actor=user, settings=settings, page=page, per_page=per_page
    )
    return Page[IntroductionOut](items=[_out(r) for r in rows], total=total)


@router.get(
    "/checkins",
    response_model=Page[CheckInOut],
    responses=error_responses(401, 403),
    tags=["outcomes"],
)
def due_checkins(session: SessionDep, user: ApiUser) -> Page[CheckInOut]:
    """Retention check-ins due now (1, 3, 6 and 12 months after a start) for the caller's
    organisation."""
    due = outcomes.due_checkins(session, actor=user)
    items = [
        CheckInOut(
            introduction=c.introduction.id or 0,
            profile=c.profile.id or 0,
            reference=c.profile.reference,
            offer=c.offer.id or 0,
            offer_title=c.offer.title,
            started_on=c.started_on,
            months=c.months,
            due_on=c.due_on,
        )
        for c in due
    ]
    return Page[CheckInOut](items=items, total=len(items))


@router.get(
    "/introductions/{introduction_id}",
    response_model=IntroductionOut,
    response_model_exclude_none=True,
    responses=error_responses(401, 403, 404),
)
def get_introduction(
    introduction_id: ObjectId, session: SessionDep, settings: SettingsDep, user: ApiUser
) -> IntroductionOut:
    """One introduction; for the employer side, ``disclosed`` holds what the caseworker chose
    (read now, and audited), only while approved and consented."""
    view = introductions.view_for_actor(
        session, actor=user, introduction_id=introduction_id, settings=settings
    )
    return _out(view)


@_decision("/introductions/{introduction_id}/approve")
def approve(
    introduction_id: ObjectId,
    body: ApproveIn,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
) -> IntroductionOut:
    """Approve a request, choosing the identity fields the employer may see."""
    introductions.approve(
        session,
        actor=user,
        settings=settings,
        introduction_id=introduction_id,
        disclose=body.disclose,
        note=body.note,
        version=body.version,
    )
    return _decided(session, user, introduction_id)


@_decision("/introductions/{introduction_id}/decline")
def decline(
    introduction_id: ObjectId, body: DeclineIn, session: SessionDep, user: ApiUser
) -> IntroductionOut:
    """Decline a request with a structured reason (the note stays with the caseworkers)."""
    introductions.decline(
        session,
        actor=user,
        introduction_id=introduction_id,
        reason=body.reason,
        note=body.note,
        version=body.version,
    )
    return _decided(session, user, introduction_id)


@_decision("/introductions/{introduction_id}/withdraw")
def withdraw(
    introduction_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
    body: WithdrawIn | None = None,
) -> IntroductionOut:
    """Withdraw: the employer its pending request; a caseworker a request or an approval."""
    introductions.withdraw(
        session,
        actor=user,
        introduction_id=introduction_id,
        settings=settings,
        version=body.version if body else None,
    )
    return get_introduction(introduction_id, session, settings, user)


@router.post(
    "/introductions/{introduction_id}/outcomes",
    status_code=201,
    response_model=OutcomeOut,
    responses=error_responses(401, 404),
    tags=["outcomes"],
)
def record_outcome(
    introduction_id: ObjectId, body: OutcomeIn, session: SessionDep, user: ApiUser
) -> OutcomeOut:
    """Record what happened after an approved introduction."""
    event = outcomes.record_outcome(
        session,
        actor=user,
        introduction_id=introduction_id,
        kind=body.kind,
        on=body.date,
        reason=body.reason,
        months=body.months,
    )
    return _outcome_out(event)


@router.get(
    "/introductions/{introduction_id}/outcomes",
    response_model=Page[OutcomeOut],
    responses=error_responses(401, 404),
    tags=["outcomes"],
)
def list_outcomes(
    introduction_id: ObjectId, session: SessionDep, user: ApiUser
) -> Page[OutcomeOut]:
    found = outcomes.list_outcomes(session, actor=user, introduction_id=introduction_id)
    return Page[OutcomeOut](items=[_outcome_out(e) for e in found], total=len(found))
