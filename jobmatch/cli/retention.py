"""``jobmatch purge``: erase profiles inactive for longer than the retention period."""

from __future__ import annotations

import typer

from jobmatch.cli.app import database, settings
from jobmatch.services import retention


def register(app: typer.Typer) -> None:
    @app.command("purge")
    def purge(
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Only count the profiles that would be erased."
        ),
    ) -> None:
        """Erase for good every profile inactive longer than JOBMATCH_RETENTION_MONTHS."""
        current = settings()
        with database() as session:
            if dry_run:
                found = retention.inactive_profiles(session, settings=current)
                typer.echo(
                    f"{len(found)} profile(s) inactive for more than "
                    f"{current.retention_months} months would be erased"
                )
                return
            erased = retention.purge_inactive(session, settings=current)
            typer.echo(
                f"erased {erased} profile(s) inactive for more than "
                f"{current.retention_months} months"
            )
