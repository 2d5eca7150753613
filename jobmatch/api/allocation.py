"""Network allocation through the API: coordinators run it and read it in counts; caseworkers
read and dismiss the suggestions for their own people."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel

from jobmatch.api.deps import ApiUser, SessionDep, SettingsDep
from jobmatch.api.schemas import Page, error_responses
from jobmatch.errors import NotFound
from jobmatch.services import allocation, reports

router = APIRouter(prefix="/allocations", tags=["allocation"])

Value = int | str | float | None


class TableOut(BaseModel):
    """A protected table: counts below the threshold are "<5", hidden ones "x"."""

    title: str
    rows: list[dict[str, Value]]
    totals: dict[str, int | str]
    suppressed: int


class RunOut(BaseModel):
    id: int
    created_at: datetime
    people: TableOut
    places_filled: TableOut
    open_places: TableOut


class RunRequest(BaseModel):
    network: int | None = None


class SuggestionOut(BaseModel):
    id: int
    profile: int
    reference: str
    offer: int
    offer_title: str
    region: str
    kind: str
    score: float
    rank: int


def _table(table: reports.ReportTable) -> TableOut:
    return TableOut(
        title=table.title,
        rows=table.records(),
        totals=table.totals(),
        suppressed=table.suppressed,
    )


def _run_out(summary: allocation.RunSummary) -> RunOut:
    return RunOut(
        id=summary.run.id or 0,
        created_at=summary.run.created_at,
        people=_table(summary.outcomes),
        places_filled=_table(summary.filled),
        open_places=_table(summary.places),
    )


@router.post("", status_code=201, response_model=RunOut, responses=error_responses(401, 403, 404))
def run(body: RunRequest, session: SessionDep, settings: SettingsDep, user: ApiUser) -> RunOut:
    """Run the network allocation over the caller's networks (or one of them)."""
    allocation.run_allocation(session, actor=user, network_id=body.network)
    summary = allocation.run_summary(session, actor=user, settings=settings)
    assert summary is not None
    return _run_out(summary)


@router.get("/latest", response_model=RunOut, responses=error_responses(401, 403, 404))
def latest(session: SessionDep, settings: SettingsDep, user: ApiUser) -> RunOut:
    """The latest run over the caller's networks, in counts."""
    summary = allocation.run_summary(session, actor=user, settings=settings)
    if summary is None:
        raise NotFound("No allocation has been run for your networks yet.")
    return _run_out(summary)


@router.get("/suggestions", response_model=Page[SuggestionOut], responses=error_responses(401, 403))
def suggestions(session: SessionDep, user: ApiUser) -> Page[SuggestionOut]:
    """Caseworkers: the open suggestions for the people of their organisation."""
    views = allocation.suggestions_for_caseworker(session, actor=user)
    items = [
        SuggestionOut(
            id=v.id,
            profile=v.profile_id,
            reference=v.profile_reference,
            offer=v.offer_id,
            offer_title=v.offer_title,
            region=v.offer_region,
            kind=v.offer_kind,
            score=v.score,
            rank=v.rank,
        )
        for v in views
    ]
    return Page[SuggestionOut](items=items, total=len(items))


@router.post(
    "/suggestions/{suggestion_id}/dismiss",
    status_code=204,
    responses=error_responses(401, 403, 404, 409),
)
def dismiss(suggestion_id: int, session: SessionDep, user: ApiUser) -> Response:
    """Caseworkers: set a suggestion aside."""
    allocation.dismiss_suggestion(session, actor=user, suggestion_id=suggestion_id)
    return Response(status_code=204)
