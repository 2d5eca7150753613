"""``jobmatch demo``: load the demo network."""

from __future__ import annotations

import typer

from jobmatch.cli.app import engine
from jobmatch.errors import JobMatchError


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        reset: bool = typer.Option(False, help="Drop and recreate the database first."),
        seed: int = typer.Option(
            2026, help="Seed of the generator: the same seed, the same network."
        ),
    ) -> None:
        """Create a realistic demo network (organisations, users, offers, profiles, outcomes)."""
        from jobmatch.services.demo import load_demo

        try:
            summary = load_demo(engine(), reset=reset, seed=seed)
        except JobMatchError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from exc
        typer.echo(summary)
