"""The score of an admissible (profile, offer) pair, 0–100, as a sum of explainable parts.

Each part is a number between 0 and 1, multiplied by its weight (the weights add up to 100):

- ``essential``: the share of the offer's essential skills the person has, each skill weighted by
  how specific it is (inverse document frequency over the offers: "use Python" tells more than
  "work in teams") and by how surely the person's wording was recognised; an offer that asks for
  less than a few typical skills' worth is read as asking for that much (`SkillWeights.floor`);
- ``optional``: the same for optional skills;
- ``related``: essential skills the person does not have, but has a skill of the same narrow ESCO
  group for;
- ``occupation``: how well the offer's occupation fits the occupations the person's skills and
  experience point to (1 for the most likely one, less for close ones);
- ``experience``: years worked in the offer's occupation (or a close one);
- ``language``: margin over the required language levels;
- ``place``: the offer in one of the person's own regions rather than merely admissible;
- ``start``: the person available by the offer's start date.

The index computes the same sum with sparse matrices; `score_pair` is the reference and gives the
explanation.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from jobmatch.matching.rules import Constraints, shares_prefix
from jobmatch.matching.types import Explanation, Offer, Profile

WEIGHTS: dict[str, float] = {
    "essential": 25.0,
    "optional": 5.0,
    "related": 5.0,
    "occupation": 40.0,
    "experience": 10.0,
    "language": 5.0,
    "place": 5.0,
    "start": 5.0,
}
START_GRACE_DAYS = 180.0


@dataclass(frozen=True, slots=True)
class SkillWeights:
    """How much each skill of an offer counts: its specificity, normalised per offer."""

    idf: dict[str, float] = field(default_factory=dict)
    default: float = 1.0
    floor: float = 3.0

    @classmethod
    def fit(
        cls, skill_lists: Iterable[Iterable[str]], *, floor_skills: float = 3.0
    ) -> SkillWeights:
        """Inverse document frequencies over offers' skill lists (one list per offer)."""
        df: Counter[str] = Counter()
        n = 0
        for keys in skill_lists:
            n += 1
            df.update(set(keys))
        if not df:
            return cls(floor=floor_skills)
        idf = {k: math.log(1.0 + n / c) for k, c in df.items()}
        unseen = math.log(1.0 + n)
        return cls(idf, unseen, floor_skills * statistics.median(idf.values()))

    def values(self, keys: Sequence[str]) -> tuple[float, ...]:
        """Each key's share of the offer: its weight over the offer's total (at least `floor`)."""
        raw = [self.idf.get(k, self.default) for k in keys]
        total = max(sum(raw), self.floor)
        return tuple(x / total for x in raw)


@dataclass(frozen=True, slots=True)
class PreparedOffer:
    """An offer with its skills resolved to keys (URIs or `text:` keys) and its occupation.

    ``essential_values`` and ``optional_values`` give each skill's share of the offer (they add up
    to at most 1); by default every skill counts the same.
    """

    offer: Offer
    essential: tuple[str, ...]
    optional: tuple[str, ...]
    occupation: str | None
    essential_values: tuple[float, ...] = ()
    optional_values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for keys, name in (
            (self.essential, "essential_values"),
            (self.optional, "optional_values"),
        ):
            if not getattr(self, name):
                object.__setattr__(self, name, tuple(1.0 / len(keys) for _ in keys))
            elif len(getattr(self, name)) != len(keys):
                raise ValueError(f"{name} must have one value per skill")

    @property
    def id(self) -> str:
        return self.offer.id


@dataclass(frozen=True, slots=True)
class PreparedProfile:
    """A profile with its skills resolved and its likely occupations inferred."""

    profile: Profile
    constraints: Constraints
    skills: dict[str, float]
    related: dict[str, float]
    occupation_fit: dict[str, float]
    experience_fit: dict[str, float]
    occupations: dict[str, float] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.profile.id


def language_margin(offer: Offer, profile_levels: dict[str, int]) -> float:
    """1 when no language is required; else the mean margin over the required levels."""
    if not offer.languages:
        return 1.0
    total = 0.0
    for lang in offer.languages:
        have = profile_levels.get(lang.code, -9)
        total += min(1.0, max(0.0, 0.5 + 0.25 * (have - lang.rank)))
    return total / len(offer.languages)


def place_fit(offer: Offer, profile: Profile) -> float:
    """1 in one of the person's regions (or none listed), 0.5 when admissible only as remote."""
    if not profile.regions:
        return 1.0
    if any(shares_prefix(offer.region, r) for r in profile.regions):
        return 1.0
    return 0.5


def start_fit(start: date | None, available: date | None) -> float:
    """1 when the person is available by the start, falling to 0 over START_GRACE_DAYS late."""
    if start is None or available is None:
        return 1.0
    late = (available - start).days
    return 1.0 if late <= 0 else max(0.0, 1.0 - late / START_GRACE_DAYS)


def skill_parts(
    offer: PreparedOffer, prof: PreparedProfile
) -> tuple[float, float, float, list[str], list[str], list[str]]:
    """(essential, optional, related) parts and the matched, missing and related skills."""
    src = offer.offer
    ess_text = [s.skill for s in src.skills if s.importance == "essential"]
    if src.kind == "training":
        ess_text += list(src.teaches)
    opt_text = [s.skill for s in src.skills if s.importance == "optional"]
    matched: list[str] = []
    missing: list[str] = []
    related: list[str] = []
    ess = rel = 0.0
    for key, text, value in zip(offer.essential, ess_text, offer.essential_values, strict=True):
        w = prof.skills.get(key, 0.0)
        if w > 0:
            ess += w * value
            matched.append(text)
        else:
            missing.append(text)
            r = prof.related.get(key, 0.0)
            if r > 0:
                rel += r * value
                related.append(text)
    opt = 0.0
    for key, text, value in zip(offer.optional, opt_text, offer.optional_values, strict=True):
        w = prof.skills.get(key, 0.0)
        if w > 0:
            opt += w * value
            matched.append(text)
    return ess, opt, rel, matched, missing, related


def score_pair(offer: PreparedOffer, prof: PreparedProfile) -> tuple[float, Explanation]:
    """The score (0–100) of an admissible pair and its explanation."""
    ess, opt, rel, matched, missing, related = skill_parts(offer, prof)
    occ = offer.occupation
    parts = {
        "essential": ess,
        "optional": opt,
        "related": rel,
        "occupation": prof.occupation_fit.get(occ, 0.0) if occ else 0.0,
        "experience": prof.experience_fit.get(occ, 0.0) if occ else 0.0,
        "language": language_margin(offer.offer, prof.constraints.languages),
        "place": place_fit(offer.offer, prof.profile),
        "start": start_fit(offer.offer.start, prof.profile.available_from),
    }
    weighted = {k: WEIGHTS[k] * v for k, v in parts.items()}
    score = sum(weighted.values())
    return score, Explanation(
        matched=tuple(matched), missing=tuple(missing), related=tuple(related), parts=weighted
    )
