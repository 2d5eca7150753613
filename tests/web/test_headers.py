"""Security headers on every page, and login sessions that end when they should (through the web).

Every GET route outside the API is requested as every role and anonymously, with real objects in
its path where the factories can make them (an unknown one otherwise: error pages need the headers
too). A new page is covered without anyone remembering to add it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from jobmatch.models import Consent, Introduction, User, WebSession
from jobmatch.models._common import utcnow
from jobmatch.services import accounts
from jobmatch.web.deps import SESSION_COOKIE
from tests.caseworker_world import make_world
from tests.factories import csrf_from, make_organisation, make_user, web_login

ROLES = [None, "employer", "association", "caseworker", "coordinator", "admin"]


def page_routes(app: FastAPI) -> list[str]:
    """Every GET route outside the API and the static files, through included routers."""

    def walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None:
                context = getattr(route, "include_context", None)
                yield from walk(included.routes, prefix + (getattr(context, "prefix", "") or ""))
            else:
                yield prefix + getattr(route, "path", ""), route

    return sorted(
        {
            path
            for path, route in walk(list(app.routes))
            if isinstance(route, APIRoute)
            and "GET" in route.methods
            and not path.startswith(("/api/", "/static/"))
        }
    )


def assert_secure_headers(response: Any, url: str) -> None:
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert directives.get("frame-ancestors") == ["'none'"], url
    assert directives.get("default-src") == ["'self'"], url
    assert "*" not in csp, url
    assert headers.get("x-content-type-options") == "nosniff", url
    assert headers.get("referrer-policy") == "no-referrer", url
    assert "no-store" in headers.get("cache-control", ""), url


@pytest.fixture
def world_users(engine: Engine) -> dict[str, Any]:
    with Session(engine, expire_on_commit=False) as session:
        world = make_world(session)
        association = make_organisation(session, kind="employer_association")
        world.company.association_id = association.id
        session.add(world.company)
        intro = Introduction(
            offer_id=world.offer.id,
            profile_id=world.profile.id,
            initiated_by="employer",
            requested_by_id=world.employer.id,
        )
        session.add(intro)
        session.flush()
        consent = session.exec(select(Consent).where(Consent.profile_id == world.profile.id)).one()
        users = {
            "employer": world.employer,
            "association": make_user(session, role="association", organisation=association),
            "caseworker": world.caseworker,
            "coordinator": world.coordinator,
            "admin": world.admin,
        }
        params = {
            "offer_id": world.offer.id,
            "profile_id": world.profile.id,
            "organisation_id": world.company.id,
            "introduction_id": intro.id,
            "consent_id": consent.id,
            "suggestion_id": 1,
            "name": "placements",
            "ref": "c-unknown",
        }
        session.commit()
    return {"users": users, "params": params}


def test_every_page_sends_the_security_headers(app: FastAPI, world_users: dict[str, Any]) -> None:
    """As every role in turn, on one app (its matching index is built once)."""
    paths = page_routes(app)
    assert len(paths) >= 20, paths
    for role in ROLES:
        pages_seen = 0
        with TestClient(app) as client:
            if role is not None:
                web_login(client, world_users["users"][role].email)
            for path in paths:
                url = re.sub(r"\{(\w+)\}", lambda m: str(world_users["params"].get(m[1], 1)), path)
                response = client.get(url, follow_redirects=False)
                where = f"{url} as {role or 'anonymous'}"
                assert response.status_code < 500, (where, response.status_code)
                assert_secure_headers(response, where)
                if response.status_code == 200 and "text/html" in response.headers["content-type"]:
                    pages_seen += 1
                    # The policy forbids inline code: a page that relies on it would break.
                    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), where
                    assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", response.text), where
            for url in ("/no-such-page", "/api/v1/no-such-route", "/api/v1/openapi.json"):
                response = client.get(url, follow_redirects=False)
                assert_secure_headers(response, url)
        assert pages_seen >= (1 if role is None else 3), role


def test_static_files_are_not_sniffed(client: TestClient) -> None:
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"


# --- sessions -------------------------------------------------------------------------------


@pytest.fixture
def user(engine: Engine) -> User:
    with Session(engine, expire_on_commit=False) as session:
        org = make_organisation(session, kind="ngo")
        user = make_user(session, role="caseworker", organisation=org)
        session.commit()
    return user


class Clock:
    """Moves the sessions' clock forward without waiting."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = timedelta()
        monkeypatch.setattr(accounts, "utcnow", self.now)

    def now(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


def signed_in(client: TestClient) -> bool:
    response = client.get("/home", follow_redirects=False)
    if response.status_code == 303:
        assert response.headers["location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def session_row(engine: Engine, user: User) -> WebSession:
    with Session(engine) as session:
        return session.exec(
            select(WebSession).where(WebSession.user_id == user.id).order_by(WebSession.id.desc())  # type: ignore[union-attr]
        ).first()  # type: ignore[return-value]


def test_an_idle_session_ends(
    client: TestClient, engine: Engine, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    web_login(client, user.email)
    # Activity keeps it alive: 29 idle minutes, four times over.
    for _ in range(4):
        clock.advance(minutes=29)
        assert signed_in(client)
    clock.advance(minutes=31)
    assert not signed_in(client)
    assert session_row(engine, user).ended_at is not None
    # Coming back does not revive it.
    clock.advance(seconds=1)
    assert not signed_in(client)


def test_a_session_ends_after_its_absolute_lifetime_even_when_busy(
    client: TestClient, engine: Engine, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    web_login(client, user.email)
    for _ in range(35):  # 11 h 40 min, a page every 20 minutes
        clock.advance(minutes=20)
        assert signed_in(client)
    assert session_row(engine, user).ended_at is None
    clock.advance(minutes=21)  # 12 h 1 min after login, but only 21 idle minutes
    assert not signed_in(client)
    assert session_row(engine, user).ended_at is not None


def test_logout_ends_the_session_on_the_server(
    client: TestClient, engine: Engine, user: User
) -> None:
    web_login(client, user.email)
    stolen = client.cookies.get(SESSION_COOKIE)
    assert stolen
    page = client.get("/home")
    # Without this session's form token, logout is refused and the session lives on.
    refused = client.post("/logout", data={"csrf_token": "forged"}, follow_redirects=False)
    assert refused.status_code == 403
    assert signed_in(client)
    response = client.post(
        "/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert session_row(engine, user).ended_at is not None
    # The old cookie, replayed (say by someone who copied it), opens nothing.
    client.cookies.set(SESSION_COOKIE, stolen)
    assert not signed_in(client)
    assert client.get("/profiles", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(
    app: FastAPI, user: User
) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        response = client.post(
            "/login",
            data={
                "email": user.email,
                "password": "correct horse battery",
                "csrf_token": csrf_from(page.text),
                "next": "/home",
            },
            follow_redirects=False,
        )
    cookie = next(
        value
        for name, value in response.headers.multi_items()
        if name == "set-cookie" and value.startswith(SESSION_COOKIE + "=")
    ).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
    assert "max-age=43200" in cookie  # the absolute lifetime, 12 hours


def test_a_new_login_gets_a_new_session_id(client: TestClient, user: User) -> None:
    web_login(client, user.email)
    first = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    web_login(client, user.email)
    assert client.cookies.get(SESSION_COOKIE) != first


def test_an_unexpected_error_page_sends_the_headers_too(app: FastAPI) -> None:
    @app.get("/boom-headers")
    def boom() -> None:
        raise RuntimeError("unexpected")

    @app.get("/api/v1/boom-headers")
    def api_boom() -> None:
        raise RuntimeError("unexpected")

    with TestClient(app, raise_server_exceptions=False) as client:
        for url in ("/boom-headers", "/api/v1/boom-headers"):
            response = client.get(url)
            assert response.status_code == 500
            assert_secure_headers(response, url)
