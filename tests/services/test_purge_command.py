"""``jobmatch purge``: the command erases long-inactive profiles (and says how many)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from jobmatch.cli import app
from jobmatch.db import make_engine
from jobmatch.models import AuditEvent, Profile
from tests.factories import make_organisation, make_profile

runner = CliRunner()


def test_purge_erases_inactive_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/purge.db"
    monkeypatch.setenv("JOBMATCH_DATABASE_URL", url)
    monkeypatch.setenv("JOBMATCH_RETENTION_MONTHS", "12")
    assert runner.invoke(app, ["init-db"]).exit_code == 0
    engine = make_engine(url)
    with Session(engine) as session:
        ngo = make_organisation(session, kind="ngo")
        make_profile(session, organisation=ngo, last_activity_at=datetime(2020, 1, 1, tzinfo=UTC))
        make_profile(session, organisation=ngo)
        session.commit()
    dry = runner.invoke(app, ["purge", "--dry-run"])
    assert dry.exit_code == 0 and "1 profile(s) inactive for more than 12 months" in dry.output
    done = runner.invoke(app, ["purge"])
    assert done.exit_code == 0, done.output
    assert "erased 1 profile(s)" in done.output
    with Session(engine) as session:
        assert len(session.exec(select(Profile)).all()) == 1
        tombstone = session.exec(
            select(AuditEvent).where(AuditEvent.action == "profile.erased")
        ).one()
        assert tombstone.actor_id is None and tombstone.detail == {"why": "retention"}
    engine.dispose()
