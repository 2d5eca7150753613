"""Introductions between a candidate and an employer, and the outcomes that follow."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from jobmatch.models._common import json_field, utcnow


class Introduction(SQLModel, table=True):
    """requested → approved | declined | withdrawn | expired.

    ``disclosed`` lists the identity fields the caseworker chose; their values are read from the
    vault when the employer looks, so a withdrawal or an erasure takes effect at once.
    """

    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(foreign_key="offer.id", index=True)
    profile_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("profile.id", ondelete="SET NULL"), index=True),
    )
    status: str = Field(default="requested", max_length=12, index=True)
    initiated_by: str = Field(max_length=12, description="employer or caseworker")
    requested_by_id: int | None = Field(default=None, foreign_key="user.id")
    message: str | None = None
    disclosed: list[str] = json_field()
    decline_reason: str | None = Field(default=None, max_length=30)
    # The caseworker's own note on a decision; never shown to the employer.
    decision_note: str | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None
    # Bumped on every change: decisions are conditional updates on it.
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OutcomeEvent(SQLModel, table=True):
    """What happened after an introduction; kept (without the person) after an erasure."""

    id: int | None = Field(default=None, primary_key=True)
    introduction_id: int | None = Field(default=None, foreign_key="introduction.id", index=True)
    profile_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("profile.id", ondelete="SET NULL"), index=True),
    )
    offer_id: int | None = Field(default=None, foreign_key="offer.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    kind: str = Field(max_length=20, index=True)
    date: date
    months: int | None = Field(default=None, description="retention check-in: 1, 3, 6 or 12")
    reason: str | None = Field(default=None, max_length=30)
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
