"""The change log that keeps every app process's matching index current."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from jobmatch.models._common import utcnow


class MatchingChange(SQLModel, table=True):
    """One offer or profile changed (``kind`` offer | profile), or everything (``all``).

    Each process remembers the last id it applied and, before answering, applies the newer ones
    to its in-memory index: one offer or profile at a time, without a rebuild.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    object_id: int | None = None
    at: datetime = Field(default_factory=utcnow)
