"""Offers: placements (job, work placement, apprenticeship) and training."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Field, SQLModel

from jobmatch.models._common import json_field, utcnow


class Offer(SQLModel, table=True):
    """An offer; its list fields hold the exchange format's items and are written whole.

    ``skills``: ``[{"skill": URI or text, "importance": "essential"|"optional"}]``;
    ``teaches``: ``[URI or text]`` (training only); ``languages``: ``[{"code", "level"}]``;
    ``supports``: a subset of :class:`~jobmatch.models.enums.Support`.
    """

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, unique=True, max_length=100)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    # The association that posted it on behalf of ``organisation_id``, if any.
    posted_by_id: int | None = Field(default=None, foreign_key="organisation.id")
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    kind: str = Field(max_length=20)
    title: str = Field(max_length=300)
    description: str | None = None
    occupation: str | None = Field(default=None, max_length=300)
    skills: list[dict[str, Any]] = json_field()
    teaches: list[str] = json_field()
    languages: list[dict[str, Any]] = json_field()
    region: str = Field(max_length=10, index=True)
    remote: bool = False
    places: int = 1
    hours_per_week: int | None = None
    start: date | None = None
    work_permit_required: bool = True
    sector: str | None = Field(default=None, max_length=1)
    supports: list[str] = json_field()
    # Open to the whole network (None) or to one regional network.
    network_id: int | None = Field(default=None, foreign_key="network.id")
    status: str = Field(default="draft", max_length=10, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    closed_at: datetime | None = None
