"""Each role's home page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jobmatch.api.deps import SessionDep
from jobmatch.services.home import home_summary
from jobmatch.web.deps import WebUser
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/home")
def home(request: Request, session: SessionDep, user: WebUser) -> Response:
    summary = home_summary(session, actor=user)
    return render(request, f"home/{user.role}.html", {"summary": summary})
