"""One rule for every coordinator page and route of issue 7: signed in, right role, no person."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import api_token, make_user, web_login
from tests.services.test_reports import Net

COORDINATOR_PAGES = [
    "/dashboard",
    "/dashboard/outcomes.csv",
    "/dashboard/offers.json",
    "/allocations",
    "/network",
    "/network/offers",
]
COORDINATOR_API = [
    "/api/v1/reports",
    "/api/v1/reports/outcomes",
    "/api/v1/reports/outcomes.csv",
    "/api/v1/reports/declines",
    "/api/v1/reports/declines.csv",
    "/api/v1/network/networks",
]


@pytest.mark.parametrize("path", [*COORDINATOR_PAGES, "/allocations/suggestions"])
def test_pages_need_a_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", COORDINATOR_API)
def test_api_needs_a_token(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ["employer", "association", "caseworker"])
def test_other_roles_are_refused_everywhere(
    client: TestClient, session: Session, role: str
) -> None:
    net = Net(session)
    organisation = {"employer": net.employer, "caseworker": net.ngo}.get(role, net.employer)
    user = make_user(session, role=role, organisation=organisation)
    session.commit()
    web_login(client, user.email)
    for path in COORDINATOR_PAGES:
        assert client.get(path).status_code == 403, path
    headers = api_token(client, user.email)
    for path in COORDINATOR_API:
        assert client.get(path, headers=headers).status_code == 403, path


def test_reports_are_in_the_openapi_schema_with_security(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/reports/outcomes", "/api/v1/reports/outcomes.csv"):
        operation = schema["paths"][path]["get"]
        assert operation.get("security"), path
        names = {p["name"] for p in operation["parameters"]}
        assert {"from", "to", "by"} <= names
