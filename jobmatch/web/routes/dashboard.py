"""The coordinator's dashboard: every report table as an SVG chart beside its numbers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from markupsafe import Markup

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.errors import Invalid, Message, NotFound
from jobmatch.services import report_exports, reports
from jobmatch.web.charts import Series, bar_chart, line_chart
from jobmatch.web.deps import WebUser
from jobmatch.web.i18n import _, format_month
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)

BY_LABELS = {
    "month": "Month",
    "region": "Region",
    "sector": "Sector",
    "organisation": "Organisation",
}


def table_chart(table: reports.ReportTable) -> Markup:
    """A line chart over months, grouped bars otherwise; the numbers are in the table too."""
    series = [
        Series(_(label), [row[j] for row in table.cells])
        for j, label in enumerate(table.column_labels)
    ]
    # Only the series that have something to draw, so the legend stays short.
    series = [s for s in series if any(v not in (0, None) for v in s.values)] or series[:1]
    if table.row_totals is not None and len(table.columns) > 1:
        # Totals are often published where their parts are hidden: draw them too.
        series = [Series(_("Total"), table.row_totals), *series]
    x_label = _(BY_LABELS[table.by])
    description = _("The numbers are in the table next to this chart.")
    if table.by == "month":
        return line_chart(
            title=_(table.title),
            description=description,
            labels=[format_month(label, "short") for label in table.row_labels],
            series=series,
            x_label=x_label,
            y_label=_("Count"),
        )
    return bar_chart(
        title=_(table.title),
        description=description,
        labels=table.rows if table.by != "organisation" else table.row_labels,
        series=series,
        x_label=x_label,
        y_label=_("Count"),
    )


def _query(
    by: str = "month",
    date_from: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    region: str | None = None,
    organisation: str | None = None,
    kind: str | None = None,
    network: str | None = None,
) -> dict[str, str]:
    """The dashboard's query as typed, "" for what is not given (the page's form shows it)."""
    return {
        "by": by,
        "from": date_from or "",
        "to": to or "",
        "region": region or "",
        "organisation": organisation or "",
        "kind": kind or "",
        "network": network or "",
    }


# How the dashboard and its downloads take their grouping and filters.
DashboardQuery = Annotated[dict[str, str], Depends(_query)]


def _filters(query: dict[str, str]) -> reports.ReportFilters:
    return reports.parse_filters(
        date_from=query["from"],
        date_to=query["to"],
        region=query["region"],
        organisation=query["organisation"],
        kind=query["kind"],
        network=query["network"],
    )


@router.get("/dashboard")
def dashboard(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    query: DashboardQuery,
) -> Response:
    errors: dict[str, str] = {}
    try:
        filters = _filters(query)
    except Invalid as exc:
        filters, errors = reports.ReportFilters(), exc.fields
    by = query["by"]
    if by not in reports.DIMENSIONS:
        errors["by"] = Message("Choose how to group the numbers.")
        by = "month"
    # The coordinator's networks, once for the tables and both filters.
    scope = reports.network_scope(session, actor=user)
    try:
        tables = reports.dashboard(
            session, actor=user, settings=settings, by=by, filters=filters, scope=scope
        )
    except (NotFound, Invalid) as exc:
        if isinstance(exc, NotFound):
            errors["network"] = Message("Choose one of your networks.")
        else:
            errors.update(exc.fields)
        filters = reports.ReportFilters()
        tables = reports.dashboard(
            session, actor=user, settings=settings, by=by, filters=filters, scope=scope
        )
    return render(
        request,
        "dashboard/index.html",
        {
            "tables": [(t, table_chart(t)) for t in tables],
            "values": {**query, "by": by},
            "errors": {k: _(v) for k, v in errors.items()},
            "by_labels": BY_LABELS,
            "kinds": [c for c, _label in reports.KIND_COLUMNS],
            "networks": reports.networks_in_scope(session, actor=user, scope=scope),
            "organisations": reports.organisations_in_scope(session, actor=user, scope=scope),
            "query": request.url.query,
            "threshold": settings.suppression_threshold,
        },
        status_code=422 if errors else 200,
    )


def _export(
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    name: str,
    query: dict[str, str],
    format: report_exports.Format,
) -> reports.ReportTable:
    return report_exports.export_report(
        session,
        actor=user,
        settings=settings,
        key=name,
        by=query["by"],
        filters=_filters(query),
        format=format,
    )


@router.get("/dashboard/{name}.csv")
def dashboard_csv(
    name: str, session: SessionDep, settings: SettingsDep, user: WebUser, query: DashboardQuery
) -> Response:
    table = _export(session, settings, user, name, query, "csv")
    return Response(
        reports.to_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table.key}-by-{table.by}.csv"'},
    )


@router.get("/dashboard/{name}.json")
def dashboard_json(
    name: str, session: SessionDep, settings: SettingsDep, user: WebUser, query: DashboardQuery
) -> Response:
    table = _export(session, settings, user, name, query, "json")
    body = {
        "report": table.key,
        "by": table.by,
        "rows": table.records(),
        "totals": table.totals(),
        "suppressed": table.suppressed,
    }
    return JSONResponse(
        body,
        headers={"Content-Disposition": f'attachment; filename="{table.key}-by-{table.by}.json"'},
    )
