"""``jobmatch export`` and ``jobmatch import`` in the exchange format."""

from __future__ import annotations

from pathlib import Path

import typer

from jobmatch.cli.app import database
from jobmatch.services import exchange, organisations


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        offers: Path = typer.Option(..., help="JSON Lines file to write the offers to."),
        profiles: Path = typer.Option(
            ..., help="JSON Lines file to write the anonymised profiles to."
        ),
    ) -> None:
        """Export every offer and anonymised profile (never an identity)."""
        with database() as session:
            with offers.open("w", encoding="utf-8") as out:
                n_offers = exchange.export_offers(session, out)
            with profiles.open("w", encoding="utf-8") as out:
                n_profiles = exchange.export_profiles(session, out)
        typer.echo(f"exported {n_offers} offers and {n_profiles} profiles")

    @app.command("import")
    def import_(
        offers: Path | None = typer.Option(None, help="JSON Lines file of offers."),
        profiles: Path | None = typer.Option(None, help="JSON Lines file of profiles."),
        organisation: str | None = typer.Option(
            None,
            help="Owner of records that name none (an employer for offers, an NGO for profiles).",
        ),
    ) -> None:
        """Import offers and profiles; everything or nothing."""
        report = exchange.ImportReport()
        with database() as session:
            owner = (
                organisations.find_organisation(session, name=organisation)
                if organisation
                else None
            )
            if offers:
                with offers.open(encoding="utf-8") as lines:
                    exchange.import_offers(session, lines, organisation=owner, report=report)
            if profiles:
                with profiles.open(encoding="utf-8") as lines:
                    exchange.import_profiles(session, lines, organisation=owner, report=report)
        typer.echo(
            f"offers: {report.offers_created} created, {report.offers_updated} updated; "
            f"profiles: {report.profiles_created} created, {report.profiles_updated} updated"
        )
