"""The typer application and what every command shares: settings and the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from jobmatch.config import InsecureSettings, Settings
from jobmatch.db import make_engine, session_scope
from jobmatch.errors import JobMatchError

app = typer.Typer(
    help="JobMatch: labour-market inclusion for anti-trafficking networks.",
    no_args_is_help=True,
    add_completion=False,
)


def settings() -> Settings:
    """The settings from the environment; invalid ones stop the command with a message naming
    each variable (exit status 1), not a traceback."""
    try:
        return Settings()
    except InsecureSettings as exc:
        problems = [str(exc)]
    except ValidationError as exc:
        # Each problem without the value given: it may be a key.
        problems = [
            f"JOBMATCH_{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        ]
    typer.echo("".join(f"error: {problem}\n" for problem in problems), err=True, nl=False)
    raise typer.Exit(1)


def engine() -> Engine:
    return make_engine(settings().database_url)


@contextmanager
def database() -> Iterator[Session]:
    """A committed-on-success session; domain errors become a message and exit status 1."""
    try:
        with session_scope(engine()) as session:
            yield session
    except JobMatchError as exc:
        details = "".join(f"\n  {name}: {problem}" for name, problem in exc.fields.items())
        typer.echo(f"error: {exc.message}{details}", err=True)
        raise typer.Exit(1) from exc
