"""An unexpected error gives a plain 500 page or JSON error, with nothing internal in it."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_500_shows_nothing_internal(app: FastAPI) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail: Ada Canary +39 333 1234567")

    @app.get("/api/v1/boom")
    def api_boom() -> None:
        raise RuntimeError("secret detail: Ada Canary")

    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/boom")
        assert page.status_code == 500
        assert "Something went wrong" in page.text
        assert "Ada Canary" not in page.text and "RuntimeError" not in page.text
        api = client.get("/api/v1/boom")
        assert api.status_code == 500
        assert api.json()["error"]["code"] == "server_error"
        assert "Ada" not in api.text
