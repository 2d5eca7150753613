"""Anonymised profiles, the identity vault and consents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, ForeignKey, Integer, LargeBinary
from sqlmodel import Field, SQLModel, col

from jobmatch.models._common import json_field, utcnow


class Profile(SQLModel, table=True):
    """What matching knows of a beneficiary: nothing that identifies them.

    ``skills``: ``[{"skill", "level"?}]``; ``experience``: ``[{"occupation", "years"}]``;
    ``languages``: ``[{"code", "level"}]``; ``needs``: supports the person needs.
    """

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, index=True, max_length=20)
    external_id: str | None = Field(default=None, unique=True, max_length=100)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    skills: list[dict[str, Any]] = json_field()
    experience: list[dict[str, Any]] = json_field()
    languages: list[dict[str, Any]] = json_field()
    regions: list[str] = json_field()
    excluded_regions: list[str] = json_field()
    excluded_sectors: list[str] = json_field()
    remote_ok: bool = False
    hours_per_week: int | None = None
    available_from: date | None = None
    work_permit: str = Field(default="yes", max_length=10)
    wants: list[str] = json_field()
    needs: list[str] = json_field()
    status: str = Field(default="active", max_length=10, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow)


class Identity(SQLModel, table=True):
    """The vault: a beneficiary's identity, AES-GCM encrypted, bound to its profile id."""

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("profile.id", ondelete="CASCADE"), unique=True, nullable=False
        )
    )
    ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class Consent(SQLModel, table=True):
    """A beneficiary's recorded consent, for some scopes, until it expires or is withdrawn."""

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(
        sa_column=Column(Integer, ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    )
    scopes: list[str] = json_field()
    given_on: date
    expires_on: date
    obtained: str = Field(max_length=200)
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    withdrawn_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)

    def is_valid_on(self, day: date) -> bool:
        """Given by ``day``, not expired and not withdrawn (:func:`consent_valid_on` in SQL)."""
        return self.withdrawn_at is None and self.given_on <= day <= self.expires_on


def consent_valid_on(day: date) -> tuple[ColumnElement[bool], ...]:
    """A query's conditions for the consents valid on ``day`` (:meth:`Consent.is_valid_on`)."""
    return (
        col(Consent.withdrawn_at).is_(None),
        col(Consent.expires_on) >= day,
        col(Consent.given_on) <= day,
    )
