"""The ESCO taxonomy in the product: loading it, autocomplete, normalising typed skills."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import delete, insert
from sqlmodel import Session

from jobmatch.matching.normalise import Candidate, default_skill_normaliser
from jobmatch.matching.taxonomy import load_taxonomy
from jobmatch.models import Occupation, Skill

ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"


@dataclass(frozen=True)
class TaxonomyCounts:
    skills: int
    occupations: int


def import_taxonomy(session: Session) -> TaxonomyCounts:
    """Replace the Skill and Occupation tables with the taxonomy shipped in ``data/``."""
    taxonomy = load_taxonomy()
    session.execute(delete(Skill))
    session.execute(delete(Occupation))
    # Core bulk inserts: ~100k rows in one executemany each, instead of one ORM object per row.
    session.execute(
        insert(Skill),
        [
            {
                "uri": s.uri,
                "label": s.label,
                "alt_labels": list(s.alt_labels),
                "skill_type": s.skill_type,
                "groups": list(s.groups),
            }
            for s in taxonomy.skills.values()
        ],
    )
    session.execute(
        insert(Occupation),
        [
            {
                "uri": o.uri,
                "label": o.label,
                "alt_labels": list(o.alt_labels),
                "isco": o.isco,
                "essential_skills": list(o.essential_skills),
                "optional_skills": list(o.optional_skills),
            }
            for o in taxonomy.occupations.values()
        ],
    )
    session.flush()
    return TaxonomyCounts(skills=len(taxonomy.skills), occupations=len(taxonomy.occupations))


def suggest_skills(query: str, *, limit: int = 10) -> list[Candidate]:
    """Autocomplete: the ESCO skills that best fit what was typed so far."""
    query = query.strip()
    if len(query) < 2:
        return []
    return default_skill_normaliser().complete(query[:200], limit=max(1, min(limit, 50)))


@dataclass(frozen=True)
class NormalisedSkill:
    """What a typed skill became: an ESCO skill (``uri``) or, if nothing fits, the text itself."""

    text: str
    uri: str | None
    label: str
    score: float

    @property
    def value(self) -> str:
        """What is stored: the URI when the text was recognised, else the text."""
        return self.uri or self.text


def normalise_skill(text: str) -> NormalisedSkill:
    """Map one typed skill to ESCO; a URI stays as it is; unknown text stays text."""
    return _normalise_skill(text.strip())


# The taxonomy is fixed for the life of a process, so the same words always map to the same
# skill; candidate cards map every skill of every candidate at each request.
@lru_cache(maxsize=16384)
def _normalise_skill(text: str) -> NormalisedSkill:
    taxonomy = load_taxonomy()
    if text.startswith(ESCO_SKILL_PREFIX):
        skill = taxonomy.skills.get(text)
        return NormalisedSkill(text, text if skill else None, skill.label if skill else text, 100.0)
    normaliser = default_skill_normaliser()
    best = normaliser.best(text)
    if best is None:
        return NormalisedSkill(text=text, uri=None, label=text, score=0.0)
    return NormalisedSkill(text=text, uri=best.uri, label=best.label, score=best.score)
