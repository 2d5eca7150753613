"""``jobmatch create-organisation`` and ``jobmatch create-user``."""

from __future__ import annotations

import typer

from jobmatch.cli.app import database
from jobmatch.services import accounts, organisations


def register(app: typer.Typer) -> None:
    @app.command("create-organisation")
    def create_organisation(
        name: str = typer.Argument(..., help="The organisation's name."),
        kind: str = typer.Option(
            ..., help="ngo, public_authority, employer, employer_association, helpline"
        ),
        region: str = typer.Option(..., help="NUTS code, e.g. ITC11"),
        member_of: str | None = typer.Option(None, help="The employers' association of a company."),
        sector: str | None = typer.Option(None, help="NACE section letter of an employer."),
    ) -> None:
        """Create an organisation."""
        with database() as session:
            organisation = organisations.create_organisation(
                session, name=name, kind=kind, region=region, member_of=member_of, sector=sector
            )
            typer.echo(f"created organisation {organisation.id}: {organisation.name}")

    @app.command("create-user")
    def create_user(
        email: str = typer.Argument(..., help="The user's e-mail address (their login)."),
        role: str = typer.Option(..., help="employer, association, caseworker, coordinator, admin"),
        organisation: str = typer.Option(..., help="The name of the user's organisation."),
        password: str = typer.Option(..., help="At least 10 characters."),
        name: str | None = typer.Option(None, help="The user's display name."),
    ) -> None:
        """Create a user account."""
        with database() as session:
            org = organisations.find_organisation(session, name=organisation)
            user = accounts.create_user(
                session,
                email=email,
                password=password,
                role=role,
                organisation=org,
                display_name=name,
            )
            typer.echo(f"created user {user.id}: {user.email} ({user.role})")
