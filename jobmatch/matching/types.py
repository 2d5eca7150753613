"""Frozen dataclasses for offers, profiles and match results (the JSON Lines exchange format).

Field names follow the exchange format of the benchmark README one to one, so that a line read with
`Offer.from_dict` and written back with `to_dict` keeps its meaning. Validation errors raise
`ValueError` with a message that names the record and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

OfferKind = Literal["job", "placement", "apprenticeship", "training"]
Importance = Literal["essential", "optional"]
Permit = Literal["yes", "pending", "no"]

OFFER_KINDS: tuple[str, ...] = ("job", "placement", "apprenticeship", "training")
IMPORTANCES: tuple[str, ...] = ("essential", "optional")
PERMITS: tuple[str, ...] = ("yes", "pending", "no")
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_RANK: dict[str, int] = {level: i for i, level in enumerate(CEFR_LEVELS)}
SUPPORTS: tuple[str, ...] = ("housing", "transport", "childcare", "mentoring", "language_course")
SKILL_LEVELS: tuple[str, ...] = ("basic", "intermediate", "advanced", "expert")


def _where(data: Mapping[str, Any]) -> str:
    ident = data.get("id")
    return f"record {ident!r}" if isinstance(ident, str) else "record"


def _req(data: Mapping[str, Any], key: str) -> Any:
    if key not in data:
        raise ValueError(f"{_where(data)}: missing field {key!r}")
    return data[key]


def _str(data: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = _req(data, key) if required else data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{_where(data)}: field {key!r} must be a non-empty string")
    return value


def _bool(data: Mapping[str, Any], key: str, default: bool | None = None) -> bool:
    value = data.get(key, default) if default is not None else _req(data, key)
    if not isinstance(value, bool):
        raise ValueError(f"{_where(data)}: field {key!r} must be true or false")
    return value


def _number(data: Mapping[str, Any], key: str, *, required: bool) -> float | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ValueError(f"{_where(data)}: missing field {key!r}")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{_where(data)}: field {key!r} must be a non-negative number")
    return float(value)


def _choice(data: Mapping[str, Any], key: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{_where(data)}: field {key!r} must be one of {', '.join(allowed)}")
    return cast(str, value)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{_where(data)}: field {key!r} must be a list")
    return value


def _strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = _list(data, key)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{_where(data)}: field {key!r} must hold non-empty strings")
    return tuple(items)


def _date(data: Mapping[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{_where(data)}: field {key!r} must be an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{_where(data)}: field {key!r} must be an ISO date (YYYY-MM-DD)"
        ) from None


def _region(data: Mapping[str, Any], key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.isalnum() or not 2 <= len(value) <= 5:
        raise ValueError(f"{_where(data)}: field {key!r} must hold NUTS codes such as 'ITC11'")
    return value.upper()


@dataclass(frozen=True, slots=True)
class Language:
    """A language (ISO 639-1 code) at a CEFR level."""

    code: str
    level: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], owner: Mapping[str, Any]) -> Language:
        if not isinstance(data, Mapping):
            raise ValueError(f"{_where(owner)}: each language must be an object")
        code = data.get("code")
        if not isinstance(code, str) or not code.isalpha() or len(code) != 2:
            raise ValueError(f"{_where(owner)}: language code must be ISO 639-1, such as 'it'")
        level = _choice(owner, "languages.level", data.get("level"), CEFR_LEVELS)
        return cls(code=code.lower(), level=level)

    @property
    def rank(self) -> int:
        return CEFR_RANK[self.level]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "level": self.level}


@dataclass(frozen=True, slots=True)
class OfferSkill:
    """A skill an offer asks for: an ESCO skill URI or free text."""

    skill: str
    importance: str = "essential"

    def to_dict(self) -> dict[str, Any]:
        return {"skill": self.skill, "importance": self.importance}


@dataclass(frozen=True, slots=True)
class ProfileSkill:
    """A skill a person has: an ESCO skill URI or free text, with an optional level."""

    skill: str
    level: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"skill": self.skill}
        if self.level is not None:
            out["level"] = self.level
        return out


@dataclass(frozen=True, slots=True)
class Experience:
    """Years of work in an occupation (ESCO occupation URI or a job title)."""

    occupation: str
    years: float

    def to_dict(self) -> dict[str, Any]:
        return {"occupation": self.occupation, "years": self.years}


@dataclass(frozen=True, slots=True)
class Offer:
    """A placement (job, placement, apprenticeship) or a training offer."""

    id: str
    kind: str
    title: str
    region: str
    skills: tuple[OfferSkill, ...] = ()
    description: str | None = None
    occupation: str | None = None
    teaches: tuple[str, ...] = ()
    languages: tuple[Language, ...] = ()
    remote: bool = False
    places: int = 1
    hours_per_week: float | None = None
    start: date | None = None
    work_permit_required: bool = False
    sector: str | None = None
    supports: frozenset[str] = field(default_factory=frozenset)

    @property
    def essential(self) -> tuple[str, ...]:
        return tuple(s.skill for s in self.skills if s.importance == "essential")

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(s.skill for s in self.skills if s.importance == "optional")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Offer:
        """Read one offer of the exchange format; raise ValueError on invalid input."""
        if not isinstance(data, Mapping):
            raise ValueError("an offer must be a JSON object")
        skills = []
        for item in _list(data, "skills"):
            if not isinstance(item, Mapping):
                raise ValueError(f"{_where(data)}: each skill must be an object")
            text = _str(item, "skill")
            importance = _choice(
                data, "skills.importance", item.get("importance", "essential"), IMPORTANCES
            )
            skills.append(OfferSkill(skill=cast(str, text), importance=importance))
        places = data.get("places", 1)
        if isinstance(places, bool) or not isinstance(places, int) or places < 0:
            raise ValueError(f"{_where(data)}: field 'places' must be a non-negative integer")
        supports = _strings(data, "supports")
        for s in supports:
            _choice(data, "supports", s, SUPPORTS)
        sector = _str(data, "sector", required=False)
        return cls(
            id=cast(str, _str(data, "id")),
            kind=_choice(data, "kind", _req(data, "kind"), OFFER_KINDS),
            title=cast(str, _str(data, "title")),
            description=_str(data, "description", required=False),
            occupation=_str(data, "occupation", required=False),
            skills=tuple(skills),
            teaches=_strings(data, "teaches"),
            languages=tuple(Language.from_dict(x, data) for x in _list(data, "languages")),
            region=_region(data, "region", _req(data, "region")),
            remote=_bool(data, "remote", False),
            places=places,
            hours_per_week=_number(data, "hours_per_week", required=False),
            start=_date(data, "start"),
            work_permit_required=_bool(data, "work_permit_required", False),
            sector=sector.upper() if sector else None,
            supports=frozenset(supports),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "title": self.title}
        if self.description is not None:
            out["description"] = self.description
        if self.occupation is not None:
            out["occupation"] = self.occupation
        out["skills"] = [s.to_dict() for s in self.skills]
        if self.teaches:
            out["teaches"] = list(self.teaches)
        out["languages"] = [x.to_dict() for x in self.languages]
        out["region"] = self.region
        out["remote"] = self.remote
        out["places"] = self.places
        out["hours_per_week"] = self.hours_per_week
        if self.start is not None:
            out["start"] = self.start.isoformat()
        out["work_permit_required"] = self.work_permit_required
        if self.sector is not None:
            out["sector"] = self.sector
        out["supports"] = sorted(self.supports)
        return out


@dataclass(frozen=True, slots=True)
class Profile:
    """An anonymised skill profile: no name, contact, nationality or identifying free text."""

    id: str
    skills: tuple[ProfileSkill, ...] = ()
    experience: tuple[Experience, ...] = ()
    languages: tuple[Language, ...] = ()
    regions: tuple[str, ...] = ()
    excluded_regions: tuple[str, ...] = ()
    excluded_sectors: frozenset[str] = field(default_factory=frozenset)
    remote_ok: bool = False
    hours_per_week: float | None = None
    available_from: date | None = None
    work_permit: str = "yes"
    wants: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Read one profile of the exchange format; raise ValueError on invalid input."""
        if not isinstance(data, Mapping):
            raise ValueError("a profile must be a JSON object")
        skills = []
        for item in _list(data, "skills"):
            if not isinstance(item, Mapping):
                raise ValueError(f"{_where(data)}: each skill must be an object")
            level = item.get("level")
            if level is not None and not isinstance(level, str):
                raise ValueError(f"{_where(data)}: skill level must be a string")
            skills.append(ProfileSkill(skill=cast(str, _str(item, "skill")), level=level))
        experience = []
        for item in _list(data, "experience"):
            if not isinstance(item, Mapping):
                raise ValueError(f"{_where(data)}: each experience must be an object")
            years = _number(item, "years", required=False)
            experience.append(
                Experience(occupation=cast(str, _str(item, "occupation")), years=years or 0.0)
            )
        wants = _strings(data, "wants")
        for w in wants:
            _choice(data, "wants", w, OFFER_KINDS)
        return cls(
            id=cast(str, _str(data, "id")),
            skills=tuple(skills),
            experience=tuple(experience),
            languages=tuple(Language.from_dict(x, data) for x in _list(data, "languages")),
            regions=tuple(_region(data, "regions", r) for r in _list(data, "regions")),
            excluded_regions=tuple(
                _region(data, "excluded_regions", r) for r in _list(data, "excluded_regions")
            ),
            excluded_sectors=frozenset(s.upper() for s in _strings(data, "excluded_sectors")),
            remote_ok=_bool(data, "remote_ok", False),
            hours_per_week=_number(data, "hours_per_week", required=False),
            available_from=_date(data, "available_from"),
            work_permit=_choice(data, "work_permit", data.get("work_permit", "yes"), PERMITS),
            wants=frozenset(wants),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "skills": [s.to_dict() for s in self.skills],
            "experience": [e.to_dict() for e in self.experience],
            "languages": [x.to_dict() for x in self.languages],
            "regions": list(self.regions),
            "excluded_regions": list(self.excluded_regions),
            "excluded_sectors": sorted(self.excluded_sectors),
            "remote_ok": self.remote_ok,
            "hours_per_week": self.hours_per_week,
            "available_from": self.available_from.isoformat() if self.available_from else None,
            "work_permit": self.work_permit,
            "wants": sorted(self.wants),
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a pair scored what it did: skills matched, missing and related, and each score part."""

    matched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    parts: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": list(self.matched),
            "missing": list(self.missing),
            "related": list(self.related),
            "parts": {k: round(v, 4) for k, v in self.parts.items()},
        }


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked (profile, offer) pair, score 0–100, with its explanation."""

    offer_id: str
    profile_id: str
    score: float
    explanation: Explanation

    def to_dict(self, by: str = "profile") -> dict[str, Any]:
        key, ident = ("offer", self.offer_id) if by == "profile" else ("profile", self.profile_id)
        return {
            key: ident,
            "score": round(self.score, 4),
            "explanation": self.explanation.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class TrainingSuggestion:
    """A training offer that teaches some of the missing essential skills of a placement."""

    offer_id: str
    training_id: str
    teaches: tuple[str, ...]
    coverage: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "offer": self.offer_id,
            "training": self.training_id,
            "teaches": list(self.teaches),
            "coverage": round(self.coverage, 4),
        }


@dataclass(frozen=True, slots=True)
class Allocation:
    """One person assigned to one place, with their next-best admissible alternatives."""

    profile_id: str
    offer_id: str | None
    score: float
    alternatives: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile_id,
            "offer": self.offer_id,
            "score": round(self.score, 4),
            "alternatives": [{"offer": o, "score": round(s, 4)} for o, s in self.alternatives],
        }
