"""Skills autocomplete for the web forms (the signed-in browser's session, JSON answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jobmatch.services.taxonomy import suggest_skills
from jobmatch.web.deps import WebUser

router = APIRouter(include_in_schema=False)


@router.get("/skills/suggest")
def suggest(
    _user: WebUser,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> JSONResponse:
    items = [{"uri": c.uri, "label": c.label} for c in suggest_skills(q, limit=limit)]
    return JSONResponse({"items": items})
