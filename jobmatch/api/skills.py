"""Skills autocomplete for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from jobmatch.api.deps import ApiUser
from jobmatch.api.schemas import error_responses
from jobmatch.services.taxonomy import suggest_skills

router = APIRouter(tags=["taxonomy"])


class SkillSuggestion(BaseModel):
    uri: str
    label: str
    score: float


class SkillSuggestions(BaseModel):
    items: list[SkillSuggestion]


@router.get("/skills", response_model=SkillSuggestions, responses=error_responses(401))
def skills(
    _user: ApiUser,
    q: Annotated[str, Query(max_length=200, description="What was typed so far")] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SkillSuggestions:
    """ESCO skills that fit ``q``, best first."""
    return SkillSuggestions(
        items=[
            SkillSuggestion(uri=c.uri, label=c.label, score=c.score)
            for c in suggest_skills(q, limit=limit)
        ]
    )
