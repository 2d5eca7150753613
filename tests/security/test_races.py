"""200 rounds of a caseworker approving while a colleague declines the same request, on PostgreSQL.

Each round: a fresh request, two threads with their own sessions (and connections) that load the
request, wait at a barrier and decide at once. Exactly one wins; the other gets ``Conflict`` and
nothing of its decision is stored.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, select

from jobmatch.db import make_engine
from jobmatch.errors import Conflict
from jobmatch.models import AuditEvent, Introduction, User
from jobmatch.models.enums import IntroductionStatus
from jobmatch.services import introductions
from tests.caseworker_world import SETTINGS, make_world
from tests.conftest import POSTGRES_URL, reachable_postgres
from tests.factories import make_offer

ROUNDS = 200

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_database() -> Iterator[Engine]:
    """A database of this test's own on the test server: other test runs that reset the shared
    schema at the same moment cannot pull the tables from under the 200 rounds."""
    admin = reachable_postgres()
    name = f"jobmatch_races_{os.getpid()}"
    url = make_url(POSTGRES_URL).set(database=name)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(url.render_as_string(hide_password=False))
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_200_rounds_of_approve_against_decline_have_one_winner_each(own_database: Engine) -> None:
    engine = own_database
    with Session(engine, expire_on_commit=False) as session:
        w = make_world(session)
        # One open offer per round: a profile has at most one open introduction per offer.
        offers = [make_offer(session, organisation=w.company) for _ in range(ROUNDS)]
        session.commit()
        intro_ids: list[int] = []
        for offer in offers:
            intro = introductions.request_introduction(
                session,
                actor=w.employer,
                offer=offer,
                profile=w.profile,
                message=None,
                settings=SETTINGS,
            )
            assert intro.id is not None
            intro_ids.append(intro.id)
    winners: Counter[str] = Counter()
    for intro_id in intro_ids:
        winner = _race(engine, intro_id, w.caseworker, w.colleague)
        winners[winner] += 1
        with Session(engine) as check:
            final = check.get(Introduction, intro_id)
            assert final is not None
            expected = {
                "approve": IntroductionStatus.APPROVED,
                "decline": IntroductionStatus.DECLINED,
            }[winner]
            assert final.status == expected, (intro_id, winner, final.status)
            assert final.version == 2
            if winner == "approve":
                assert final.disclosed == ["phone"] and final.decline_reason is None
            else:
                assert final.disclosed == [] and final.decline_reason == "not_ready"
    assert sum(winners.values()) == ROUNDS
    with Session(engine) as check:
        decided = check.exec(
            select(AuditEvent.action).where(
                AuditEvent.action.in_(  # type: ignore[attr-defined]
                    ["introduction.approved", "introduction.declined"]
                )
            )
        ).all()
        assert len(decided) == ROUNDS
        counted = Counter(a.rsplit(".", 1)[1] for a in decided)
        assert counted["approved"] == winners["approve"]
        assert counted["declined"] == winners["decline"]
    print(f"race winners over {ROUNDS} rounds: {dict(winners)}")


def _race(engine: Engine, intro_id: int, approver: User, decliner: User) -> str:
    """Run one round; return the name of the single winner."""
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def decide(name: str, user_id: int | None) -> None:
        with Session(engine, expire_on_commit=False) as own:
            actor = own.get(User, user_id)
            own.get(Introduction, intro_id)
            try:
                barrier.wait(timeout=10)
                if name == "approve":
                    introductions.approve(
                        own,
                        actor=actor,
                        settings=SETTINGS,
                        introduction_id=intro_id,
                        disclose=["phone"],
                    )
                else:
                    introductions.decline(
                        own, actor=actor, introduction_id=intro_id, reason="not_ready"
                    )
                results[name] = "won"
            except Exception as exc:  # recorded and checked below
                results[name] = exc

    threads = [
        threading.Thread(target=decide, args=("approve", approver.id)),
        threading.Thread(target=decide, args=("decline", decliner.id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [name for name, result in results.items() if result == "won"]
    lost = [result for result in results.values() if result != "won"]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], Conflict), repr(lost[0])
    return won[0]
