"""The ``jobmatch`` command. Each module adds the commands of one part of the product."""

from __future__ import annotations

from jobmatch.cli import accounts, backup, database, demo, exchange, server, taxonomy
from jobmatch.cli import retention as retention_commands
from jobmatch.cli.app import app

for module in (server, database, accounts, exchange, taxonomy, backup, demo):
    module.register(app)
retention_commands.register(app)


def main() -> None:
    app()


__all__ = ["app", "main"]
