"""CSRF: every form route of the web pages (every POST outside /api/, from app.routes) refuses a
missing token, a wrong one and another session's, with 403, and changes nothing in the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from jobmatch.app import create_app
from jobmatch.db import make_engine
from tests.factories import csrf_from, web_login
from tests.security.routes import app_routes, web_forms
from tests.security.test_authorisation_matrix import (
    ALLOWED,
    FORM_BODIES,
    OVERRIDES,
    _world_bodies,
)
from tests.security.world import PRINCIPALS, SETTINGS, SecurityWorld, build_world

WRONG = "x" * 43


@pytest.fixture(scope="module")
def csrf_engine() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def csrf_world(csrf_engine: Engine) -> SecurityWorld:
    with Session(csrf_engine, expire_on_commit=False) as session:
        w = build_world(session)
    _world_bodies(w)
    return w


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: a refused form must not change any value either."""
    with engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in conn.execute(table.select())), key=str
            )
            for table in SQLModel.metadata.sorted_tables
        }


def test_every_form_refuses_a_missing_wrong_or_foreign_token(
    csrf_engine: Engine, csrf_world: SecurityWorld
) -> None:
    app: FastAPI = create_app(SETTINGS, engine=csrf_engine)
    forms = web_forms(app)
    assert len(forms) >= 25, forms
    assert set(forms) <= {path for _m, path in app_routes(app)}
    clients: dict[str, TestClient] = {}
    tokens: dict[str, str] = {}
    for name in PRINCIPALS:
        client = TestClient(app)
        if name == "anonymous":
            tokens[name] = csrf_from(client.get("/login").text)
        else:
            web_login(client, csrf_world.users[name].email)
            tokens[name] = csrf_from(client.get("/home").text)
        clients[name] = client
    before = snapshot(csrf_engine)
    counts = row_counts(csrf_engine)
    refused = 0
    for path in forms:
        allowed = ALLOWED.get(("POST", path), frozenset())
        # Someone the form is for, so that only the token stops it.
        name = next((p for p in PRINCIPALS if p in allowed and p != "anonymous"), "anonymous")
        if path == "/login":
            name = "anonymous"
        other = "admin" if name != "admin" else "coordinator"
        url = csrf_world.fill(path, **OVERRIDES.get(("POST", path), {}))
        body = FORM_BODIES.get(path, {})
        for label, token in (
            ("missing", None),
            ("wrong", WRONG),
            ("another session's", tokens[other]),
            ("empty", ""),
        ):
            data = dict(body)
            if token is not None:
                data["csrf_token"] = token
            response = clients[name].post(url, data=data, follow_redirects=False)
            assert response.status_code == 403, (
                f"{path} as {name}, {label} token: {response.status_code}"
            )
            refused += 1
        assert row_counts(csrf_engine) == counts, path
    assert snapshot(csrf_engine) == before
    # The same browser's right token still works afterwards: the refusals were about the token.
    page = clients["caseworker"].get("/home")
    assert page.status_code == 200
    for client in clients.values():
        client.close()
    print(f"csrf: {len(forms)} form routes, {refused} refused posts")
