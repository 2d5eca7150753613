"""No identity field and no profile id reaches the employer side before approval, on any route.

Every employer-facing route of issue 5 (web pages and API) is read by an employer and by its
association while an introduction is pending; none may show a name, a phone, an e-mail, a
profile's reference or its id. A route added later without being listed here fails the test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from jobmatch.models import Introduction
from jobmatch.services import identity
from tests.factories import (
    api_token,
    make_consent,
    make_offer,
    make_organisation,
    make_profile,
    make_user,
    web_login,
)

IDENTITY = {
    "full_name": "Ludmila Kováčová",
    "phone": "+421 905 123 456",
    "email": "ludmila.k@example.org",
    "best_time": "mornings after 9",
}
# Distinctive ids, so that a leaked one would be seen in any page.
PROFILE_IDS = range(987601, 987606)
REF_RE = re.compile(r'href="/offers/\d+/candidates/([0-9a-f]+)"')

WEB_PAGES = (
    "/offers",
    "/offers?status=open",
    "/offers/new",
    "/offers/{offer}",
    "/offers/{offer}/edit",
    "/offers/{offer}/candidates",
    "/offers/{offer}/candidates/{ref}",
    "/inbox",
    "/inbox/{introduction}",
    "/organisation",
    "/organisations",
    "/organisations/{organisation}",
    "/organisations/{organisation}/edit",
)
API_READS = (
    "/api/v1/offers",
    "/api/v1/offers/{offer}",
    "/api/v1/offers/{offer}/candidates",
    "/api/v1/offers/{offer}/candidates?limit=200",
    "/api/v1/organisations",
    "/api/v1/organisations/{organisation}",
    "/api/v1/introductions",
    "/api/v1/introductions/{introduction}",
)
# Routes of issue 5 that change something: they answer with an offer, an organisation, a redirect
# or {"id", "status"} (checked below); tests/web and tests/api check each of them.
WRITES = {
    "/offers/new",
    "/offers/{offer_id}/edit",
    "/offers/{offer_id}/publish",
    "/offers/{offer_id}/fill",
    "/offers/{offer_id}/close",
    "/offers/{offer_id}/candidates/{ref}",
    "/organisations/{organisation_id}/edit",
    "/inbox/{introduction_id}/withdraw",
    "/api/v1/offers",
    "/api/v1/offers/{offer_id}",
    "/api/v1/offers/{offer_id}/close",
    "/api/v1/offers/{offer_id}/publish",
    "/api/v1/offers/{offer_id}/fill",
    "/api/v1/offers/{offer_id}/introductions",
    "/api/v1/organisations/{organisation_id}",
}
OWN_PREFIXES = ("/offers", "/inbox", "/organisation", "/api/v1/offers", "/api/v1/organisations")


@pytest.fixture
def world(session: Session, app: FastAPI) -> dict[str, Any]:
    association = make_organisation(session, name="Zväz hotelov", kind="employer_association")
    hotel = make_organisation(
        session, name="Hotel Dunaj", region="SK010", association_id=association.id
    )
    ngo = make_organisation(session, name="Náruč", kind="ngo", region="SK010")
    profiles = []
    for profile_id in PROFILE_IDS:
        profile = make_profile(
            session,
            organisation=ngo,
            id=profile_id,
            regions=["SK01"],
            languages=[{"code": "sk", "level": "B2"}, {"code": "it", "level": "B1"}],
        )
        make_consent(session, profile=profile)
        identity.store_record(
            session, settings=app.state.settings, profile=profile, record=dict(IDENTITY)
        )
        profiles.append(profile)
    offer = make_offer(session, organisation=hotel, region="SK010", supports=["housing"])
    world = {
        "profiles": profiles,
        "offer": offer,
        "hotel": hotel,
        "employer": make_user(session, role="employer", organisation=hotel),
        "association": make_user(session, role="association", organisation=association),
    }
    session.commit()
    return world


def _secrets(world: dict[str, Any]) -> Iterator[str]:
    yield from IDENTITY.values()
    yield "Kováčová"
    yield "Ludmila"
    for profile in world["profiles"]:
        yield profile.reference
        yield str(profile.id)


def _check(text: str, world: dict[str, Any], where: str) -> None:
    for secret in _secrets(world):
        assert secret not in text, f"{secret!r} reached the employer on {where}"


def _check_json(body: Any, world: dict[str, Any], where: str) -> None:
    _check(json.dumps(body, ensure_ascii=False), world, where)

    def keys(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    leaked = {"profile", "profile_id", "reference", "full_name", "phone", "email"} & set(keys(body))
    assert not leaked, f"{leaked} on {where}"


@pytest.mark.parametrize("role", ["employer", "association"])
def test_no_identity_or_profile_id_on_any_route_before_approval(
    client: TestClient, session: Session, world: dict[str, Any], role: str
) -> None:
    user = world[role]
    offer_id = world["offer"].id
    web_login(client, user.email)
    headers = api_token(client, user.email)
    candidates = client.get(f"/offers/{offer_id}/candidates")
    refs = REF_RE.findall(candidates.text)
    assert len(refs) == len(PROFILE_IDS)
    asked = client.post(
        f"/api/v1/offers/{offer_id}/introductions",
        json={"candidate": refs[0], "message": "We would like to meet."},
        headers=headers,
    )
    assert asked.status_code == 201
    _check_json(asked.json(), world, "POST /api/v1/offers/{id}/introductions")
    introduction = session.exec(select(Introduction)).one()
    values = {
        "offer": offer_id,
        "ref": refs[1],
        "introduction": introduction.id,
        "organisation": world["hotel"].id,
    }
    for page in WEB_PAGES:
        url = page.format(**values)
        response = client.get(url)
        assert response.status_code == 200, url
        _check(response.text, world, url)
    for read in API_READS:
        url = read.format(**values)
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        _check_json(response.json(), world, url)
        if "/introductions/" in url:
            assert response.json()["disclosed"] == {}


def _app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route, through included routers."""

    def walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:
                context = getattr(route, "include_context", None)
                yield from walk(original.routes, prefix + (getattr(context, "prefix", "") or ""))
            elif hasattr(route, "path"):
                for method in getattr(route, "methods", None) or ():
                    yield method, prefix + route.path

    return set(walk(list(app.routes)))


def test_every_route_of_the_employer_side_is_checked(app: FastAPI) -> None:
    def template(path: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "{}", path.split("?")[0])

    covered = {template(p) for p in WEB_PAGES + API_READS} | {template(p) for p in WRITES}
    routes = {
        (method, path)
        for method, path in _app_routes(app)
        if path.startswith(OWN_PREFIXES) and method in ("GET", "POST", "PATCH")
    }
    assert len(routes) >= 30
    missing = sorted(path for _method, path in routes if template(path) not in covered)
    assert not missing, f"routes not covered by the privacy test: {missing}"
