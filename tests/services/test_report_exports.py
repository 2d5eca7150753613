"""Report exports: the same protected tables as the dashboard, each export in the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from jobmatch.errors import Forbidden
from jobmatch.models import AuditEvent
from jobmatch.services import report_exports, reports
from tests.factories import make_user
from tests.services.test_reports import SETTINGS, Net, placements


def _exports(session: Session) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == "report.exported")))


def test_an_export_is_audited_with_who_which_table_and_filters(session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    session.commit()
    filters = reports.ReportFilters(
        date_from=date(2026, 1, 1), region="ITC1", kind="job", network_id=net.piemonte.id
    )
    table = report_exports.export_report(
        session,
        actor=net.coordinator,
        settings=SETTINGS,
        key="placements",
        by="region",
        filters=filters,
        format="csv",
    )
    shown = reports.report(
        session,
        actor=net.coordinator,
        settings=SETTINGS,
        key="placements",
        by="region",
        filters=filters,
    )
    assert table.records() == shown.records()
    [event] = _exports(session)
    assert event.actor_id == net.coordinator.id
    assert event.object_type == "report" and event.object_id is None
    assert event.detail == {
        "report": "placements",
        "by": "region",
        "format": "csv",
        "filters": {
            "from": "2026-01-01",
            "region": "ITC1",
            "kind": "job",
            "network": net.piemonte.id,
        },
    }


def test_a_refused_export_leaves_no_entry(session: Session) -> None:
    net = Net(session)
    employer = make_user(session, role="employer", organisation=net.employer)
    session.commit()
    with pytest.raises(Forbidden):
        report_exports.export_report(
            session, actor=employer, settings=SETTINGS, key="offers", format="json"
        )
    assert _exports(session) == []
