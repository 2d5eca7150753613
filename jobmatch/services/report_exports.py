"""Report exports: a dashboard table taken out of the platform (CSV, JSON, API), audited.

The tables hold counts only, small ones hidden (:mod:`jobmatch.services.reports`). Yet exports
with different filters, set side by side, are how one would try to work out a hidden count; the
audit log keeps who exported which table, grouped how and with which filters, so that such a
series can be seen and asked about.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.models import User
from jobmatch.services import audit, reports

__all__ = ["Format", "export_report"]

Format = Literal["csv", "json"]


def export_report(
    session: Session,
    *,
    actor: User | None,
    settings: Settings,
    key: str,
    by: str = "month",
    filters: reports.ReportFilters | None = None,
    format: Format,
) -> reports.ReportTable:
    """One protected table of the actor's networks, for export; the export is audited."""
    filters = filters or reports.ReportFilters()
    table = reports.report(session, actor=actor, settings=settings, key=key, by=by, filters=filters)
    audit.record(
        session,
        actor=actor,
        action="report.exported",
        object_type="report",
        report=key,
        by=by,
        format=format,
        filters=described(filters),
    )
    session.commit()
    return table


def described(filters: reports.ReportFilters) -> dict[str, Any]:
    """The filters that narrow the table (dates, codes and ids only), by their query names."""
    values = {
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "region": filters.region,
        "organisation": filters.organisation_id,
        "kind": filters.kind,
        "network": filters.network_id,
    }
    return {name: value for name, value in values.items() if value is not None}
