"""Network allocation runs and the suggestions they make to caseworkers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from jobmatch.models._common import json_field, utcnow


class AllocationRun(SQLModel, table=True):
    """One run of the network allocation; ``summary`` holds its counts (shown only protected)."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    # The networks it covered (empty for an admin's run over everything).
    network_ids: list[int] = json_field()
    summary: dict[str, Any] = json_field(dict)


class AllocationSuggestion(SQLModel, table=True):
    """A proposal to the owning caseworker: this person and this offer (rank 1 is the
    allocation's choice, higher ranks the alternatives). proposed → dismissed | superseded."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="allocationrun.id", index=True)
    # An erasure removes the person's suggestions with the profile.
    profile_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("profile.id", ondelete="CASCADE"), index=True, nullable=False
        )
    )
    offer_id: int = Field(foreign_key="offer.id", index=True)
    score: float
    rank: int
    status: str = Field(default="proposed", max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
