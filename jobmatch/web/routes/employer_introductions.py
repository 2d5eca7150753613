"""The employer's inbox: the introductions it asked for, their status, and what was disclosed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.api.schemas import MAX_PAGE
from jobmatch.services import introductions
from jobmatch.web import choices
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


PER_PAGE = 50


@router.get("/inbox")
def inbox(
    request: Request, session: SessionDep, settings: SettingsDep, user: WebUser, page: int = 1
) -> Response:
    page = min(max(page, 1), MAX_PAGE)
    found, total = introductions.page_for_employer(
        session, actor=user, settings=settings, page=page, per_page=PER_PAGE
    )
    return render(
        request,
        "introductions/employer_list.html",
        {"items": found, "choices": choices, "total": total, "page": page, "per_page": PER_PAGE},
    )


@router.get("/inbox/{introduction_id}")
def inbox_item(
    request: Request,
    introduction_id: int,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    done: str | None = None,
) -> Response:
    view = introductions.employer_view(
        session, actor=user, introduction_id=introduction_id, settings=settings
    )
    message = {
        "requested": _("Your request is sent to the caseworker."),
        "withdrawn": _("You withdrew your request."),
    }.get(done or "", "")
    return render(
        request,
        "introductions/employer_detail.html",
        {"item": view, "choices": choices, "message": message},
    )


@router.post("/inbox/{introduction_id}/withdraw", dependencies=[CsrfChecked])
def withdraw(
    introduction_id: int, session: SessionDep, settings: SettingsDep, user: WebUser
) -> Response:
    """The employer takes back a request that is still waiting for the caseworker."""
    introductions.withdraw(session, actor=user, introduction_id=introduction_id, settings=settings)
    return RedirectResponse(f"/inbox/{introduction_id}?done=withdrawn", status_code=303)
