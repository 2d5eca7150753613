"""POST /api/v1/tokens, GET /api/v1/me, DELETE /api/v1/tokens/current, the OpenAPI schema."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import PASSWORD, api_token, make_organisation, make_user


def test_token_then_me(client: TestClient, session: Session) -> None:
    org = make_organisation(session, name="Hotel Bellavista", kind="employer")
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    headers = api_token(client, user.email)
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.json() == {
        "id": user.id,
        "email": user.email,
        "role": "employer",
        "organisation": {"id": org.id, "name": "Hotel Bellavista", "kind": "employer"},
    }


def test_revoked_token_stops_working(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    headers = api_token(client, user.email)
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 204
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_bad_credentials_and_bad_bodies(client: TestClient, session: Session) -> None:
    org = make_organisation(session)
    user = make_user(session, role="employer", organisation=org)
    session.commit()
    wrong = client.post("/api/v1/tokens", json={"email": user.email, "password": "wrong"})
    unknown = client.post("/api/v1/tokens", json={"email": "x@y.org", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    bad = client.post("/api/v1/tokens", json={"email": 3})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid"
    assert "password" in bad.json()["error"]["fields"]
    assert client.post("/api/v1/tokens", content=b"not json").status_code == 422


def test_me_needs_a_token(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"


def test_openapi_schema_declares_bearer_security(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"HTTPBearer": []}]
    # Web pages are not part of the API schema.
    assert not any(not path.startswith("/api/v1/") for path in schema["paths"])
