"""``jobmatch backup FILE`` and ``jobmatch restore FILE``."""

from __future__ import annotations

from pathlib import Path

import typer

from jobmatch.cli.app import engine
from jobmatch.errors import JobMatchError
from jobmatch.services import backup as backups


def _fail(exc: JobMatchError) -> typer.Exit:
    details = "".join(f"\n  {name}: {problem}" for name, problem in exc.fields.items())
    typer.echo(f"error: {exc.message}{details}", err=True)
    return typer.Exit(1)


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup(
        file: Path = typer.Argument(..., help="The backup file to write (gzip JSON Lines)."),
    ) -> None:
        """Write every table to FILE; the identity vault stays encrypted (keep the key apart)."""
        summary = backups.backup_to_file(engine(), file)
        typer.echo(
            f"backed up {summary.total} rows of {len(summary.rows)} tables "
            f"(schema revision {summary.revision or 'unknown'}) to {file}"
        )

    @app.command("restore")
    def restore(
        file: Path = typer.Argument(..., help="A file written by `jobmatch backup`."),
        force: bool = typer.Option(
            False, "--force", help="Replace the data of a database that is not empty."
        ),
    ) -> None:
        """Restore FILE in one transaction (stop the app first); refuses a non-empty database."""
        try:
            summary = backups.restore_from_file(engine(), file, force=force)
        except JobMatchError as exc:
            raise _fail(exc) from exc
        typer.echo(f"restored {summary.total} rows of {len(summary.rows)} tables from {file}")
