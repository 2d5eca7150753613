"""Fixtures: a fresh in-memory database and app per test; PostgreSQL for data-layer tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import jobmatch.models  # noqa: F401  (registers the tables)
from jobmatch.app import create_app
from jobmatch.config import Settings
from jobmatch.db import make_engine

POSTGRES_URL = os.environ.get(
    "JOBMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def reachable_postgres() -> Engine:
    """An engine on the test PostgreSQL server; the test is skipped when it is not running,
    except in CI, where that is an error."""
    engine = make_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # the server is not there
        engine.dispose()
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"PostgreSQL is required in CI: {exc}") from exc
        pytest.skip("PostgreSQL is not running (set JOBMATCH_TEST_POSTGRES_URL)")
    return engine


def postgres_engine() -> Engine:
    """An engine on the test PostgreSQL with an empty schema; skipped only outside CI."""
    engine = reachable_postgres()
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture
def settings() -> Settings:
    return Settings(env="test", database_url="sqlite://", demo=False)


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_engine(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[Engine]:
    """For data-layer tests: a file SQLite database, then PostgreSQL (schema from create_all)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path}/test.db")
    else:
        engine = postgres_engine()
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client
