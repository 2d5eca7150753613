"""Plain factory functions for tests: each makes one valid object, overridable by keyword."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from jobmatch.models import Consent, Offer, Organisation, Profile, User
from jobmatch.models.enums import OfferStatus
from jobmatch.security.passwords import hash_password
from jobmatch.services.references import new_profile_reference

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing is slow on purpose: do it once
_counter = itertools.count(1)


def make_organisation(session: Session, **overrides: Any) -> Organisation:
    n = next(_counter)
    values: dict[str, Any] = {"name": f"Organisation {n}", "kind": "employer", "region": "ITC11"}
    values.update(overrides)
    organisation = Organisation(**values)
    session.add(organisation)
    session.flush()
    return organisation


def make_user(session: Session, *, role: str, organisation: Organisation, **overrides: Any) -> User:
    n = next(_counter)
    assert organisation.id is not None
    values: dict[str, Any] = {
        "email": f"user{n}@example.org",
        "password_hash": _PASSWORD_HASH,
        "role": role,
        "organisation_id": organisation.id,
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.flush()
    return user


def make_offer(session: Session, *, organisation: Organisation, **overrides: Any) -> Offer:
    assert organisation.id is not None
    values: dict[str, Any] = {
        "organisation_id": organisation.id,
        "kind": "job",
        "title": "Kitchen assistant",
        "skills": [
            {
                "skill": "http://data.europa.eu/esco/skill/9b31016e-c99d-4bd2-a550-d5660dac5041",
                "importance": "essential",
            },
            {"skill": "prepare vegetables", "importance": "optional"},
        ],
        "languages": [{"code": "it", "level": "A2"}],
        "region": "ITC11",
        "places": 2,
        "hours_per_week": 30,
        "work_permit_required": True,
        "sector": "I",
        "supports": ["mentoring"],
        "status": OfferStatus.OPEN,
    }
    values.update(overrides)
    offer = Offer(**values)
    session.add(offer)
    session.flush()
    return offer


def make_profile(session: Session, *, organisation: Organisation, **overrides: Any) -> Profile:
    assert organisation.id is not None
    values: dict[str, Any] = {
        "reference": new_profile_reference(session),
        "organisation_id": organisation.id,
        "skills": [{"skill": "prepare vegetables", "level": "intermediate"}],
        "experience": [{"occupation": "kitchen porter", "years": 2}],
        "languages": [{"code": "it", "level": "B1"}],
        "regions": ["ITC1"],
        "available_from": date.today(),
        "work_permit": "yes",
    }
    values.update(overrides)
    profile = Profile(**values)
    session.add(profile)
    session.flush()
    return profile


def make_consent(session: Session, *, profile: Profile, **overrides: Any) -> Consent:
    assert profile.id is not None
    values: dict[str, Any] = {
        "profile_id": profile.id,
        "scopes": ["matching", "introductions", "reporting"],
        "given_on": date.today(),
        "expires_on": date.today() + timedelta(days=365),
        "obtained": "in person, signed form",
    }
    values.update(overrides)
    consent = Consent(**values)
    session.add(consent)
    session.flush()
    return consent


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = CSRF_RE.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def web_login(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    """Sign ``client`` in through the login form."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/home",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def api_token(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Authorization headers for ``email``."""
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
