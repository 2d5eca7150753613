"""Crash durability: a writer killed with SIGKILL mid-write loses no acknowledged write.

A child process writes through the service layer, one committed transaction per write, and sends
each write's number down a pipe after its commit returns. The test kills it with SIGKILL at random
moments (several times, starting a new writer each time) and then checks that every acknowledged
write is in the database, that every transaction is whole (each organisation has its change log
row), and that SQLite's integrity check passes (WAL, synchronous=FULL, as jobmatch.db sets them).

The writers come from a ``forkserver``: a clean process (spawned, not forked from pytest) that
imports the services once, so each restart costs a fork rather than a second of imports.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from jobmatch.db import make_engine
from jobmatch.models import MatchingChange, Organisation
from tests.conftest import POSTGRES_URL, postgres_engine
from tests.durability.writer import PRELOAD, write_forever

KILLS = 5
WRITES = 1000


def crash_repeatedly(url: str, rng: random.Random) -> tuple[set[str], int]:
    """Write until WRITES are acknowledged, killing the writer at least KILLS times."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    acknowledged: set[str] = set()
    kills = 0
    while kills < KILLS or len(acknowledged) < WRITES:
        run = f"r{kills}"
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=write_forever, args=(url, run, writer), daemon=True)
        process.start()
        writer.close()
        quota = rng.randint(WRITES // (KILLS + 2), WRITES // KILLS)
        if kills >= KILLS:
            quota = WRITES - len(acknowledged)
        try:
            while quota > 0:
                acknowledged.add(f"crash {run} {reader.recv()}")
                quota -= 1
            time.sleep(rng.uniform(0, 0.004))  # land anywhere in the next transaction
        except EOFError:
            process.join()
            pytest.fail(f"the writer stopped on its own (exit code {process.exitcode})")
        finally:
            process.kill()  # SIGKILL
            process.join()
        assert process.exitcode == -signal.SIGKILL
        kills += 1
        # Acknowledgements still in the pipe were sent after their commit: they count.
        while True:
            try:
                acknowledged.add(f"crash {run} {reader.recv()}")
            except EOFError:
                break
        reader.close()
    return acknowledged, kills


def check(engine: Engine, acknowledged: set[str], kills: int) -> None:
    with engine.connect() as conn:
        names = set(conn.execute(select(Organisation.name)).scalars())
        changes = conn.execute(select(func.count()).select_from(MatchingChange)).scalar_one()
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).first() is None
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    assert len(acknowledged) >= WRITES and kills >= 5
    lost = acknowledged - names
    assert not lost, f"{len(lost)} acknowledged writes were lost, e.g. {sorted(lost)[:5]}"
    # Each kill may leave one write committed but not yet acknowledged; never a half write.
    assert len(names) - len(acknowledged) <= kills
    assert changes == len(names)


def test_sqlite_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/crash.db"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    acknowledged, kills = crash_repeatedly(url, random.Random(8))
    engine.dispose()
    engine = make_engine(url)  # a new process's view, after recovery from the WAL
    check(engine, acknowledged, kills)
    engine.dispose()


@pytest.mark.postgres
def test_postgresql_keeps_every_acknowledged_write() -> None:
    engine = postgres_engine()
    try:
        SQLModel.metadata.create_all(engine)
        acknowledged, kills = crash_repeatedly(POSTGRES_URL, random.Random(6))
        check(engine, acknowledged, kills)
    finally:
        engine.dispose()
