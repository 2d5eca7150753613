"""Pure matching engine: no web, database or jobmatch.models imports."""

# Taxonomy and normalisation (issue 3) and the matching engine (issue 4).
from jobmatch.matching.allocation import allocate, allocate_network
from jobmatch.matching.engine import Matcher
from jobmatch.matching.index import OfferIndex
from jobmatch.matching.normalise import (
    Candidate,
    LabelNormaliser,
    OccupationNormaliser,
    SkillNormaliser,
    default_occupation_normaliser,
    default_skill_normaliser,
)
from jobmatch.matching.rank import run_rank
from jobmatch.matching.rules import broken_rules, is_admissible
from jobmatch.matching.taxonomy import Occupation, Skill, SkillGroup, Taxonomy, load_taxonomy
from jobmatch.matching.training import training_for
from jobmatch.matching.types import (
    Allocation,
    Experience,
    Explanation,
    Language,
    Match,
    Offer,
    OfferSkill,
    Profile,
    ProfileSkill,
    TrainingSuggestion,
)

__all__ = [
    "Allocation",
    "Candidate",
    "Experience",
    "Explanation",
    "LabelNormaliser",
    "Language",
    "Match",
    "Matcher",
    "Occupation",
    "OccupationNormaliser",
    "Offer",
    "OfferIndex",
    "OfferSkill",
    "Profile",
    "ProfileSkill",
    "Skill",
    "SkillGroup",
    "SkillNormaliser",
    "Taxonomy",
    "TrainingSuggestion",
    "allocate",
    "allocate_network",
    "broken_rules",
    "default_occupation_normaliser",
    "default_skill_normaliser",
    "is_admissible",
    "load_taxonomy",
    "run_rank",
    "training_for",
]
