"""Anonymised candidates of an open offer, and the form that asks for an introduction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.errors import Conflict, Invalid
from jobmatch.services import candidates
from jobmatch.web import choices, nuts
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/offers/{offer_id}/candidates")
def candidate_list(
    request: Request, offer_id: int, session: SessionDep, settings: SettingsDep, user: WebUser
) -> Response:
    result = candidates.list_candidates(
        session, actor=user, settings=settings, offer_id=offer_id, limit=20
    )
    return render(
        request,
        "candidates/list.html",
        {"result": result, "offer": result.offer, "nuts": nuts, "choices": choices},
    )


def _request_page(
    request: Request,
    *,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    offer_id: int,
    ref: str,
    message: str = "",
    errors: dict[str, str] | None = None,
    problem: str = "",
    status_code: int = 200,
) -> Response:
    found, candidate = candidates.get_candidate(
        session, actor=user, settings=settings, offer_id=offer_id, ref=ref
    )
    return render(
        request,
        "candidates/request.html",
        {
            "offer": found.offer,
            "candidate": candidate,
            "message": message,
            "errors": errors or {},
            "problem": problem,
            "nuts": nuts,
            "choices": choices,
        },
        status_code=status_code,
    )


@router.get("/offers/{offer_id}/candidates/{ref}")
def request_form(
    request: Request,
    offer_id: int,
    ref: str,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
) -> Response:
    return _request_page(
        request, session=session, settings=settings, user=user, offer_id=offer_id, ref=ref
    )


@router.post("/offers/{offer_id}/candidates/{ref}", dependencies=[CsrfChecked])
def ask_for_introduction(
    request: Request,
    offer_id: int,
    ref: str,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    message: Annotated[str, Form()] = "",
) -> Response:
    try:
        introduction = candidates.request_introduction(
            session, actor=user, settings=settings, offer_id=offer_id, ref=ref, message=message
        )
    except (Invalid, Conflict) as exc:
        session.rollback()
        return _request_page(
            request,
            session=session,
            settings=settings,
            user=user,
            offer_id=offer_id,
            ref=ref,
            message=message,
            errors=exc.fields,
            problem=_(exc.message) if isinstance(exc, Conflict) else "",
            status_code=exc.status,
        )
    return RedirectResponse(f"/inbox/{introduction.id}?done=requested", status_code=303)
