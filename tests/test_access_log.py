"""The access log of `jobmatch serve` records paths, never query strings."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.engine import Engine
from typer.testing import CliRunner
from uvicorn.config import LOGGING_CONFIG
from uvicorn.logging import AccessFormatter

from jobmatch.access_log import WithoutQuery
from jobmatch.app import create_app
from jobmatch.cli import app as cli
from jobmatch.config import Settings

TYPED = "Zorvina Quillfeather"  # what someone typed into the skills autocomplete
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


@pytest.fixture
def uvicorn_logging() -> Iterator[None]:
    """uvicorn configures these loggers globally: put them back for the tests that follow."""
    loggers = [logging.getLogger(name) for name in UVICORN_LOGGERS]
    saved = [(lg, lg.handlers[:], lg.filters[:], lg.level, lg.propagate) for lg in loggers]
    yield
    for logger, handlers, filters, level, propagate in saved:
        logger.handlers, logger.filters = handlers, filters
        logger.level, logger.propagate = level, propagate


class Lines(logging.Handler):
    """The access log lines as uvicorn writes them."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def serve_arguments(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `jobmatch serve` hands to uvicorn."""
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    return seen


def test_serve_logs_requests_without_their_query_strings(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, settings: Settings, uvicorn_logging: None
) -> None:
    # A real uvicorn server with the logging configuration `jobmatch serve` gives it.
    log_config = serve_arguments(monkeypatch).get("log_config", LOGGING_CONFIG)
    config = uvicorn.Config(
        create_app(settings, engine=engine), host="127.0.0.1", port=0, log_config=log_config
    )
    lines = Lines()
    logging.getLogger("uvicorn.access").addHandler(lines)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            client.get("/skills/suggest", params={"q": TYPED, "limit": 5})
            client.get("/api/v1/offers", params={"region": "ITC11", "kind": "job"})
            client.get("/login")
    finally:
        server.should_exit = True
        thread.join(timeout=10)

    text = "\n".join(lines.lines)
    assert len(lines.lines) == 3, text
    assert '"GET /skills/suggest HTTP/1.1" 303' in text  # to the login page
    assert '"GET /api/v1/offers HTTP/1.1" 401' in text
    assert '"GET /login HTTP/1.1" 200' in text
    for leaked in ("?", "Zorvina", "Quillfeather", "q=", "region=", "ITC11", "limit="):
        assert leaked not in text, (leaked, text)


def test_the_filter_keeps_the_method_path_and_status() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/profiles/7/matches?kind=job&region=ITC1", "1.1", 200),
        None,
    )
    assert WithoutQuery().filter(record) is True
    assert record.getMessage() == '127.0.0.1:5000 - "GET /profiles/7/matches HTTP/1.1" 200'
    # A message written out in full loses its query strings too.
    whole = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, 'GET /skills/suggest?q=Ana%20M "x"', (), None
    )
    WithoutQuery().filter(whole)
    assert whole.getMessage() == 'GET /skills/suggest "x"'
