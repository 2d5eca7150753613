"""The Alembic migrations build exactly the tables of the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from jobmatch.db import make_engine
from jobmatch.migrate import MIGRATIONS_DIR, alembic_config, upgrade
from tests.conftest import postgres_engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine = (
        make_engine(f"sqlite:///{tmp_path}/m.db")
        if request.param == "sqlite"
        else postgres_engine()
    )
    yield engine
    engine.dispose()


def test_migrations_match_the_models(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []
    tables = set(inspect(empty_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_upgrade_twice_is_harmless(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    upgrade(empty_engine)


def test_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "migrations have branched: chain the new revision"
    assert MIGRATIONS_DIR.is_dir()
