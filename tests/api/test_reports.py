"""The reports API: coordinators only, counts only, "<5" for small counts, JSON and CSV."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from jobmatch.models import AuditEvent, Profile
from tests.factories import api_token, make_user
from tests.services.test_reports import Net, placements


def test_outcomes_by_region_with_small_counts_suppressed(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    placements(session, net, 7, month=3)
    placements(session, net, 1, month=4)
    session.commit()
    assert net.coordinator.email
    headers = api_token(client, net.coordinator.email)
    response = client.get(
        "/api/v1/reports/outcomes",
        params={"by": "month", "from": "2026-01-01", "to": "2026-06-30"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= {"rows", "suppressed"}
    april = next(r for r in body["rows"] if r["month"] == "2026-04")
    assert april["hired"] == "<5"
    assert body["suppressed"] >= 2
    assert body["totals"]["hired"] == 8


def test_outcomes_csv(client: TestClient, session: Session) -> None:
    net = Net(session)
    placements(session, net, 7, month=3)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    response = client.get("/api/v1/reports/outcomes.csv", params={"by": "region"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().split("\n")
    assert lines[0].startswith("region,introductions,approved,hired")
    assert lines[1].startswith("ITC11,7,7,7")
    assert lines[-1].startswith("total,7,7,7")


def test_every_dashboard_table_in_json_and_csv(client: TestClient, session: Session) -> None:
    net = Net(session)
    placements(session, net, 3, month=3)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    listed = client.get("/api/v1/reports", headers=headers).json()
    names = [item["report"] for item in listed["items"]]
    columns = {item["report"]: item["columns"] for item in listed["items"]}
    references = [p.reference for p in session.exec(select(Profile)).all()]
    assert references
    assert "declines" in names and listed["total"] == len(names)
    for name in names:
        for by in ("month", "region", "sector", "organisation"):
            as_json = client.get(f"/api/v1/reports/{name}", params={"by": by}, headers=headers)
            assert as_json.status_code == 200, (name, by, as_json.text)
            as_csv = client.get(f"/api/v1/reports/{name}.csv", params={"by": by}, headers=headers)
            assert as_csv.status_code == 200
            # nothing that could point at a person: only the group, the counts, the totals
            allowed = {by, "organisation_name", "total", "median_days", *columns[name]}
            for row in as_json.json()["rows"]:
                assert set(row) <= allowed
            for reference in references:
                assert reference not in as_json.text and reference not in as_csv.text


def test_bad_query_is_422_not_500(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    for params in ({"by": "person"}, {"from": "soon"}, {"kind": "cruise"}, {"region": "I T"}):
        response = client.get("/api/v1/reports/outcomes", params=params, headers=headers)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid"
    bad = client.get("/api/v1/reports/people", headers=headers)
    assert bad.status_code == 422


def test_other_roles_are_refused(client: TestClient, session: Session) -> None:
    net = Net(session)
    employer = make_user(session, role="employer", organisation=net.employer)
    session.commit()
    for email in (net.caseworker.email, employer.email):
        headers = api_token(client, email)
        response = client.get("/api/v1/reports/outcomes", headers=headers)
        assert response.status_code == 403
        assert client.get("/api/v1/reports/outcomes.csv", headers=headers).status_code == 403
    assert client.get("/api/v1/reports/outcomes").status_code == 401


def test_a_network_not_ones_own_is_404(client: TestClient, session: Session) -> None:
    net = Net(session)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    response = client.get(
        "/api/v1/reports/offers", params={"network": net.france.id}, headers=headers
    )
    assert response.status_code == 404


def test_coordinator_cannot_open_a_profile_or_identity(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    placements(session, net, 1, month=3)
    session.commit()
    profile = session.exec(select(Profile)).first()
    assert profile is not None
    headers = api_token(client, net.coordinator.email)
    for path in (
        f"/api/v1/profiles/{profile.id}",
        f"/api/v1/profiles/{profile.id}/identity",
        f"/api/v1/profiles/{profile.id}/matches",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code in (403, 404), path
        assert profile.reference not in response.text
    listed = client.get("/api/v1/profiles", headers=headers)
    assert profile.reference not in listed.text


def test_every_answer_of_the_reports_api_is_an_audited_export(
    client: TestClient, session: Session
) -> None:
    net = Net(session)
    placements(session, net, 6, month=3)
    session.commit()
    headers = api_token(client, net.coordinator.email)
    asked = [
        ("/api/v1/reports/outcomes.csv", {"by": "region", "from": "2026-01-01"}),
        ("/api/v1/reports/outcomes", {"kind": "job"}),
        ("/api/v1/reports/declines.csv", {"organisation": net.employer.id}),
        ("/api/v1/reports/offers", {"by": "sector", "network": net.piemonte.id}),
    ]
    for path, params in asked:
        assert client.get(path, params=params, headers=headers).status_code == 200
    assert client.get("/api/v1/reports", headers=headers).status_code == 200  # the list: no
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "report.exported")
        .order_by(col(AuditEvent.id))
    ).all()
    assert [(e.actor_id, e.detail["report"], e.detail["format"]) for e in events] == [
        (net.coordinator.id, "outcomes", "csv"),
        (net.coordinator.id, "outcomes", "json"),
        (net.coordinator.id, "declines", "csv"),
        (net.coordinator.id, "offers", "json"),
    ]
    assert [e.detail["filters"] for e in events] == [
        {"from": "2026-01-01"},
        {"kind": "job"},
        {"organisation": net.employer.id},
        {"network": net.piemonte.id},
    ]
    assert [e.detail["by"] for e in events] == ["region", "month", "month", "sector"]
