"""Organisations, networks and their memberships."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from jobmatch.models._common import utcnow


class Organisation(SQLModel, table=True):
    """An NGO, public authority, employer, employers' association or helpline."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    kind: str = Field(max_length=40)
    region: str = Field(max_length=10, description="NUTS code")
    sector: str | None = Field(default=None, max_length=1, description="NACE section letter")
    size: str | None = Field(default=None, max_length=20)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=200)
    contact_phone: str | None = Field(default=None, max_length=50)
    # The employers' association a company belongs to.
    association_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class Network(SQLModel, table=True):
    """A national or regional network; regional networks have a parent."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    scope: str = Field(max_length=20)
    country: str = Field(max_length=2)
    region: str | None = Field(default=None, max_length=10, description="NUTS code")
    parent_id: int | None = Field(default=None, foreign_key="network.id", index=True)


class Membership(SQLModel, table=True):
    """An organisation's place in a network, with the date its agreement was signed."""

    __table_args__ = (UniqueConstraint("organisation_id", "network_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    network_id: int = Field(foreign_key="network.id", index=True)
    role: str = Field(max_length=40)
    agreement_signed_on: date | None = None
