"""Every route of the app, enumerated from app.routes (through included routers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

# Framework routes that carry no data of the app.
FRAMEWORK = {"/api/v1/openapi.json", "/api/v1/docs", "/docs/oauth2-redirect"}


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route of the app, HEAD left out (it follows GET)."""

    def walk(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None:
                context = getattr(route, "include_context", None)
                yield from walk(included.routes, prefix + (getattr(context, "prefix", "") or ""))
            elif hasattr(route, "path"):
                yield prefix + route.path, route

    found = {
        (method, path)
        for path, route in walk(list(app.routes))
        if isinstance(route, APIRoute) or path in FRAMEWORK
        for method in (getattr(route, "methods", None) or ())
        if method != "HEAD"
    }
    return sorted(found, key=lambda item: (item[1], item[0]))


def web_forms(app: FastAPI) -> list[str]:
    """The POST routes of the web pages (everything outside /api/)."""
    return [
        path
        for method, path in app_routes(app)
        if method == "POST" and not path.startswith("/api/")
    ]
