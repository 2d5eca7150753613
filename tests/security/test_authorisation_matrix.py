"""The authorisation matrix: every route of the app (from app.routes) × every principal, against
one table of expected outcomes. A route missing from the table fails; so does any allow the table
does not expect, and a 403 where an object of another organisation must stay hidden (404).

"allowed" means the request reached the handler: 2xx, a redirect other than to the sign-in page,
or a 409/422 answer about the object's state or the body. "denied" means 401/403/404 (or the
redirect to /login of a page asked for signed out).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from jobmatch.app import create_app
from jobmatch.db import make_engine
from jobmatch.services import accounts
from tests.factories import PASSWORD, api_token, csrf_from, web_login
from tests.security.routes import app_routes
from tests.security.world import PRINCIPALS, SETTINGS, SecurityWorld, build_world

A = "allowed"
D = "denied"
EVERYONE = frozenset(PRINCIPALS)
SIGNED_IN = EVERYONE - {"anonymous"}
EMPLOYERS = frozenset({"employer", "association"})  # of the owning company
ALL_EMPLOYERS = EMPLOYERS | {"other_employer"}
OWNING_CW = frozenset({"caseworker"})
CASEWORKERS = frozenset({"caseworker", "other_caseworker"})
NETWORK = frozenset({"coordinator", "admin"})
NOBODY: frozenset[str] = frozenset()

# (method, path template) → the principals allowed; everyone else is denied.
ALLOWED: dict[tuple[str, str], frozenset[str]] = {}


def allow(method: str, path: str, who: frozenset[str]) -> None:
    ALLOWED[(method, path)] = who


# fmt: off
# --- framework and accounts
allow("GET", "/api/v1/openapi.json", EVERYONE)
allow("GET", "/api/v1/docs", EVERYONE)
allow("GET", "/docs/oauth2-redirect", EVERYONE)
allow("POST", "/api/v1/tokens", EVERYONE)
allow("DELETE", "/api/v1/tokens/current", SIGNED_IN)
allow("GET", "/api/v1/me", SIGNED_IN)
allow("GET", "/", SIGNED_IN)  # signed out: to /login
allow("GET", "/login", EVERYONE)
allow("POST", "/login", EVERYONE)
allow("POST", "/logout", EVERYONE)
allow("GET", "/home", SIGNED_IN)
allow("GET", "/skills/suggest", SIGNED_IN)
allow("GET", "/api/v1/skills", SIGNED_IN)

# --- offers (the first company's; the association posts for it)
allow("GET", "/api/v1/offers", SIGNED_IN)
allow("POST", "/api/v1/offers", ALL_EMPLOYERS)  # another company's employer: 422 "not yours"
allow("GET", "/api/v1/offers/{offer_id}", SIGNED_IN - {"other_employer"})
allow("PATCH", "/api/v1/offers/{offer_id}", EMPLOYERS)
allow("GET", "/api/v1/offers/{offer_id}/candidates", EMPLOYERS)
allow("POST", "/api/v1/offers/{offer_id}/close", EMPLOYERS)
allow("POST", "/api/v1/offers/{offer_id}/fill", EMPLOYERS)
allow("POST", "/api/v1/offers/{offer_id}/publish", EMPLOYERS)
allow("POST", "/api/v1/offers/{offer_id}/introductions", EMPLOYERS)
allow("GET", "/offers", SIGNED_IN)
allow("GET", "/offers/new", ALL_EMPLOYERS)
allow("POST", "/offers/new", ALL_EMPLOYERS)
allow("GET", "/offers/{offer_id}", SIGNED_IN - {"other_employer"})
allow("GET", "/offers/{offer_id}/edit", EMPLOYERS)
allow("POST", "/offers/{offer_id}/edit", EMPLOYERS)
allow("GET", "/offers/{offer_id}/candidates", EMPLOYERS)
allow("GET", "/offers/{offer_id}/candidates/{ref}", EMPLOYERS)
allow("POST", "/offers/{offer_id}/candidates/{ref}", EMPLOYERS)
allow("POST", "/offers/{offer_id}/close", EMPLOYERS)
allow("POST", "/offers/{offer_id}/fill", EMPLOYERS)
allow("POST", "/offers/{offer_id}/publish", EMPLOYERS)
# --- organisations
allow("GET", "/api/v1/organisations", SIGNED_IN)
allow("GET", "/api/v1/organisations/{organisation_id}", SIGNED_IN - {"other_employer"})
allow("PATCH", "/api/v1/organisations/{organisation_id}", EMPLOYERS)
allow("GET", "/organisation", SIGNED_IN)
allow("GET", "/organisations", SIGNED_IN)
allow("GET", "/organisations/{organisation_id}", SIGNED_IN - {"other_employer"})
allow("GET", "/organisations/{organisation_id}/edit", EMPLOYERS)
allow("POST", "/organisations/{organisation_id}/edit", EMPLOYERS)
# --- introductions (employer side, caseworker side)
allow("GET", "/api/v1/introductions", ALL_EMPLOYERS | CASEWORKERS)  # each their own
allow("GET", "/api/v1/introductions/{introduction_id}", EMPLOYERS | OWNING_CW)
allow("GET", "/api/v1/introductions/{introduction_id}/outcomes", EMPLOYERS | OWNING_CW)
allow("POST", "/api/v1/introductions/{introduction_id}/outcomes", EMPLOYERS | OWNING_CW)
allow("POST", "/api/v1/introductions/{introduction_id}/approve", OWNING_CW)
allow("POST", "/api/v1/introductions/{introduction_id}/decline", OWNING_CW)
allow("POST", "/api/v1/introductions/{introduction_id}/withdraw", EMPLOYERS | OWNING_CW)
allow("GET", "/inbox", ALL_EMPLOYERS)
allow("GET", "/inbox/{introduction_id}", EMPLOYERS)
allow("POST", "/inbox/{introduction_id}/withdraw", EMPLOYERS | OWNING_CW)  # the same service
allow("GET", "/introductions", CASEWORKERS)
allow("GET", "/introductions/{introduction_id}", OWNING_CW)
allow("POST", "/introductions/{introduction_id}/approve", OWNING_CW)
allow("POST", "/introductions/{introduction_id}/decline", OWNING_CW)
allow("POST", "/introductions/{introduction_id}/outcomes", OWNING_CW)
allow("POST", "/introductions/{introduction_id}/withdraw", OWNING_CW)
allow("GET", "/outcomes", CASEWORKERS)
allow("GET", "/api/v1/checkins", CASEWORKERS)
# --- profiles (the first NGO's caseworkers only)
allow("GET", "/api/v1/profiles", CASEWORKERS)  # each their own organisation's
allow("POST", "/api/v1/profiles", CASEWORKERS)
for _method in ("GET", "PATCH", "DELETE"):
    allow(_method, "/api/v1/profiles/{profile_id}", OWNING_CW)
for _method, _tail in (
    ("GET", "/consents"),
    ("POST", "/consents"),
    ("POST", "/consents/{consent_id}/renew"),
    ("POST", "/consents/{consent_id}/withdraw"),
    ("GET", "/identity"),
    ("PUT", "/identity"),
    ("GET", "/matches"),
    ("POST", "/proposals"),
):
    allow(_method, "/api/v1/profiles/{profile_id}" + _tail, OWNING_CW)
allow("GET", "/profiles", CASEWORKERS)
allow("GET", "/profiles/new", CASEWORKERS)
allow("POST", "/profiles/new", CASEWORKERS)
for _method, _tail in (
    ("GET", ""),
    ("GET", "/consents/new"),
    ("POST", "/consents/new"),
    ("GET", "/consents/{consent_id}/renew"),
    ("POST", "/consents/{consent_id}/renew"),
    ("POST", "/consents/{consent_id}/withdraw"),
    ("GET", "/edit"),
    ("POST", "/edit"),
    ("GET", "/erase"),
    ("POST", "/erase"),
    ("GET", "/identity"),
    ("POST", "/identity"),
    ("GET", "/matches"),
    ("POST", "/proposals"),
):
    allow(_method, "/profiles/{profile_id}" + _tail, OWNING_CW)
# --- allocation
allow("POST", "/api/v1/allocations", NETWORK)
allow("GET", "/api/v1/allocations/latest", NETWORK)
allow("GET", "/api/v1/allocations/suggestions", CASEWORKERS)  # each their own profiles'
allow("POST", "/api/v1/allocations/suggestions/{suggestion_id}/dismiss", OWNING_CW)
allow("GET", "/allocations", NETWORK)
allow("POST", "/allocations/run", NETWORK)
allow("GET", "/allocations/suggestions", CASEWORKERS)
allow("POST", "/allocations/suggestions/{suggestion_id}/dismiss", OWNING_CW)
# --- reports and the dashboard (protected counts)
for _path in (
    "/api/v1/reports",
    "/api/v1/reports/outcomes",
    "/api/v1/reports/outcomes.csv",
    "/api/v1/reports/{name}",
    "/api/v1/reports/{name}.csv",
    "/dashboard",
    "/dashboard/{name}.csv",
    "/dashboard/{name}.json",
):
    allow("GET", _path, NETWORK)
# --- the network (coordinators and admins)
allow("GET", "/api/v1/network/networks", NETWORK)
allow("POST", "/api/v1/network/networks/{network_id}/memberships", NETWORK)
allow("PATCH", "/api/v1/network/memberships/{membership_id}", NETWORK)
allow("DELETE", "/api/v1/network/memberships/{membership_id}", NETWORK)
allow("PUT", "/api/v1/network/offers/{offer_id}/network", NETWORK)
allow("GET", "/api/v1/network/organisations/{organisation_id}/users", NETWORK)
allow("POST", "/api/v1/network/organisations/{organisation_id}/users", NETWORK)
allow("POST", "/api/v1/network/users/{user_id}/deactivate", NETWORK)
allow("GET", "/network", NETWORK)
allow("POST", "/network/members", NETWORK)
allow("POST", "/network/members/{membership_id}/remove", NETWORK)
allow("GET", "/network/offers", NETWORK)
allow("POST", "/network/offers/{offer_id}", NETWORK)
allow("GET", "/network/organisations/{organisation_id}", NETWORK)
allow("POST", "/network/organisations/{organisation_id}/invite", NETWORK)
allow("POST", "/network/users/{user_id}/deactivate", NETWORK)
# fmt: on

# Routes that end their object: once an allowed principal has done it, the next one finds nothing.
ENDING = {
    ("DELETE", "/api/v1/network/memberships/{membership_id}"),
    ("POST", "/network/members/{membership_id}/remove"),
    ("DELETE", "/api/v1/profiles/{profile_id}"),
    ("POST", "/profiles/{profile_id}/erase"),
}
# Pages that answer with a redirect to /login on success.
SIGN_IN_OUT = {"/login", "/logout"}

# Routes whose success changes the object: each gets its own (path overrides).
OVERRIDES: dict[tuple[str, str], dict[str, Any]] = {}

JSON_BODIES: dict[tuple[str, str], Any] = {}
FORM_BODIES: dict[str, dict[str, str]] = {}


def _world_bodies(w: SecurityWorld) -> None:
    offer_body = {
        "kind": "job",
        "title": "Porter",
        "region": "ITC11",
        "skills": [{"skill": "prepare vegetables", "importance": "essential"}],
        "languages": [{"code": "it", "level": "A2"}],
    }
    profile_body = {
        "skills": [{"skill": "prepare vegetables", "level": "intermediate"}],
        "languages": [{"code": "it", "level": "B1"}],
        "regions": ["ITC1"],
        "work_permit": "yes",
    }
    company = w.organisations["company"].id
    JSON_BODIES.update(
        {
            ("POST", "/api/v1/tokens"): {"email": w.users["employer"].email, "password": PASSWORD},
            ("POST", "/api/v1/offers"): {**offer_body, "organisation": company},
            ("PATCH", "/api/v1/offers/{offer_id}"): {"title": "Kitchen assistant (part time)"},
            ("POST", "/api/v1/offers/{offer_id}/introductions"): {
                "candidate": w.refs["open"],
                "message": "Hello",
            },
            ("PATCH", "/api/v1/organisations/{organisation_id}"): {"contact_name": "Rita"},
            ("POST", "/api/v1/network/networks/{network_id}/memberships"): {
                "organisation": w.organisations["other_company"].id,
                "role": "employer",
            },
            ("PATCH", "/api/v1/network/memberships/{membership_id}"): {"role": "employer"},
            ("POST", "/api/v1/network/organisations/{organisation_id}/users"): {
                "email": "new.person@example.org",
                "role": "employer",
            },
            ("PUT", "/api/v1/network/offers/{offer_id}/network"): {
                "network": w.values()["network_id"]
            },
            ("POST", "/api/v1/allocations"): {},
            ("POST", "/api/v1/profiles"): profile_body,
            ("PATCH", "/api/v1/profiles/{profile_id}"): {"hours_per_week": 20},
            ("PUT", "/api/v1/profiles/{profile_id}/identity"): {
                "full_name": "Ana Maria Popescu",
                "phone": "+39 333 1234567",
            },
            ("POST", "/api/v1/profiles/{profile_id}/consents"): {
                "scopes": ["matching", "introductions"],
                "expires_on": "2030-01-01",
                "obtained": "in person",
            },
            ("POST", "/api/v1/profiles/{profile_id}/consents/{consent_id}/renew"): {
                "expires_on": "2030-01-01",
                "obtained": "in person",
            },
            ("POST", "/api/v1/profiles/{profile_id}/proposals"): {"offer": w.offers["open"].id},
            ("POST", "/api/v1/introductions/{introduction_id}/approve"): {"disclose": ["phone"]},
            ("POST", "/api/v1/introductions/{introduction_id}/decline"): {"reason": "not_ready"},
            ("POST", "/api/v1/introductions/{introduction_id}/withdraw"): {},
            ("POST", "/api/v1/introductions/{introduction_id}/outcomes"): {
                "kind": "interview",
                "date": "2026-01-05",
            },
        }
    )
    FORM_BODIES.update(
        {
            "/login": {"email": w.users["employer"].email, "password": PASSWORD, "next": "/home"},
            "/introductions/{introduction_id}/approve": {"disclose": "phone"},
            "/introductions/{introduction_id}/decline": {"reason": "not_ready"},
            "/introductions/{introduction_id}/outcomes": {
                "kind": "interview",
                "date": "2026-01-05",
            },
            "/offers/{offer_id}/candidates/{ref}": {"message": "Hello"},
            "/network/members": {
                "network": str(w.values()["network_id"]),
                "organisation": str(w.organisations["other_company"].id),
                "role": "employer",
            },
            "/network/organisations/{organisation_id}/invite": {
                "email": "invited@example.org",
                "role": "employer",
            },
            "/network/offers/{offer_id}": {"network": str(w.values()["network_id"])},
        }
    )
    OVERRIDES.update(
        {
            ("POST", "/api/v1/offers/{offer_id}/close"): {"offer_id": w.offers["to_close"].id},
            ("POST", "/offers/{offer_id}/close"): {"offer_id": w.offers["to_close"].id},
            ("POST", "/api/v1/offers/{offer_id}/fill"): {"offer_id": w.offers["to_fill"].id},
            ("POST", "/offers/{offer_id}/fill"): {"offer_id": w.offers["to_fill"].id},
            ("POST", "/api/v1/offers/{offer_id}/publish"): {"offer_id": w.offers["draft"].id},
            ("POST", "/offers/{offer_id}/publish"): {"offer_id": w.offers["draft"].id},
            ("DELETE", "/api/v1/profiles/{profile_id}"): {"profile_id": w.profiles["erase_api"].id},
            ("POST", "/profiles/{profile_id}/erase"): {"profile_id": w.profiles["erase_web"].id},
            ("POST", "/api/v1/profiles/{profile_id}/consents/{consent_id}/withdraw"): {
                "profile_id": w.profiles["consents"].id,
                "consent_id": w.consents["consents"].id,
            },
            ("POST", "/profiles/{profile_id}/consents/{consent_id}/withdraw"): {
                "profile_id": w.profiles["consents"].id,
                "consent_id": w.consents["withdraw_web"].id,
            },
            ("PATCH", "/api/v1/network/memberships/{membership_id}"): {
                "membership_id": w.memberships["company"].id
            },
            ("POST", "/network/members/{membership_id}/remove"): {
                "membership_id": w.memberships["spare_web"].id
            },
            ("POST", "/network/users/{user_id}/deactivate"): {"user_id": w.spare_web_user.id},
            ("POST", "/offers/{offer_id}/candidates/{ref}"): {"ref": w.refs["candidate"]},
            ("POST", "/inbox/{introduction_id}/withdraw"): {
                "introduction_id": w.introductions["second"].id
            },
        }
    )


@pytest.fixture(scope="module")
def matrix_engine() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def world(matrix_engine: Engine) -> SecurityWorld:
    with Session(matrix_engine, expire_on_commit=False) as session:
        w = build_world(session)
    _world_bodies(w)
    return w


@pytest.fixture(scope="module")
def matrix_app(matrix_engine: Engine) -> FastAPI:
    return create_app(SETTINGS, engine=matrix_engine)


class Principal:
    """A signed-in browser (with its CSRF token) and API headers, or the anonymous visitor."""

    def __init__(self, app: FastAPI, name: str, email: str | None) -> None:
        self.name = name
        self.email = email
        self.web = TestClient(app)
        self.headers: dict[str, str] = {}
        if email is None:
            self.csrf = csrf_from(self.web.get("/login").text)
        else:
            web_login(self.web, email)
            self.csrf = csrf_from(self.web.get("/home").text)
            self.headers = api_token(TestClient(app), email)


def classify(response: Any, path: str) -> str:
    status = response.status_code
    assert status < 500, f"server error {status}: {response.text[:500]}"
    if status in (401, 403, 404):
        return D
    location = response.headers.get("location", "")
    if 300 <= status < 400 and "/login" in location and path not in SIGN_IN_OUT:
        return D
    return A


def call(
    app: FastAPI, engine: Engine, w: SecurityWorld, who: Principal, method: str, path: str
) -> Any:
    url = w.fill(path, **OVERRIDES.get((method, path), {}))
    if path.startswith("/api/"):
        headers = dict(who.headers)
        if (method, path) == ("DELETE", "/api/v1/tokens/current") and who.email:
            headers = _fresh_token(engine, w, who.name)  # do not revoke the one in use
        body = JSON_BODIES.get((method, path))
        if method in ("POST", "PUT", "PATCH"):
            return who.web.request(method, url, json=body or {}, headers=headers)
        return who.web.request(method, url, headers=headers)
    if method == "GET":
        return who.web.get(url, follow_redirects=False)
    data = {**FORM_BODIES.get(path, {}), "csrf_token": who.csrf}
    if path in SIGN_IN_OUT:  # sign in (as oneself) or out a second browser of the same person
        client = TestClient(app)
        if who.email:
            web_login(client, who.email)
        data["csrf_token"] = csrf_from(client.get("/home" if who.email else "/login").text)
        if path == "/login" and who.email:
            data = {**data, "email": who.email}
        return client.post(url, data=data, follow_redirects=False)
    return who.web.post(url, data=data, follow_redirects=False)


def _fresh_token(engine: Engine, w: SecurityWorld, name: str) -> dict[str, str]:
    with Session(engine) as session:
        user = session.merge(w.users[name])
        token = accounts.issue_token(session, settings=SETTINGS, user=user).token
    return {"Authorization": f"Bearer {token}"}


OBJECT_PARAM = re.compile(r"\{(offer_id|profile_id|introduction_id|consent_id|ref|suggestion_id)\}")


def must_hide(principal: str, path: str, expected: frozenset[str]) -> bool:
    """Another organisation's principal, on a route its role may use for its own objects, asking
    for an object of the owners, must get 404: the object's existence is not revealed. (A role
    that may not use the route at all may get 403.)"""
    if not OBJECT_PARAM.search(path):
        return False
    if principal == "other_employer":
        return bool(expected & EMPLOYERS)
    if principal == "other_caseworker":
        return "caseworker" in expected
    return False


def test_every_route_for_every_principal(
    matrix_app: FastAPI, matrix_engine: Engine, world: SecurityWorld
) -> None:
    principals = [
        Principal(matrix_app, name, None if name == "anonymous" else world.users[name].email)
        for name in PRINCIPALS
    ]
    routes = app_routes(matrix_app)
    discover = os.environ.get("MATRIX_DISCOVER") == "1"
    missing = [route for route in routes if route not in ALLOWED]
    if not discover:
        assert not missing, f"routes missing from the matrix: {missing}"
    # Reads first, then the writes; the writes that end something (erase, withdraw, deactivate,
    # remove) on their own objects. Within a route, the denied principals go first.
    reads = [r for r in routes if r[0] == "GET"]
    writes = [r for r in routes if r[0] != "GET"]
    unexpected_allows: list[str] = []
    unexpected_denies: list[str] = []
    revealed: list[str] = []
    actual: dict[tuple[str, str], set[str]] = {}
    for method, path in reads + writes:
        expected = ALLOWED.get((method, path), NOBODY)
        ordered = sorted(principals, key=lambda p: p.name in expected)
        actual[(method, path)] = set()
        for who in ordered:
            response = call(matrix_app, matrix_engine, world, who, method, path)
            outcome = classify(response, path)
            cell = f"{method} {path} as {who.name}: {response.status_code}"
            if outcome == A:
                actual[(method, path)].add(who.name)
            if outcome == A and who.name not in expected:
                unexpected_allows.append(cell)
            elif outcome == D and who.name in expected:
                if not ((method, path) in ENDING and response.status_code == 404):
                    unexpected_denies.append(cell)
            elif (
                outcome == D and must_hide(who.name, path, expected) and response.status_code == 403
            ):
                revealed.append(cell)
    for who in principals:
        who.web.close()
    if discover:
        for (method, path), names in actual.items():
            print(f'allow("{method}", "{path}", frozenset({sorted(names)}))')
    print(
        f"matrix: {len(routes)} routes × {len(principals)} principals, "
        f"{len(unexpected_allows)} unexpected allows"
    )
    assert not unexpected_allows, "\n".join(unexpected_allows)
    assert not revealed, "403 instead of 404:\n" + "\n".join(revealed)
    assert not unexpected_denies, "\n".join(unexpected_denies)
