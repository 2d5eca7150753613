"""The application's start-up."""

from __future__ import annotations

import gc

from sqlalchemy.engine import Engine

from jobmatch.app import warm_up
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
