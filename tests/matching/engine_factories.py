"""A tiny made-up taxonomy, offers and profiles, and hypothesis strategies for the engine tests."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from hypothesis import strategies as st

from jobmatch.matching.engine import Matcher
from jobmatch.matching.normalise import (
    OccupationNormaliser,
    SkillNormaliser,
    occupation_labels,
    skill_labels,
)
from jobmatch.matching.taxonomy import Occupation, Skill, Taxonomy
from jobmatch.matching.types import Language, Offer, OfferSkill, Profile, ProfileSkill

S = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"

SKILL_LABELS = {
    "py": ("program in python", ("python programming",), "S1.1.1"),
    "sql": ("query databases", ("write sql queries",), "S1.1.1"),
    "web": ("develop websites", ("build web pages",), "S1.1.2"),
    "test": ("test software", ("software testing",), "S1.1.2"),
    "net": ("configure networks", ("set up computer networks",), "S1.2.1"),
    "sec": ("secure ict systems", ("protect computer systems",), "S1.2.1"),
    "srv": ("maintain servers", ("server maintenance",), "S1.2.2"),
    "cook": ("prepare meals", ("cook food",), "S2.1.1"),
    "bake": ("bake bread", ("make bread",), "S2.1.1"),
    "serve": ("serve customers", ("wait tables",), "S2.1.2"),
    "clean": ("clean kitchens", ("kitchen cleaning",), "S2.1.2"),
    "team": ("work in teams", ("teamwork",), "T1.1.1"),
}
OCCUPATIONS = {
    "dev": ("software developer", ("programmer",), ("py", "sql", "web", "test")),
    "admin": ("network administrator", ("sysadmin",), ("net", "sec", "srv", "sql")),
    "cook": ("cook", ("chef",), ("cook", "bake", "clean")),
    "waiter": ("waiter", ("server in a restaurant",), ("serve", "clean", "cook")),
}
REGIONS = ("ITC11", "ITC12", "ITC33", "FR101", "SK010")
PROFILE_REGIONS = ("ITC1", "ITC11", "ITC33", "FR1", "FR101", "SK", "SK010")
SECTORS = ("J", "I", "C")
LANGS = ("it", "en", "fr")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
KINDS = ("job", "placement", "apprenticeship", "training")


def skill(key: str) -> str:
    return S + key


def occupation(key: str) -> str:
    return OCC + key


@lru_cache(maxsize=1)
def tiny_taxonomy() -> Taxonomy:
    skills = {
        skill(k): Skill(uri=skill(k), label=label, alt_labels=alts, groups=(group,))
        for k, (label, alts, group) in SKILL_LABELS.items()
    }
    occupations = {
        occupation(k): Occupation(
            uri=occupation(k),
            label=label,
            alt_labels=alts,
            essential_skills=tuple(skill(s) for s in ess),
        )
        for k, (label, alts, ess) in OCCUPATIONS.items()
    }
    return Taxonomy(skills=skills, occupations=occupations)


@lru_cache(maxsize=1)
def normalisers() -> tuple[SkillNormaliser, OccupationNormaliser]:
    tax = tiny_taxonomy()
    return (
        SkillNormaliser(max_df=1.0).fit(skill_labels(tax)),
        OccupationNormaliser(max_df=1.0).fit(occupation_labels(tax)),
    )


def matcher(**params: object) -> Matcher:
    """An unfitted Matcher on the tiny taxonomy."""
    skill_norm, occ_norm = normalisers()
    return Matcher(
        taxonomy=tiny_taxonomy(),
        skill_normaliser=skill_norm,
        occupation_normaliser=occ_norm,
        **params,  # type: ignore[arg-type]
    )


def offer(
    ident: str = "o1",
    occ: str = "dev",
    *,
    skills: tuple[str, ...] | None = None,
    optional: tuple[str, ...] = (),
    **fields: object,
) -> Offer:
    ess = OCCUPATIONS[occ][2] if skills is None else skills
    base: dict[str, object] = {
        "id": ident,
        "kind": "job",
        "title": OCCUPATIONS[occ][0],
        "occupation": occupation(occ),
        "skills": tuple(OfferSkill(skill(s), "essential") for s in ess)
        + tuple(OfferSkill(skill(s), "optional") for s in optional),
        "region": "ITC11",
        "hours_per_week": 40.0,
        "sector": "J",
    }
    base.update(fields)
    return Offer(**base)  # type: ignore[arg-type]


def profile(ident: str = "p1", skills: tuple[str, ...] = (), **fields: object) -> Profile:
    base: dict[str, object] = {
        "id": ident,
        "skills": tuple(ProfileSkill(s) for s in skills),
        "languages": (Language("it", "C2"), Language("en", "B2")),
    }
    base.update(fields)
    return Profile(**base)  # type: ignore[arg-type]


@st.composite
def offers(draw: st.DrawFn, ident: str) -> Offer:
    occ = draw(st.sampled_from(sorted(OCCUPATIONS)))
    all_skills = sorted(SKILL_LABELS)
    ess = draw(st.lists(st.sampled_from(all_skills), min_size=0, max_size=4, unique=True))
    kind = draw(st.sampled_from(KINDS))
    langs = draw(st.lists(st.sampled_from(LANGS), max_size=2, unique=True))
    return Offer(
        id=ident,
        kind=kind,
        title=OCCUPATIONS[occ][0] + draw(st.sampled_from(["", " – internship", " course"])),
        occupation=draw(st.sampled_from([occupation(occ), None, OCCUPATIONS[occ][1][0]])),
        skills=tuple(OfferSkill(skill(s)) for s in ess),
        teaches=tuple(skill(s) for s in OCCUPATIONS[occ][2]) if kind == "training" else (),
        languages=tuple(Language(c, draw(st.sampled_from(LEVELS))) for c in langs),
        region=draw(st.sampled_from(REGIONS)),
        remote=draw(st.booleans()),
        places=draw(st.integers(0, 2)),
        hours_per_week=draw(st.sampled_from([None, 20.0, 30.0, 40.0])),
        start=draw(st.sampled_from([None, date(2026, 1, 1), date(2026, 6, 1)])),
        work_permit_required=draw(st.booleans()),
        sector=draw(st.sampled_from([None, *SECTORS])),
        supports=frozenset(draw(st.lists(st.sampled_from(["language_course", "housing"])))),
    )


@st.composite
def profiles(draw: st.DrawFn, ident: str) -> Profile:
    texts = [label for label, alts, _ in SKILL_LABELS.values()] + [
        alts[0] for _, alts, _ in SKILL_LABELS.values()
    ]
    chosen = draw(st.lists(st.sampled_from([*texts, "juggling"]), max_size=4, unique=True))
    langs = draw(st.lists(st.sampled_from(LANGS), max_size=3, unique=True))
    return Profile(
        id=ident,
        skills=tuple(ProfileSkill(t) for t in chosen),
        languages=tuple(Language(c, draw(st.sampled_from(LEVELS))) for c in langs),
        regions=tuple(draw(st.lists(st.sampled_from(PROFILE_REGIONS), max_size=2, unique=True))),
        excluded_regions=tuple(
            draw(st.lists(st.sampled_from(PROFILE_REGIONS), max_size=1, unique=True))
        ),
        excluded_sectors=frozenset(draw(st.lists(st.sampled_from(SECTORS), max_size=1))),
        remote_ok=draw(st.booleans()),
        hours_per_week=draw(st.sampled_from([None, 25.0, 40.0])),
        available_from=draw(st.sampled_from([None, date(2026, 3, 1)])),
        work_permit=draw(st.sampled_from(["yes", "pending", "no"])),
        wants=frozenset(draw(st.lists(st.sampled_from(KINDS), max_size=2))),
    )


def offer_lists(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[list[Offer]]:
    return st.integers(min_size, max_size).flatmap(
        lambda n: st.tuples(*[offers(f"o{i:02d}") for i in range(n)]).map(list)
    )


def profile_lists(min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[list[Profile]]:
    return st.integers(min_size, max_size).flatmap(
        lambda n: st.tuples(*[profiles(f"p{i:02d}") for i in range(n)]).map(list)
    )
