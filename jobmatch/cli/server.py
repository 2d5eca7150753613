"""``jobmatch serve``."""

from __future__ import annotations

import typer
import uvicorn

from jobmatch.access_log import log_config
from jobmatch.cli.app import settings


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
        workers: int = typer.Option(
            1, help="Worker processes (use PostgreSQL with more than one)."
        ),
    ) -> None:
        """Serve the web pages and the JSON API."""
        settings()  # refuse to start with default keys outside development
        uvicorn.run(
            "jobmatch.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            # A new worker imports the whole app (numpy, scikit-learn) before it answers:
            # uvicorn's 5 s health check kills it on a busy machine.
            timeout_worker_healthcheck=120,
            # Paths without their query strings: what people type there may describe a person.
            log_config=log_config(),
        )
