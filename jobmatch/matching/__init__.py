"""Pure matching engine: no web, database or jobmatch.models imports."""

# Taxonomy and normalisation (issue 3).
from jobmatch.matching.normalise import (
    Candidate,
    LabelNormaliser,
    OccupationNormaliser,
    SkillNormaliser,
    default_occupation_normaliser,
    default_skill_normaliser,
)
from jobmatch.matching.taxonomy import Occupation, Skill, SkillGroup, Taxonomy, load_taxonomy

__all__ = [
    "Candidate",
    "LabelNormaliser",
    "Occupation",
    "OccupationNormaliser",
    "Skill",
    "SkillGroup",
    "SkillNormaliser",
    "Taxonomy",
    "default_occupation_normaliser",
    "default_skill_normaliser",
    "load_taxonomy",
]
