"""The server's access log, without query strings.

uvicorn logs each request as ``client - "GET /path?query HTTP/1.1" 200``. A query string holds what
people type and choose (the skills autocomplete's ``?q=``, search filters), which may describe a
person: the access log keeps the method, the path and the status, never the query.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

__all__ = ["WithoutQuery", "log_config"]

ACCESS_LOGGER = "uvicorn.access"
# A path followed by its query string: "/skills/suggest?q=..." (up to a space or a quote).
QUERY = re.compile(r"(/[^\s?\"]*)\?[^\s\"]*")


class WithoutQuery(logging.Filter):
    """Drop the query string from uvicorn's access log records (the path stays)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn's access records: (client address, method, path with query, HTTP version,
        # status). Anything else logged there is cleaned the same way, argument by argument.
        if isinstance(record.args, tuple):
            record.args = tuple(_without_query(arg) for arg in record.args)
        record.msg = _without_query(record.msg)
        return True


def _without_query(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.startswith("/"):  # a path argument: all of the query goes, whatever it holds
        return value.split("?", 1)[0]
    return QUERY.sub(r"\1", value)


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with :class:`WithoutQuery` on the access logger."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["without_query"] = {"()": f"{__name__}.WithoutQuery"}
    config["loggers"][ACCESS_LOGGER]["filters"] = ["without_query"]
    return config
