"""Network reports for coordinators: counts only, small counts as "<5", in JSON and CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from jobmatch.api.deps import ApiUser, SessionDep, SettingsDep
from jobmatch.api.schemas import error_responses
from jobmatch.policy import require_network_reader
from jobmatch.services import report_exports, reports

router = APIRouter(prefix="/reports", tags=["reports"])

ReportName = Literal[
    "outcomes",
    "offers",
    "places",
    "profiles",
    "introductions",
    "placements",
    "time_to_placement",
    "declines",
]
By = Literal["month", "region", "sector", "organisation"]
Value = int | str | float | None


class ReportOut(BaseModel):
    """A protected table: each row is ``{by: key, column: count, ...}``; a count below the
    threshold is the string "<5", a count hidden so that it cannot be worked out is "x"."""

    report: str
    title: str
    by: str
    rows: list[dict[str, Value]]
    totals: dict[str, int | str]
    suppressed: int
    threshold: int
    note: str


class ReportInfo(BaseModel):
    report: str
    title: str
    columns: list[str]


class ReportList(BaseModel):
    items: list[ReportInfo]
    total: int


class Filters:
    """The query of every report route."""

    def __init__(
        self,
        by: By = "month",
        from_: Annotated[date | None, Query(alias="from")] = None,
        to: date | None = None,
        region: Annotated[str | None, Query(max_length=5)] = None,
        organisation: int | None = None,
        kind: Literal["job", "placement", "apprenticeship", "training"] | None = None,
        network: int | None = None,
    ) -> None:
        self.by = by
        self.filters = reports.parse_filters(
            date_from=from_.isoformat() if from_ else None,
            date_to=to.isoformat() if to else None,
            region=region,
            organisation=str(organisation) if organisation is not None else None,
            kind=kind,
            network=str(network) if network is not None else None,
        )


def _table(
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
    name: str,
    query: Filters,
    format: report_exports.Format,
) -> reports.ReportTable:
    """The table, its export audited (what the API answers leaves the platform)."""
    return report_exports.export_report(
        session,
        actor=user,
        settings=settings,
        key=name,
        by=query.by,
        filters=query.filters,
        format=format,
    )


def _out(table: reports.ReportTable, settings: SettingsDep) -> ReportOut:
    return ReportOut(
        report=table.key,
        title=table.title,
        by=table.by,
        rows=table.records(),
        totals=table.totals(),
        suppressed=table.suppressed,
        threshold=settings.suppression_threshold,
        note=table.note,
    )


def _csv(table: reports.ReportTable) -> Response:
    return Response(
        reports.to_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table.key}-by-{table.by}.csv"'},
    )


@router.get("", response_model=ReportList, responses=error_responses(401, 403))
def list_reports(user: ApiUser) -> ReportList:
    """The reports a coordinator can ask for."""
    require_network_reader(user)
    items = [
        ReportInfo(report=key, title=spec.title, columns=[c for c, _ in spec.columns])
        for key, spec in reports.TABLES.items()
    ]
    return ReportList(items=items, total=len(items))


@router.get(
    "/outcomes.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **error_responses(401, 403, 404)},
)
def outcomes_csv(
    session: SessionDep, settings: SettingsDep, user: ApiUser, query: Annotated[Filters, Depends()]
) -> Response:
    """The outcomes by region, sector, organisation or month, as CSV."""
    return _csv(_table(session, settings, user, "outcomes", query, "csv"))


@router.get("/outcomes", response_model=ReportOut, responses=error_responses(401, 403, 404))
def outcomes(
    session: SessionDep, settings: SettingsDep, user: ApiUser, query: Annotated[Filters, Depends()]
) -> ReportOut:
    """Introductions, placements, retention and endings by region, sector, organisation or
    month, in the caller's networks."""
    return _out(_table(session, settings, user, "outcomes", query, "json"), settings)


@router.get(
    "/{name}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **error_responses(401, 403, 404)},
)
def report_csv(
    name: ReportName,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
    query: Annotated[Filters, Depends()],
) -> Response:
    """Any dashboard table as CSV."""
    return _csv(_table(session, settings, user, name, query, "csv"))


@router.get("/{name}", response_model=ReportOut, responses=error_responses(401, 403, 404))
def report(
    name: ReportName,
    session: SessionDep,
    settings: SettingsDep,
    user: ApiUser,
    query: Annotated[Filters, Depends()],
) -> ReportOut:
    """Any dashboard table: offers, places, profiles, introductions, placements,
    time_to_placement (with the median days where enough people), declines."""
    return _out(_table(session, settings, user, name, query, "json"), settings)
