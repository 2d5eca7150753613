"""Leak canaries: beneficiaries with unique names, phones and e-mails in the vault, with consent.

Every principal but the owning caseworker crawls every page reachable from /home by links and GET
forms, asks every API GET route of the OpenAPI schema with the world's ids (lists, details,
candidates, reports, exports, error pages), while the application's log output is captured at
DEBUG. No canary string may appear before approval; after the caseworker approves an introduction
disclosing two fields, only those two fields, only to that employer, only on that introduction;
none once the approval is withdrawn, and none once consent is withdrawn.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from jobmatch.app import create_app
from jobmatch.db import make_engine
from jobmatch.models import User
from jobmatch.services import consents, introductions
from tests.factories import api_token, web_login
from tests.security.world import PRINCIPALS, SETTINGS, SecurityWorld, build_world

CANARIES = {
    "main": {
        "full_name": "Zorvina Quillfeather",
        "phone": "+39 347 000 1234",
        "email": "zq.canary@example.net",
    },
    "second": {
        "full_name": "Brannoch Vellisandre",
        "phone": "+33 6 00 00 98 76",
        "email": "bv.canary@example.net",
    },
    "erase_api": {"full_name": "Oskarine Trevelyth", "phone": "+421 900 000 555"},
    "erase_web": {"full_name": "Mirelda Quastonbury", "email": "mq.canary@example.net"},
    "consents": {"full_name": "Tavish Orlembrook", "phone": "+39 347 000 9876"},
}
DISCLOSED = ["full_name", "phone"]
LOGGERS = ("jobmatch", "uvicorn", "sqlalchemy")
MAX_PAGES = 300
PER_PATTERN = 2  # the same page for other objects adds little: at most this many of each
NUMBERS = re.compile(r"/(\d+|[A-Za-z0-9_-]{16,})(?=/|$)")
HREF = re.compile(r'\b(?:href|action)="([^"#]*)"')


def canary_strings() -> dict[str, str]:
    """Each canary value, and the parts that must not leak alone (the surname, the digits)."""
    found: dict[str, str] = {}
    for key, record in CANARIES.items():
        for name, value in record.items():
            found[value] = f"{key}.{name}"
            if name == "full_name":
                found[value.split()[-1]] = f"{key}.surname"
            if name == "phone":
                found[value.replace(" ", "")] = f"{key}.phone"
    return found


STRINGS = canary_strings()


def hits(text: str) -> set[str]:
    text = unescape(text)
    return {label for value, label in STRINGS.items() if value in text}


@pytest.fixture(scope="module")
def canary_engine() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def canary_world(canary_engine: Engine) -> SecurityWorld:
    with Session(canary_engine, expire_on_commit=False) as session:
        return build_world(session, identities=CANARIES)


def api_get_routes(app: FastAPI) -> list[str]:
    schema = app.openapi()
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "get" in operations and path != "/api/v1/openapi.json"
    )


class Crawler:
    def __init__(self, app: FastAPI, w: SecurityWorld, name: str) -> None:
        self.name = name
        self.web = TestClient(app)
        self.headers: dict[str, str] = {}
        if name != "anonymous":
            web_login(self.web, w.users[name].email)
            self.headers = api_token(self.web, w.users[name].email)

    def crawl(self, start: list[str]) -> dict[str, str]:
        """GET every page reachable from ``start`` (links and forms of the site); url → text."""
        seen: dict[str, str] = {}
        patterns: dict[str, int] = {}
        queue = list(start)
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen:
                continue
            pattern = NUMBERS.sub("/N", url.split("?")[0])
            patterns[pattern] = patterns.get(pattern, 0) + 1
            if patterns[pattern] > PER_PATTERN:
                continue
            response = self.web.get(url, follow_redirects=True)
            seen[url] = response.text
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            for link in HREF.findall(response.text):
                target = urljoin(url, unescape(link))
                parts = urlsplit(target)
                if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                    continue
                local = parts.path + (f"?{parts.query}" if parts.query else "")
                if local.startswith(("/static/", "/logout")) or local in seen:
                    continue
                queue.append(local)
        return seen

    def api(self, app: FastAPI, w: SecurityWorld) -> dict[str, str]:
        found: dict[str, str] = {}
        variants = [w.values()] + [
            w.values(
                profile_id=w.profiles[key].id,
                offer_id=w.offers["open"].id,
                introduction_id=w.introductions[intro].id,
                consent_id=w.consents[key].id,
            )
            for key, intro in (("second", "second"), ("consents", "second"))
        ]
        for path in api_get_routes(app):
            for values in variants:
                url = re.sub(r"\{(\w+)\}", lambda m, v=values: str(v.get(m.group(1), 1)), path)
                if url in found:
                    continue
                response = self.web.get(url, headers=self.headers)
                found[url] = response.text
        for extra in ("/api/v1/reports/outcomes.csv", "/api/v1/no-such-route", "/no-such-page"):
            found[extra] = self.web.get(extra, headers=self.headers).text
        return found


def leaks(
    app: FastAPI, w: SecurityWorld, crawlers: list[Crawler]
) -> dict[str, dict[str, set[str]]]:
    """principal → url → the canaries seen there."""
    found: dict[str, dict[str, set[str]]] = {}
    for crawler in crawlers:
        pages = crawler.crawl(["/home", "/", "/login"])
        pages.update(crawler.api(app, w))
        assert len(pages) >= 20, (crawler.name, sorted(pages))
        for url, text in pages.items():
            seen = hits(text)
            if seen:
                found.setdefault(crawler.name, {})[url] = seen
    return found


def log_hits(caplog: pytest.LogCaptureFixture) -> set[str]:
    return hits("\n".join(record.getMessage() + repr(record.args) for record in caplog.records))


def test_canaries_leak_nowhere_but_where_disclosed(
    canary_engine: Engine, canary_world: SecurityWorld, caplog: pytest.LogCaptureFixture
) -> None:
    w = canary_world
    for logger in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=logger)
    app = create_app(SETTINGS, engine=canary_engine)
    crawlers = [Crawler(app, w, name) for name in PRINCIPALS if name != "caseworker"]

    # 1. Before approval: nothing anywhere.
    before = leaks(app, w, crawlers)
    assert before == {}, before
    assert log_hits(caplog) == set()

    # 2. The caseworker approves the main introduction, disclosing two fields.
    intro = w.introductions["requested"]
    with Session(canary_engine, expire_on_commit=False) as session:
        caseworker = session.get(User, w.users["caseworker"].id)
        introductions.approve(
            session,
            actor=caseworker,
            settings=SETTINGS,
            introduction_id=intro.id or 0,
            disclose=DISCLOSED,
        )
    after = leaks(app, w, crawlers)
    allowed = {"main.full_name", "main.surname", "main.phone"}
    employer_pages = after.pop("employer", {})
    assert after == {}, f"disclosed to someone else: {after}"
    assert employer_pages, "the employer does not see what was disclosed"
    for url, seen in employer_pages.items():
        assert seen <= allowed, (url, seen)
        assert re.search(rf"/(inbox|introductions)/{intro.id}\b", url), (url, seen)
    seen_all = set().union(*employer_pages.values())
    assert seen_all == allowed
    assert log_hits(caplog) == set()

    # 3. The approval is withdrawn, and the second introduction approved: the first person is
    # nowhere any more; the second only with that employer, on that introduction.
    second = w.introductions["second"]
    with Session(canary_engine, expire_on_commit=False) as session:
        caseworker = session.get(User, w.users["caseworker"].id)
        introductions.withdraw(
            session, actor=caseworker, introduction_id=intro.id or 0, settings=SETTINGS
        )
        introductions.approve(
            session,
            actor=caseworker,
            settings=SETTINGS,
            introduction_id=second.id or 0,
            disclose=DISCLOSED,
        )
    during = leaks(app, w, crawlers)
    employer_pages = during.pop("employer", {})
    assert during == {}, during
    assert set().union(*employer_pages.values()) == {
        "second.full_name",
        "second.surname",
        "second.phone",
    }, employer_pages
    for url in employer_pages:
        assert re.search(rf"/(inbox|introductions)/{second.id}\b", url), url

    # 4. The person withdraws consent: nothing anywhere.
    with Session(canary_engine, expire_on_commit=False) as session:
        caseworker = session.get(User, w.users["caseworker"].id)
        consents.withdraw_consent(
            session,
            actor=caseworker,
            profile_id=w.profiles["second"].id or 0,
            consent_id=w.consents["second"].id or 0,
        )
    assert leaks(app, w, crawlers) == {}
    assert log_hits(caplog) == set()
    for crawler in crawlers:
        crawler.web.close()
    print(f"canaries: {len(STRINGS)} strings, {len(crawlers)} principals, 0 hits")
