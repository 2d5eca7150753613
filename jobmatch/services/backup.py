"""Portable backups: every table to a gzip JSON Lines file, and back, on SQLite or PostgreSQL.

The file is versioned and self-describing::

    {"format": "jobmatch-backup", "version": 1, "revision": "0002", "tables": [...], ...}
    {"table": "organisation", "columns": ["id", "name", ...]}
    [1, "Casa Aurora", ...]                       one JSON array per row, in primary-key order
    {"end_table": "organisation", "rows": 12}
    ...
    {"end": true, "rows": {"organisation": 12, ...}}

Tables come in foreign-key order, so a restore inserts parents first. Values are JSON: dates and
times in ISO 8601 (times in UTC with their offset), bytes in base64, JSON columns as they are. The
identity vault's ciphertext is copied as it is: a backup holds no identity in clear, and the vault
key is not in it. The final line proves the file is complete; a truncated backup is refused.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from alembic import command
from sqlalchemy import Column, Table, TypeDecorator, delete, func, inspect, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import jobmatch.models  # noqa: F401  (registers every table)
from jobmatch.errors import Conflict, Invalid
from jobmatch.migrate import alembic_config
from jobmatch.models._common import utcnow

FORMAT = "jobmatch-backup"
VERSION = 1
BATCH = 500


@dataclass
class BackupSummary:
    """What a backup wrote or a restore read: rows per table, and the schema revision."""

    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the app, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision of the database, or None if it was not made by the migrations."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- values ---------------------------------------------------------------------------------


def _python_type(column: Column[Any]) -> type | None:
    kind = column.type
    if isinstance(kind, TypeDecorator):  # e.g. SQLModel's UTCDateTime over DateTime
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return None


def _encode(value: Any, kind: type | None) -> Any:
    if value is None:
        return None
    if kind is bytes:
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _decode(value: Any, kind: type | None) -> Any:
    if value is None:
        return None
    if kind is bytes:
        return base64.b64decode(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


def _line(out: IO[str], record: Any) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


# --- backup ---------------------------------------------------------------------------------


def write_backup(engine: Engine, out: IO[str]) -> BackupSummary:
    """Write every table to ``out`` from one consistent snapshot (a single read transaction)."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        elif connection.dialect.name == "sqlite":
            # pysqlite starts no transaction for reads: without one, each table would be read
            # at a different moment while the app writes.
            connection.exec_driver_sql("BEGIN")
        summary = BackupSummary(revision=schema_revision(connection))
        ordered = tables()
        _line(
            out,
            {
                "format": FORMAT,
                "version": VERSION,
                "revision": summary.revision,
                "created_at": utcnow().isoformat(),
                "dialect": connection.dialect.name,
                "tables": [table.name for table in ordered],
            },
        )
        for table in ordered:
            columns = list(table.columns)
            kinds = [_python_type(column) for column in columns]
            _line(out, {"table": table.name, "columns": [column.name for column in columns]})
            query = select(table).order_by(*table.primary_key.columns)
            count = 0
            rows = connection.execution_options(yield_per=BATCH).execute(query)
            for row in rows:
                _line(out, [_encode(value, kind) for value, kind in zip(row, kinds, strict=True)])
                count += 1
            _line(out, {"end_table": table.name, "rows": count})
            summary.rows[table.name] = count
        _line(out, {"end": True, "rows": summary.rows})
        connection.rollback()
    return summary


def backup_to_file(engine: Engine, path: Path) -> BackupSummary:
    """Write a gzip backup to ``path`` (through a temporary file: a failed backup leaves none)."""
    partial = path.with_name(path.name + ".partial")
    try:
        # Readable by its owner only: it holds password hashes and the sealed vault.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb") as compressed,
            io.TextIOWrapper(compressed, encoding="utf-8") as out,
        ):
            summary = write_backup(engine, out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return summary


# --- restore --------------------------------------------------------------------------------


def _records(lines: IO[str]) -> Iterator[Any]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            yield json.loads(raw)
        except json.JSONDecodeError as exc:
            raise Invalid(f"The backup is damaged at line {number}.") from exc


def _is_empty(connection: Connection, names: list[str]) -> bool:
    for table in tables():
        if table.name in names and connection.execute(select(table).limit(1)).first():
            return False
    return True


def _prepare_schema(connection: Connection, revision: str | None) -> None:
    """Create the schema in an empty database (at the backup's revision); refuse a mismatch."""
    existing = set(inspect(connection).get_table_names())
    if not existing & {table.name for table in tables()}:
        config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, revision or "head")
        return
    current = schema_revision(connection)
    if revision is not None and current is not None and revision != current:
        raise Invalid(
            f"The backup is of schema revision {revision} but the database is at {current}: "
            "restore into an empty database, or one migrated to the same revision."
        )


def _self_references(table: Table) -> list[str]:
    """Columns that point to another row of the same table (inserted later, in a second pass)."""
    return [
        column.name
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table is table
    ]


class _TableLoader:
    """Inserts one table's rows in batches; self-references to later rows are set afterwards."""

    def __init__(self, connection: Connection, table: Table, columns: list[str]) -> None:
        unknown = [name for name in columns if name not in table.columns]
        missing = [column.name for column in table.columns if column.name not in columns]
        if unknown or missing:
            raise Invalid(
                f"The backup's table {table.name} does not match the database.",
                {table.name: f"unknown columns {unknown}, missing columns {missing}"},
            )
        self.connection = connection
        self.table = table
        self.columns = columns
        self.kinds = [_python_type(table.columns[name]) for name in columns]
        self.self_refs = _self_references(table)
        pk = list(table.primary_key.columns)
        self.pk_name = pk[0].name if len(pk) == 1 else None
        self.seen: set[Any] = set()
        self.later: list[dict[str, Any]] = []
        self.batch: list[dict[str, Any]] = []
        self.count = 0

    def add(self, values: list[Any]) -> None:
        if len(values) != len(self.columns):
            raise Invalid(f"A row of table {self.table.name} in the backup is damaged.")
        row = {
            name: _decode(value, kind)
            for name, value, kind in zip(self.columns, values, self.kinds, strict=True)
        }
        if self.self_refs and self.pk_name:
            pending = {
                name: row[name]
                for name in self.self_refs
                if row[name] is not None and row[name] not in self.seen
            }
            if pending:
                self.later.append({"_pk": row[self.pk_name], **pending})
                row.update(dict.fromkeys(pending))
            self.seen.add(row[self.pk_name])
        self.batch.append(row)
        self.count += 1
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.connection.execute(self.table.insert(), self.batch)
            self.batch = []

    def finish(self) -> int:
        self.flush()
        if self.later and self.pk_name:
            pk = self.table.columns[self.pk_name]
            for pending in self.later:
                values = {name: value for name, value in pending.items() if name != "_pk"}
                self.connection.execute(
                    update(self.table).where(pk == pending["_pk"]).values(**values)
                )
        return self.count


def _reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, make each serial id continue after the restored rows."""
    if connection.dialect.name != "postgresql":
        return
    preparer = connection.dialect.identifier_preparer
    for table in tables():
        for column in table.primary_key.columns:
            if column.autoincrement is not True and not (
                column.autoincrement == "auto" and _python_type(column) is int
            ):
                continue
            sequence = connection.execute(
                select(func.pg_get_serial_sequence(preparer.quote(table.name), column.name))
            ).scalar()
            if sequence is None:
                continue
            highest = connection.execute(select(func.max(column))).scalar()
            connection.execute(select(func.setval(sequence, highest or 1, highest is not None)))


def read_backup(connection: Connection, lines: IO[str], *, force: bool = False) -> BackupSummary:
    """Load a backup into ``connection``'s open transaction (the caller commits or rolls back)."""
    records = _records(lines)
    header = next(records, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Invalid("This file is not a JobMatch backup.")
    if header.get("version") != VERSION:
        raise Invalid(f"Backup format version {header.get('version')} is not supported.")
    summary = BackupSummary(revision=header.get("revision"))
    names: list[str] = list(header.get("tables") or [])
    by_name = {table.name: table for table in tables()}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise Invalid(f"The backup has tables this version does not know: {', '.join(unknown)}.")
    _prepare_schema(connection, summary.revision)
    if not _is_empty(connection, list(by_name)):
        if not force:
            raise Conflict("The database is not empty: restore refuses to overwrite it.")
        for table in reversed(tables()):
            connection.execute(delete(table))
    loader: _TableLoader | None = None
    finished = False
    for record in records:
        if finished:
            raise Invalid("The backup has data after its end.")
        if isinstance(record, list):
            if loader is None:
                raise Invalid("The backup is damaged: a row outside a table.")
            loader.add(record)
        elif isinstance(record, dict) and "table" in record:
            if loader is not None or record["table"] not in names:
                raise Invalid("The backup is damaged: unexpected table section.")
            loader = _TableLoader(connection, by_name[record["table"]], list(record["columns"]))
        elif isinstance(record, dict) and "end_table" in record:
            if loader is None or loader.table.name != record["end_table"]:
                raise Invalid("The backup is damaged: a table section ends out of place.")
            count = loader.finish()
            if count != record.get("rows"):
                raise Invalid(f"The backup's table {loader.table.name} is incomplete.")
            summary.rows[loader.table.name] = count
            loader = None
        elif isinstance(record, dict) and record.get("end") is True:
            if loader is not None or record.get("rows") != summary.rows:
                raise Invalid("The backup is damaged: its totals do not match its rows.")
            finished = True
        else:
            raise Invalid("The backup is damaged: an unknown line.")
    if not finished:
        raise Invalid("The backup is incomplete (it has no end): nothing was restored.")
    _reset_sequences(connection)
    return summary


def restore_from_file(engine: Engine, path: Path, *, force: bool = False) -> BackupSummary:
    """Restore a gzip backup in one transaction: all of it, or nothing."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines, engine.begin() as connection:
            return read_backup(connection, lines, force=force)
    except (OSError, EOFError) as exc:  # not gzip, or cut short
        raise Invalid(f"The backup cannot be read: {exc}") from exc
