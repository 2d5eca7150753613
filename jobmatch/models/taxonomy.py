"""ESCO skills and occupations, loaded by `jobmatch import-taxonomy`."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from jobmatch.models._common import json_field


class Skill(SQLModel, table=True):
    uri: str = Field(primary_key=True, max_length=200)
    label: str = Field(max_length=500)
    alt_labels: list[str] = json_field()
    skill_type: str | None = Field(default=None, max_length=60)
    groups: list[str] = json_field()


class Occupation(SQLModel, table=True):
    uri: str = Field(primary_key=True, max_length=200)
    label: str = Field(max_length=500)
    alt_labels: list[str] = json_field()
    isco: str | None = Field(default=None, max_length=4, index=True)
    essential_skills: list[str] = json_field()
    optional_skills: list[str] = json_field()
