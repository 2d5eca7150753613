"""The caseworker's outcomes page: retention check-ins that are due, and recent outcomes."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jobmatch.api.deps import SessionDep
from jobmatch.services import outcomes
from jobmatch.web.deps import WebUser
from jobmatch.web.i18n import _
from jobmatch.web.routes.caseworker_introductions import END_REASONS, OUTCOME_KINDS
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/outcomes")
def outcomes_page(request: Request, session: SessionDep, user: WebUser, done: str = "") -> Response:
    return render(
        request,
        "introductions/caseworker_outcomes.html",
        {
            "due": outcomes.due_checkins(session, actor=user),
            "recent": outcomes.recent_outcomes(session, actor=user),
            "outcome_kinds": OUTCOME_KINDS,
            "end_reasons": END_REASONS,
            "today": date.today().isoformat(),
            "message": _("The outcome is recorded.") if done == "outcome" else "",
        },
    )
