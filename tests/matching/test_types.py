"""The exchange format: round trips and clear validation errors."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jobmatch.matching.types import Explanation, Match, Offer, Profile

OFFER: dict[str, Any] = {
    "id": "O1",
    "kind": "job",
    "title": "software developer",
    "description": "Writes code.",
    "occupation": "http://data.europa.eu/esco/occupation/x",
    "skills": [
        {"skill": "http://data.europa.eu/esco/skill/a", "importance": "essential"},
        {"skill": "test software", "importance": "optional"},
    ],
    "languages": [{"code": "it", "level": "B2"}],
    "region": "ITC11",
    "remote": False,
    "places": 2,
    "hours_per_week": 40,
    "start": "2026-02-01",
    "work_permit_required": True,
    "sector": "J",
    "supports": ["mentoring", "language_course"],
}
PROFILE: dict[str, Any] = {
    "id": "P1",
    "skills": [{"skill": "python", "level": "advanced"}, {"skill": "sql"}],
    "experience": [{"occupation": "programmer", "years": 2.5}],
    "languages": [{"code": "it", "level": "C1"}],
    "regions": ["ITC1"],
    "excluded_regions": ["ITC33"],
    "excluded_sectors": ["I"],
    "remote_ok": True,
    "hours_per_week": 30,
    "available_from": "2026-01-15",
    "work_permit": "pending",
    "wants": ["job", "training"],
}


def test_offer_round_trip() -> None:
    offer = Offer.from_dict(OFFER)
    assert offer.start == date(2026, 2, 1)
    assert offer.essential == ("http://data.europa.eu/esco/skill/a",)
    assert offer.optional == ("test software",)
    assert offer.supports == frozenset({"mentoring", "language_course"})
    assert Offer.from_dict(offer.to_dict()) == offer


def test_profile_round_trip() -> None:
    profile = Profile.from_dict(PROFILE)
    assert profile.skills[0].level == "advanced"
    assert profile.experience[0].years == 2.5
    assert profile.wants == frozenset({"job", "training"})
    assert Profile.from_dict(profile.to_dict()) == profile


def test_optional_fields_default() -> None:
    offer = Offer.from_dict({"id": "O2", "kind": "training", "title": "t", "region": "FR101"})
    assert offer.skills == () and offer.places == 1 and offer.sector is None
    profile = Profile.from_dict({"id": "P2"})
    assert profile.work_permit == "yes" and profile.hours_per_week is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "gig"}, "'kind' must be one of"),
        ({"region": "Torino!"}, "NUTS"),
        ({"places": -1}, "'places'"),
        ({"start": "tomorrow"}, "ISO date"),
        ({"languages": [{"code": "it", "level": "D1"}]}, "languages.level"),
        ({"skills": [{"skill": "x", "importance": "nice"}]}, "skills.importance"),
        ({"supports": ["money"]}, "'supports'"),
        ({"remote": "yes"}, "'remote'"),
    ],
)
def test_offer_validation_messages(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        Offer.from_dict({**OFFER, **change})
    assert "'O1'" in str(info.value)


def test_missing_required_field() -> None:
    data = dict(OFFER)
    del data["title"]
    with pytest.raises(ValueError, match="missing field 'title'"):
        Offer.from_dict(data)


@pytest.mark.parametrize(
    "change",
    [{"work_permit": "maybe"}, {"wants": ["holiday"]}, {"hours_per_week": -3}, {"skills": "x"}],
)
def test_profile_validation(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="'P1'"):
        Profile.from_dict({**PROFILE, **change})


def test_match_serialises_both_directions() -> None:
    match = Match("O1", "P1", 71.23456, Explanation(("a",), ("b",), (), {"essential": 12.5}))
    assert match.to_dict("profile")["offer"] == "O1"
    assert match.to_dict("offer")["profile"] == "P1"
    assert match.to_dict()["explanation"]["parts"] == {"essential": 12.5}
