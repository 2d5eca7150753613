"""``jobmatch import-taxonomy``, ``jobmatch skills match`` and ``jobmatch rank``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from jobmatch.cli.app import database

skills_app = typer.Typer(help="Work with the ESCO skills taxonomy.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    @app.command("import-taxonomy")
    def import_taxonomy() -> None:
        """Load the ESCO skills and occupations shipped in data/ into the database."""
        from jobmatch.services.taxonomy import import_taxonomy as load

        with database() as session:
            counts = load(session)
        typer.echo(f"imported {counts.skills} skills and {counts.occupations} occupations")

    @skills_app.command("match")
    def match(
        limit: int = typer.Option(5, help="Candidates per text."),
    ) -> None:
        """Read one text a line on stdin; print one JSON line of candidates for each."""
        from jobmatch.matching.normalise import default_skill_normaliser

        normaliser = default_skill_normaliser()
        for line in sys.stdin:
            query = line.rstrip("\n")
            if not query.strip():
                continue
            candidates = [
                {"uri": c.uri, "label": c.label, "score": c.score}
                for c in normaliser.match(query, limit=limit)
            ]
            typer.echo(json.dumps({"query": query, "candidates": candidates}, ensure_ascii=False))

    app.add_typer(skills_app, name="skills")

    @app.command("rank")
    def rank(
        offers: Path = typer.Option(..., help="Offers, JSON Lines (exchange format)."),
        profiles: Path = typer.Option(..., help="Profiles, JSON Lines (exchange format)."),
        top: int = typer.Option(10, help="Matches per line."),
        by: str = typer.Option(
            "profile", help="profile: offers for each profile; offer: profiles for each offer."
        ),
    ) -> None:
        """Rank offers for each profile (or profiles for each offer); one JSON line each."""
        from jobmatch.matching.rank import run_rank

        try:
            run_rank(offers, profiles, top=top, by=by)
        except (ValueError, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
