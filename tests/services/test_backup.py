"""Backups round-trip every table exactly, between SQLite and PostgreSQL, with the vault sealed."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlmodel
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from jobmatch.cli import app as cli
from jobmatch.config import Settings
from jobmatch.db import make_engine
from jobmatch.errors import Conflict, Invalid
from jobmatch.migrate import upgrade
from jobmatch.models import (
    AllocationRun,
    AllocationSuggestion,
    ApiToken,
    AuditEvent,
    Introduction,
    LoginAttempt,
    MatchingChange,
    Membership,
    Network,
    Occupation,
    Organisation,
    OutcomeEvent,
    Profile,
    Skill,
    WebSession,
)
from jobmatch.services import backup
from jobmatch.services.identity import load_record, store_record
from tests.conftest import postgres_engine
from tests.factories import make_consent, make_offer, make_organisation, make_profile, make_user

CANARY_NAME = "Zorabela Kvetoslavova-Canary"
CANARY_PHONE = "+39 333 987 6543"
CANARY_EMAIL = "zorabela.canary@example.net"
WHEN = datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)


def fill(engine: Engine) -> None:
    """One or more rows in every table, with awkward values: unicode, bytes, nulls, microseconds."""
    settings = Settings(env="test")
    with Session(engine, expire_on_commit=False) as session:
        # The company gets a lower id than its association: a self-reference to a later row.
        company = make_organisation(session, name="Trattoria Ñandú “Ø”", sector="I")
        association = make_organisation(session, name="Confcommercio", kind="employer_association")
        company.association_id = association.id
        ngo = make_organisation(session, name="Casa Aurora", kind="ngo", contact_phone=None)
        national = Network(name="Rete nazionale", scope="national", country="IT")
        session.add(national)
        session.flush()
        regional = Network(
            name="Rete Piemonte",
            scope="regional",
            country="IT",
            region="ITC1",
            parent_id=national.id,
        )
        session.add(regional)
        session.flush()
        session.add(
            Membership(
                organisation_id=ngo.id,
                network_id=regional.id,
                role="support_service",
                agreement_signed_on=date(2025, 1, 31),
            )
        )
        employer = make_user(session, role="employer", organisation=company, display_name="Łukasz")
        caseworker = make_user(session, role="caseworker", organisation=ngo)
        session.add(WebSession(token_hash="a" * 64, user_id=employer.id, csrf_token="c" * 40))
        session.add(
            ApiToken(token_hash="b" * 64, user_id=caseworker.id, expires_at=WHEN, last_used_at=None)
        )
        session.add(LoginAttempt(account_key="k" * 64, client_key="h" * 64, at=WHEN))
        offer = make_offer(
            session,
            organisation=company,
            description="Cucina — turni\nserali",
            start=date(2027, 2, 1),
        )
        profile = make_profile(session, organisation=ngo, created_by_id=caseworker.id)
        make_consent(session, profile=profile, recorded_by_id=caseworker.id)
        store_record(
            session,
            settings=settings,
            profile=profile,
            record={"full_name": CANARY_NAME, "phone": CANARY_PHONE, "email": CANARY_EMAIL},
        )
        intro = Introduction(
            offer_id=offer.id,
            profile_id=profile.id,
            status="approved",
            initiated_by="employer",
            requested_by_id=employer.id,
            disclosed=["first_name", "phone"],
            decided_at=WHEN,
            version=3,
        )
        session.add(intro)
        session.flush()
        session.add(
            OutcomeEvent(
                introduction_id=intro.id,
                profile_id=profile.id,
                offer_id=offer.id,
                organisation_id=company.id,
                kind="hired",
                date=date(2026, 4, 1),
            )
        )
        session.add(
            AuditEvent(
                actor_id=caseworker.id, action="x.y", object_type="profile", detail={"n": [1, "é"]}
            )
        )
        session.add(MatchingChange(kind="offer", object_id=offer.id, at=WHEN))
        run = AllocationRun(
            created_by_id=caseworker.id, network_ids=[regional.id], summary={"a": 1}
        )
        session.add(run)
        session.flush()
        session.add(
            AllocationSuggestion(
                run_id=run.id, profile_id=profile.id, offer_id=offer.id, score=0.1 + 0.2, rank=1
            )
        )
        session.add(Skill(uri="http://s/1", label="cut vegetables", alt_labels=["chop"], groups=[]))
        session.add(
            Occupation(
                uri="http://o/1",
                label="cook",
                alt_labels=[],
                isco="5120",
                essential_skills=["http://s/1"],
                optional_skills=[],
            )
        )
        session.commit()


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in backup.tables()
        }


def empty_sqlite(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path}/{name}.db")
    SQLModel.metadata.create_all(engine)
    return engine


def test_round_trip_is_exact(db_engine: Engine, tmp_path: Path) -> None:
    fill(db_engine)
    path = tmp_path / "jobmatch.backup.gz"
    summary = backup.backup_to_file(db_engine, path)
    empty = [table.name for table in backup.tables() if not summary.rows[table.name]]
    assert not empty, f"fill() makes no row of {empty}: a new table? add it to fill()"
    assert path.stat().st_mode & 0o777 == 0o600  # password hashes, the sealed vault: owner only
    before = dump(db_engine)
    target = empty_sqlite(tmp_path, "target")
    restored = backup.restore_from_file(target, path)
    assert restored.rows == summary.rows
    assert dump(target) == before
    # And back again over the original, with --force: still the same rows.
    backup.backup_to_file(target, tmp_path / "again.gz")
    backup.restore_from_file(db_engine, tmp_path / "again.gz", force=True)
    assert dump(db_engine) == before
    target.dispose()


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back(tmp_path: Path) -> None:
    source = empty_sqlite(tmp_path, "source")
    fill(source)
    before = dump(source)
    backup.backup_to_file(source, tmp_path / "a.gz")
    pg = postgres_engine()
    try:
        upgrade(pg)  # a migrated database: the revision and the alembic table stay as they are
        backup.restore_from_file(pg, tmp_path / "a.gz")
        assert dump(pg) == before
        # The sequences continue after the restored ids.
        with Session(pg) as session:
            org = make_organisation(session)
            assert org.id == max(row[0] for row in before["organisation"]) + 1
            session.rollback()
        backup.backup_to_file(pg, tmp_path / "b.gz")
        back = empty_sqlite(tmp_path, "back")
        backup.restore_from_file(back, tmp_path / "b.gz")
        assert dump(back) == before
        back.dispose()
    finally:
        pg.dispose()
    source.dispose()


def test_the_vault_stays_encrypted_in_the_backup(db_engine: Engine, tmp_path: Path) -> None:
    fill(db_engine)
    path = tmp_path / "b.gz"
    backup.backup_to_file(db_engine, path)
    before_id = dump(db_engine)["profile"][0][0]
    content = gzip.decompress(path.read_bytes()).decode("utf-8")
    for secret in (CANARY_NAME, "Zorabela", CANARY_PHONE, "987 6543", CANARY_EMAIL):
        assert secret not in content
    assert '{"table":"identity","columns":["id","profile_id","ciphertext","updated_at"]}' in content
    # The ciphertext came back byte for byte and still opens with the vault key only.
    target = empty_sqlite(tmp_path, "t")
    backup.restore_from_file(target, path)
    with Session(target) as session:
        profile = session.get_one(Profile, before_id)
        record = load_record(session, settings=Settings(env="test"), profile=profile)
        assert record["full_name"] == CANARY_NAME
    target.dispose()


def test_restore_refuses_a_database_that_is_not_empty(db_engine: Engine, tmp_path: Path) -> None:
    fill(db_engine)
    backup.backup_to_file(db_engine, tmp_path / "b.gz")
    with Session(db_engine) as session:
        make_organisation(session, name="Added after the backup")
        session.commit()
    with pytest.raises(Conflict):
        backup.restore_from_file(db_engine, tmp_path / "b.gz")
    with Session(db_engine) as session:
        names = set(session.exec(sqlmodel.select(Organisation.name)).all())
    assert "Added after the backup" in names
    backup.restore_from_file(db_engine, tmp_path / "b.gz", force=True)
    with Session(db_engine) as session:
        names = set(session.exec(sqlmodel.select(Organisation.name)).all())
    assert "Added after the backup" not in names and "Casa Aurora" in names


def test_a_failed_restore_changes_nothing(db_engine: Engine, tmp_path: Path) -> None:
    """One transaction: a backup cut short is refused after its first tables were loaded."""
    fill(db_engine)
    backup.backup_to_file(db_engine, tmp_path / "b.gz")
    before = dump(db_engine)
    lines = gzip.decompress((tmp_path / "b.gz").read_bytes()).decode().splitlines(keepends=True)
    with gzip.open(tmp_path / "cut.gz", "wt", encoding="utf-8") as out:
        out.writelines(lines[: len(lines) - 8])
    with pytest.raises(Invalid, match="incomplete"):
        backup.restore_from_file(db_engine, tmp_path / "cut.gz", force=True)
    assert dump(db_engine) == before
    (tmp_path / "junk.gz").write_bytes(b"not a backup")
    with pytest.raises(Invalid):
        backup.restore_from_file(db_engine, tmp_path / "junk.gz", force=True)
    assert dump(db_engine) == before


def test_restore_into_a_new_database_creates_the_schema_at_the_backups_revision(
    tmp_path: Path,
) -> None:
    source = make_engine(f"sqlite:///{tmp_path}/source.db")
    upgrade(source)
    fill(source)
    summary = backup.backup_to_file(source, tmp_path / "b.gz")
    assert summary.revision is not None
    fresh = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    backup.restore_from_file(fresh, tmp_path / "b.gz")
    assert dump(fresh) == dump(source)
    with fresh.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            summary.revision
        )
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).first() is None
    source.dispose()
    fresh.dispose()


def test_restore_refuses_another_schema_revision(tmp_path: Path) -> None:
    source = make_engine(f"sqlite:///{tmp_path}/source.db")
    upgrade(source)
    fill(source)
    backup.backup_to_file(source, tmp_path / "b.gz")
    with source.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'other'"))
    with pytest.raises(Invalid, match="schema revision"):
        backup.restore_from_file(source, tmp_path / "b.gz", force=True)
    source.dispose()


def test_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = empty_sqlite(tmp_path, "cli-source")
    fill(source)
    runner = CliRunner()
    monkeypatch.setenv("JOBMATCH_DATABASE_URL", f"sqlite:///{tmp_path}/cli-source.db")
    result = runner.invoke(cli, ["backup", str(tmp_path / "cli.gz")])
    assert result.exit_code == 0, result.output
    assert "backed up" in result.output
    result = runner.invoke(cli, ["restore", str(tmp_path / "cli.gz")])
    assert result.exit_code == 1
    assert "not empty" in result.output
    monkeypatch.setenv("JOBMATCH_DATABASE_URL", f"sqlite:///{tmp_path}/cli-target.db")
    result = runner.invoke(cli, ["restore", str(tmp_path / "cli.gz")])
    assert result.exit_code == 0, result.output
    assert "restored" in result.output
    target = make_engine(f"sqlite:///{tmp_path}/cli-target.db")
    assert dump(target) == dump(source)
    target.dispose()
    source.dispose()


def test_dates_are_iso_and_times_keep_microseconds(tmp_path: Path) -> None:
    source = empty_sqlite(tmp_path, "s")
    fill(source)
    backup.backup_to_file(source, tmp_path / "b.gz")
    content = gzip.decompress((tmp_path / "b.gz").read_bytes()).decode()
    assert WHEN.isoformat() in content  # 2026-03-04T05:06:07.123456+00:00
    assert '"2027-02-01"' in content
    assert (WHEN + timedelta(0)).microsecond == 123456
    source.dispose()


class WriteDuringBackup(io.StringIO):
    """An output that, once the backup has started, has the app commit a new organisation."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.done = False

    def write(self, text: str) -> int:
        if not self.done and '"table":"organisation"' in text:
            self.done = True
            with Session(self.engine) as session:
                make_organisation(session, name="Written during the backup")
                session.commit()
        return super().write(text)


def test_the_backup_is_one_snapshot(db_engine: Engine) -> None:
    fill(db_engine)
    out = WriteDuringBackup(db_engine)
    summary = backup.write_backup(db_engine, out)
    assert out.done
    assert "Written during the backup" not in out.getvalue()
    assert summary.rows["organisation"] == 3
