"""``jobmatch init-db``."""

from __future__ import annotations

import typer

from jobmatch.cli.app import engine
from jobmatch.migrate import upgrade


def register(app: typer.Typer) -> None:
    @app.command("init-db")
    def init_db() -> None:
        """Create or upgrade the database schema (Alembic migrations)."""
        upgrade(engine())
        typer.echo("database is up to date")
