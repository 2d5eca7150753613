"""The exchange format (JSON Lines) of offers and profiles, as pydantic models.

Field names follow ``../shared/bench/README.md``; the API's offer and profile bodies are these
models. Validation errors name the field and say what is wrong in words a person understands.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

NUTS_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
SECTOR_RE = re.compile(r"^[A-U]$")

OfferKindLiteral = Literal["job", "placement", "apprenticeship", "training"]
SupportLiteral = Literal["housing", "transport", "childcare", "mentoring", "language_course"]
CefrLiteral = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
Text = Annotated[str, Field(min_length=1, max_length=300)]


# NUTS country codes (EU, EFTA and candidate countries; Greece is EL in NUTS).
NUTS_COUNTRIES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "AL",
        "CH",
        "IS",
        "LI",
        "ME",
        "MK",
        "NO",
        "RS",
        "TR",
        "UK",
    }
)


def check_region(value: str) -> str:
    value = value.strip().upper()
    if not NUTS_RE.match(value) or value[:2] not in NUTS_COUNTRIES:
        raise ValueError("must be a NUTS code such as ITC11 (Torino) or FR101 (Paris)")
    return value


def check_sector(value: str) -> str:
    value = value.strip().upper()
    if not SECTOR_RE.match(value):
        raise ValueError("must be a NACE section letter from A to U")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LanguageItem(Strict):
    code: str = Field(description="ISO 639-1 code, e.g. it")
    level: CefrLiteral

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        value = value.lower()
        if not LANGUAGE_RE.match(value):
            raise ValueError("must be a two-letter ISO 639-1 code such as it, fr or sk")
        return value


class OfferSkillItem(Strict):
    skill: Text = Field(description="An ESCO skill URI or free text")
    importance: Literal["essential", "optional"] = "essential"


class OfferData(Strict):
    """An offer in the exchange format (``id`` is optional: new offers get one)."""

    id: str | None = Field(default=None, max_length=100)
    kind: OfferKindLiteral
    title: Text
    description: str | None = Field(default=None, max_length=5000)
    occupation: str | None = Field(default=None, max_length=300)
    skills: list[OfferSkillItem] = Field(default_factory=list, max_length=60)
    teaches: list[Text] = Field(default_factory=list, max_length=60)
    languages: list[LanguageItem] = Field(default_factory=list, max_length=10)
    region: str
    remote: bool = False
    places: int = Field(default=1, ge=1, le=1000)
    hours_per_week: int | None = Field(default=None, ge=1, le=60)
    start: date | None = None
    work_permit_required: bool = True
    sector: str | None = None
    supports: list[SupportLiteral] = Field(default_factory=list)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        return check_region(value)

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        return check_sector(value) if value else None

    @field_validator("supports")
    @classmethod
    def _unique_supports(cls, value: list[str]) -> list[str]:
        return sorted(set(value))


class ProfileSkillItem(Strict):
    skill: Text = Field(description="An ESCO skill URI or free text")
    level: Literal["basic", "intermediate", "advanced", "expert"] | None = None


class ExperienceItem(Strict):
    occupation: Text = Field(description="An ESCO occupation URI or a job title")
    years: float = Field(ge=0, le=60)


class ProfileData(Strict):
    """An anonymised profile in the exchange format."""

    id: str | None = Field(default=None, max_length=100)
    skills: list[ProfileSkillItem] = Field(default_factory=list, max_length=60)
    experience: list[ExperienceItem] = Field(default_factory=list, max_length=20)
    languages: list[LanguageItem] = Field(default_factory=list, max_length=10)
    regions: list[str] = Field(default_factory=list, max_length=20)
    excluded_regions: list[str] = Field(default_factory=list, max_length=20)
    excluded_sectors: list[str] = Field(default_factory=list, max_length=21)
    remote_ok: bool = False
    hours_per_week: int | None = Field(default=None, ge=1, le=60)
    available_from: date | None = None
    work_permit: Literal["yes", "pending", "no"] = "yes"
    wants: list[OfferKindLiteral] = Field(default_factory=list)
    needs: list[SupportLiteral] = Field(default_factory=list)

    @field_validator("regions", "excluded_regions")
    @classmethod
    def _regions(cls, value: list[str]) -> list[str]:
        return sorted({check_region(v) for v in value})

    @field_validator("excluded_sectors")
    @classmethod
    def _sectors(cls, value: list[str]) -> list[str]:
        return sorted({check_sector(v) for v in value})

    @field_validator("wants", "needs")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return sorted(set(value))
