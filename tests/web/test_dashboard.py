"""The coordinator's dashboard page: charts, tables, filters, downloads, and no person in sight."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from jobmatch.models import AuditEvent, Profile
from jobmatch.policy import NetworkScope
from jobmatch.services import network_scope, reports
from jobmatch.web.charts import Series, bar_chart, line_chart
from tests.factories import make_user, web_login
from tests.services.test_reports import Net, placements


def test_dashboard_shows_charts_and_tables(client: TestClient, session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/dashboard", params={"by": "region", "from": "2026-01-01"})
    assert page.status_code == 200
    html = page.text
    assert "Network dashboard" in html
    for title in (
        "Offers published",
        "Places offered",
        "Active profiles",
        "Introductions by status",
        "Placements and retention",
        "Days from profile to placement",
        "Decline reasons",
    ):
        assert title in html
    assert html.count("<svg") == 7
    assert html.count("<title id=") == 7 and html.count("<desc id=") == 7
    assert 'href="/static/charts.css"' in html
    # No inline script or style: the page works under the CSP.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "style=" not in html
    assert '<th scope="row">ITC11</th>' in html
    # A coordinator never gets a link to a profile, nor a profile's reference.
    for profile in session.exec(select(Profile)).all():
        assert profile.reference not in html
    assert "/profiles/" not in html


def test_small_counts_show_as_less_than_five(client: TestClient, session: Session) -> None:
    net = Net(session)
    placements(session, net, 2, month=3)
    session.commit()
    web_login(client, net.coordinator.email)
    html = client.get("/dashboard", params={"by": "region", "from": "2026-01-01"}).text
    assert "&lt;5" in html
    assert not re.search(r'<td class="num">2</td>', html)


def test_invalid_filters_are_shown_next_to_their_field(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/dashboard", params={"from": "someday", "region": "I T", "by": "x"})
    assert page.status_code == 422
    assert 'id="from-error"' in page.text and 'aria-invalid="true"' in page.text
    assert 'value="someday"' in page.text


def test_downloads(client: TestClient, session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    session.commit()
    web_login(client, net.coordinator.email)
    csv = client.get("/dashboard/outcomes.csv", params={"by": "region"})
    assert csv.status_code == 200 and csv.text.startswith("region,")
    data = client.get("/dashboard/declines.json").json()
    assert set(data) == {"report", "by", "rows", "totals", "suppressed"}
    assert client.get("/dashboard/people.csv").status_code == 404


def test_other_roles_cannot_open_the_dashboard(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.caseworker.email)
    assert client.get("/dashboard").status_code == 403
    assert client.get("/dashboard/outcomes.csv").status_code == 403


def test_signed_out_goes_to_login(client: TestClient) -> None:
    response = client.get("/dashboard", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_navigation_has_the_dashboard_for_coordinators(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    employer = make_user(session, role="employer", organisation=net.employer)
    session.commit()
    web_login(client, net.coordinator.email)
    assert 'href="/dashboard"' in client.get("/home").text
    client.cookies.clear()
    web_login(client, employer.email)
    assert 'href="/dashboard"' not in client.get("/home").text


def test_charts_are_accessible_svg() -> None:
    svg = str(
        line_chart(
            title="Placements <by month>",
            description="Numbers beside",
            labels=["2026-01", "2026-02", "2026-03"],
            series=[Series("Placements", [5, "<5", 9]), Series("Retained", [0, 0, 6])],
            x_label="Month",
            y_label="Count",
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "Placements &lt;by month&gt;" in svg
    assert ">Month</text>" in svg and ">Count</text>" in svg
    assert "style=" not in svg and "<script" not in svg
    # the hidden month breaks the line: no polyline joins through it
    assert "polyline" in svg
    bars = str(
        bar_chart(
            title="Offers",
            description="d",
            labels=["ITC11", "FR101"],
            series=[Series("Jobs", [12, "<5"])],
            x_label="Region",
            y_label="Count",
        )
    )
    assert bars.count("<rect") == 1 and "&lt;5" in bars


def test_a_too_long_period_is_an_error_next_to_its_field(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    session.commit()
    web_login(client, net.coordinator.email)
    page = client.get("/dashboard", params={"from": "2001-01-01"})
    assert page.status_code == 422
    assert 'id="from-error"' in page.text and "at most 5 years" in page.text


def test_downloads_are_audited_the_page_is_not(client: TestClient, session: Session) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    session.commit()
    web_login(client, net.coordinator.email)
    assert client.get("/dashboard", params={"region": "ITC1"}).status_code == 200
    assert client.get("/dashboard/outcomes.csv", params={"by": "region"}).status_code == 200
    assert client.get("/dashboard/declines.json", params={"kind": "job"}).status_code == 200
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "report.exported")
        .order_by(col(AuditEvent.id))
    ).all()
    assert [(e.actor_id, e.detail) for e in events] == [
        (
            net.coordinator.id,
            {"report": "outcomes", "by": "region", "format": "csv", "filters": {}},
        ),
        (
            net.coordinator.id,
            {"report": "declines", "by": "month", "format": "json", "filters": {"kind": "job"}},
        ),
    ]


def test_the_coordinators_networks_are_worked_out_once_per_page(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    session.commit()
    web_login(client, net.coordinator.email)
    calls: list[object] = []
    original = network_scope.network_scope

    def counted(*args: object, **kwargs: object) -> NetworkScope:
        calls.append(kwargs.get("actor"))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(network_scope, "network_scope", counted)
    monkeypatch.setattr(reports, "network_scope", counted)
    page = client.get("/dashboard", params={"by": "organisation", "from": "2026-01-01"})
    assert page.status_code == 200 and "Placements and retention" in page.text
    assert f'<option value="{net.employer.id}"' in page.text  # the organisation filter
    assert net.piemonte.name in page.text  # and the network filter are still filled
    assert len(calls) == 1
