"""The application's start-up."""

from __future__ import annotations

import gc
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from jobmatch.app import SWITCH_INTERVAL_S, create_app, warm_up
from jobmatch.config import Settings
from jobmatch.matching.normalise import default_skill_normaliser


def test_warm_up_loads_what_workers_keep_then_freezes_it(engine: Engine) -> None:
    gc.unfreeze()
    try:
        warm_up(engine)
        # Everything alive now (the taxonomy, the normaliser, the index) is out of the
        # collector's sight, so a full collection no longer walks it.
        assert gc.get_freeze_count() > 100_000
        assert default_skill_normaliser.cache_info().currsize == 1
    finally:
        gc.unfreeze()


def test_a_served_worker_switches_threads_every_millisecond(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The warm-up thread would outlive the test's in-memory database: leave it out.
    monkeypatch.setattr("jobmatch.app.warm_up", lambda engine: None)
    before = sys.getswitchinterval()
    settings = Settings(
        env="development", database_url="sqlite://", demo=False, secret_key="k" * 40
    )
    try:
        with TestClient(create_app(settings, engine=engine)):
            assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    finally:
        sys.setswitchinterval(before)


def test_tests_keep_the_default_switch_interval(engine: Engine) -> None:
    before = sys.getswitchinterval()
    with TestClient(create_app(Settings(env="test", database_url="sqlite://"), engine=engine)):
        assert sys.getswitchinterval() == before
