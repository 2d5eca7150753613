"""Anonymised candidates of an open offer, and the employer's request for an introduction.

An employer sees only generalised fields: skills, languages, a NUTS-2 region, the month of
availability, a band of years of experience and the supports needed that the offer provides, with
the score's explanation. A candidate's ``ref`` is an HMAC of the secret key, the offer and the
profile, so the same person has unrelated refs on two offers; resolving a ref means recomputing it
over the offer's candidates. k-anonymity: a view is shown only if at least ``k`` profiles of the
offer's candidate pool share its quasi-identifiers (region, languages, experience band);
otherwise it is generalised further (NUTS-2 → country, language levels dropped, wider bands) or
withheld. The pool is every profile the offer could show: active, consenting to matching today,
and breaking none of the offer's hard rules. A profile the offer can never show (paused, without
consent, or for whom the offer is not admissible) cannot be behind one of its views, so it hides
nobody.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from jobmatch import policy
from jobmatch.config import Settings
from jobmatch.errors import NotFound
from jobmatch.models import Introduction, Offer, Organisation, Profile, User
from jobmatch.security.tokens import same
from jobmatch.services import introductions, matching, taxonomy

# How far down the engine's ranking the candidate pool goes: the crowd of k-anonymity, and where
# a ref is looked for. Past it the crowd is only smaller than the truth (views hide more), never
# larger.
POOL_LIMIT = 1000
FINE_BANDS = ((0, "0"), (1, "<1"), (3, "1-2"), (6, "3-5"), (11, "6-10"))
WIDE_BANDS = ((3, "0-2"),)
HIDDEN = "*"


@dataclass(frozen=True)
class Level:
    """How far the quasi-identifiers are generalised.

    ``region``: 4 keeps NUTS-2 regions, 2 only countries. ``languages``: ``all`` with levels,
    ``codes`` (all, without levels), ``offer`` (only those the offer asks for, with levels),
    ``offer_codes`` or ``none``. ``band``: ``fine``, ``wide`` or ``hidden``.
    """

    region: int
    languages: str
    band: str


# Each level reveals less than the one before; a candidate is shown at the first level where at
# least k active profiles share the generalised values, and withheld when none is left.
# A person's other languages often say where they come from, so they go before the region does.
LEVELS: tuple[Level, ...] = (
    Level(4, "all", "fine"),
    Level(4, "codes", "wide"),
    Level(4, "offer", "wide"),
    Level(4, "offer_codes", "wide"),
    Level(2, "offer_codes", "wide"),
    Level(2, "none", "hidden"),
)

QuasiIdentifiers = tuple[frozenset[str], frozenset[str], str]


def experience_years(profile: Profile) -> float:
    """The longest experience of the profile, in years (0 without any)."""
    return max((float(item.get("years") or 0) for item in profile.experience), default=0.0)


def experience_band(years: float, *, wide: bool = False) -> str:
    """``0``, ``<1``, ``1-2``, ``3-5``, ``6-10``, ``10+``; wide: ``0-2`` or ``3+``."""
    if wide:
        for limit, band in WIDE_BANDS:
            if years < limit:
                return band
        return "3+"
    if years <= 0:
        return "0"
    for limit, band in FINE_BANDS[1:]:
        if years < limit:
            return band
    return "10+"


def _band(profile: Profile, level: Level) -> str:
    if level.band == "hidden":
        return HIDDEN
    return experience_band(experience_years(profile), wide=level.band == "wide")


def _regions(profile: Profile, level: Level) -> frozenset[str]:
    return frozenset(code[: level.region] for code in profile.regions)


def _shown_languages(
    profile: Profile, level: Level, asked: frozenset[str]
) -> list[dict[str, str | None]]:
    """The profile's languages as shown at ``level`` (``asked``: the offer's language codes)."""
    if level.languages == "none":
        return []
    keep_all = level.languages in ("all", "codes")
    with_level = level.languages in ("all", "offer")
    return [
        {"code": str(item["code"]), "level": str(item["level"]) if with_level else None}
        for item in sorted(profile.languages, key=lambda item: str(item["code"]))
        if keep_all or item["code"] in asked
    ]


def quasi_identifiers(
    profile: Profile, level: Level, asked: frozenset[str] = frozenset()
) -> QuasiIdentifiers:
    """The fields an employer could use to single a person out, generalised to ``level``."""
    languages = frozenset(
        f"{item['code']}:{item['level'] or ''}" for item in _shown_languages(profile, level, asked)
    )
    return _regions(profile, level), languages, _band(profile, level)


class GroupSizes:
    """How many profiles of a crowd share each generalised set of quasi-identifiers.

    ``asked`` is the offer's language codes: the levels that keep only those depend on the offer.
    """

    def __init__(self, profiles: Iterable[Profile], asked: frozenset[str] = frozenset()) -> None:
        self.asked = asked
        self.counts: list[Counter[QuasiIdentifiers]] = [Counter() for _ in LEVELS]
        for profile in profiles:
            for index, level in enumerate(LEVELS):
                self.counts[index][quasi_identifiers(profile, level, asked)] += 1

    def level_for(self, profile: Profile, k: int) -> Level | None:
        """The least generalised level at which ``profile`` hides among ``k``; None: withhold."""
        for index, level in enumerate(LEVELS):
            if self.counts[index][quasi_identifiers(profile, level, self.asked)] >= k:
                return level
        return None


def offer_languages(offer: Offer) -> frozenset[str]:
    return frozenset(str(item["code"]) for item in offer.languages)


def candidate_pool(session: Session, offer: Offer) -> list[matching.ProfileMatch]:
    """Every profile the offer could show, best first: its k-anonymity crowd and shown list."""
    return matching.profiles_for_offer(session, offer=offer, limit=POOL_LIMIT)


def group_sizes(offer: Offer, pool: list[matching.ProfileMatch]) -> GroupSizes:
    return GroupSizes((found.profile for found in pool), offer_languages(offer))


@dataclass
class CandidateView:
    """What an employer sees of one candidate; built from generalised fields only."""

    ref: str
    score: float
    explanation: dict[str, Any]
    skills: list[str]
    languages: list[dict[str, str | None]]
    regions: list[str]
    available: str
    experience: str
    supports: list[str]
    level: Level
    other_languages_hidden: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "score": self.score,
            "explanation": self.explanation,
            "skills": self.skills,
            "languages": self.languages,
            "region": ", ".join(self.regions),
            "regions": self.regions,
            "available": self.available,
            "experience": self.experience,
            "supports": self.supports,
            "other_languages_hidden": self.other_languages_hidden,
        }


@dataclass
class CandidateList:
    offer: Offer
    owner: Organisation
    candidates: list[CandidateView] = field(default_factory=list)
    withheld: int = 0


def _month(value: date | None, today: date) -> str:
    # A past date says when the person's file was written: the current month says enough.
    shown = value if value is not None and value > today else today
    return shown.strftime("%Y-%m")


def employer_visible_skills(profile: Profile) -> list[str]:
    """The profile's skills as ESCO labels; words matching no ESCO skill are left out.

    A caseworker's own wording of a rare skill could single a person out: the shared ESCO
    vocabulary cannot.
    """
    labels: set[str] = set()
    for item in profile.skills:
        normalised = taxonomy.normalise_skill(str(item["skill"]))
        if normalised.uri is not None:
            labels.add(normalised.label)
    return sorted(labels)


def anonymise(
    settings: Settings,
    offer: Offer,
    found: matching.ProfileMatch,
    level: Level,
    today: date | None = None,
) -> CandidateView:
    """The employer's view of one match at generalisation ``level``."""
    profile = found.profile
    assert offer.id is not None
    languages = _shown_languages(profile, level, offer_languages(offer))
    band = _band(profile, level)
    return CandidateView(
        ref=introductions.candidate_ref(settings, offer.id, profile.id),
        score=round(found.score, 1),
        explanation=found.explanation.to_dict(),
        skills=employer_visible_skills(profile),
        languages=languages,
        regions=sorted(_regions(profile, level)),
        available=_month(profile.available_from, today or date.today()),
        experience=band,
        supports=sorted(set(profile.needs) & set(offer.supports)),
        level=level,
        # The level's rule, not whether this person speaks more: that would tell apart the
        # people of one crowd (the one who speaks another language among k who do not).
        other_languages_hidden=level.languages not in ("all", "codes"),
    )


def _offer_for_candidates(
    session: Session, actor: User | None, offer_id: int
) -> tuple[Offer, Organisation]:
    offer = session.get(Offer, offer_id)
    owner = session.get(Organisation, offer.organisation_id) if offer else None
    if offer is None or owner is None:
        raise NotFound("No such offer.")
    policy.require_candidates_access(actor, offer, owner)
    policy.require_open_offer(offer)
    return offer, owner


def list_candidates(
    session: Session, *, actor: User | None, settings: Settings, offer_id: int, limit: int = 20
) -> CandidateList:
    """The anonymised candidates of an open offer, best first (at most ``limit``)."""
    offer, owner = _offer_for_candidates(session, actor, offer_id)
    pool = candidate_pool(session, offer)
    sizes = group_sizes(offer, pool)
    result = CandidateList(offer=offer, owner=owner)
    for found in pool[:limit]:
        level = sizes.level_for(found.profile, settings.k_anonymity)
        if level is None:
            result.withheld += 1
            continue
        result.candidates.append(anonymise(settings, offer, found, level))
    return result


def _find(
    session: Session, settings: Settings, offer: Offer, ref: str
) -> tuple[matching.ProfileMatch, Level]:
    """The shown candidate of ``offer`` behind ``ref``; ``NotFound`` otherwise.

    A ref of another offer, a withheld candidate or a made-up ref are all simply not found.
    """
    assert offer.id is not None
    pool = candidate_pool(session, offer)
    for found in pool:
        if same(introductions.candidate_ref(settings, offer.id, found.profile.id), ref):
            level = group_sizes(offer, pool).level_for(found.profile, settings.k_anonymity)
            if level is None:
                break
            return found, level
    raise NotFound("No such candidate for this offer.")


def resolve_candidate(
    session: Session, *, actor: User | None, settings: Settings, offer_id: int, ref: str
) -> tuple[Offer, Profile]:
    """The profile behind ``ref`` among the offer's shown candidates (after the policy)."""
    offer, _owner = _offer_for_candidates(session, actor, offer_id)
    found, _level = _find(session, settings, offer, ref)
    return offer, found.profile


def request_introduction(
    session: Session,
    *,
    actor: User | None,
    settings: Settings,
    offer_id: int,
    ref: str,
    message: str | None,
) -> Introduction:
    """Ask for an introduction to the candidate ``ref`` of an open offer."""
    offer, profile = resolve_candidate(
        session, actor=actor, settings=settings, offer_id=offer_id, ref=ref
    )
    return introductions.request_introduction(
        session, actor=actor, offer=offer, profile=profile, message=message, settings=settings
    )


def get_candidate(
    session: Session, *, actor: User | None, settings: Settings, offer_id: int, ref: str
) -> tuple[CandidateList, CandidateView]:
    """One shown candidate of an open offer by its ref (for the introduction form)."""
    offer, owner = _offer_for_candidates(session, actor, offer_id)
    found, level = _find(session, settings, offer, ref)
    return CandidateList(offer, owner), anonymise(settings, offer, found, level)
