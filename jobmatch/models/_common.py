"""Column helpers shared by the table modules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field


def utcnow() -> datetime:
    """Aware UTC 'now' (SQLModel's datetime columns store and return aware UTC values)."""
    return datetime.now(UTC)


def json_field(default_factory: Any = list) -> Any:
    """A JSON column for a list or object that is always read and written whole."""
    return Field(default_factory=default_factory, sa_column=Column(JSON, nullable=False))
