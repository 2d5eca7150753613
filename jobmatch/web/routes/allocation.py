"""Network allocation pages: the coordinator runs it and reads it in counts; the caseworker
gets the proposals for their own people."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.errors import Invalid
from jobmatch.services import allocation, reports
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/allocations")
def allocation_page(
    request: Request, session: SessionDep, settings: SettingsDep, user: WebUser, done: int = 0
) -> Response:
    summary = allocation.run_summary(session, actor=user, settings=settings)
    return render(
        request,
        "allocation/index.html",
        {
            "summary": summary,
            "networks": reports.networks_in_scope(session, actor=user),
            "threshold": settings.suppression_threshold,
            "done": bool(done),
            "errors": {},
            "network": "",
        },
    )


@router.post("/allocations/run", dependencies=[CsrfChecked])
def run_allocation(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    network: Annotated[str, Form()] = "",
) -> Response:
    network_id: int | None = None
    errors: dict[str, str] = {}
    if network:
        try:
            network_id = int(network)
        except ValueError:
            errors["network"] = "Choose one of your networks."
    if not errors:
        try:
            allocation.run_allocation(session, actor=user, network_id=network_id)
            return RedirectResponse("/allocations?done=1", status_code=303)
        except Invalid as exc:
            errors = exc.fields
    return render(
        request,
        "allocation/index.html",
        {
            "summary": allocation.run_summary(session, actor=user, settings=settings),
            "networks": reports.networks_in_scope(session, actor=user),
            "threshold": settings.suppression_threshold,
            "done": False,
            "errors": errors,
            "network": network,
        },
        status_code=422,
    )


@router.get("/allocations/suggestions")
def suggestions_page(request: Request, session: SessionDep, user: WebUser) -> Response:
    views = allocation.suggestions_for_caseworker(session, actor=user)
    return render(request, "allocation/suggestions.html", {"suggestions": views})


@router.post("/allocations/suggestions/{suggestion_id}/dismiss", dependencies=[CsrfChecked])
def dismiss(suggestion_id: int, session: SessionDep, user: WebUser) -> Response:
    allocation.dismiss_suggestion(session, actor=user, suggestion_id=suggestion_id)
    return RedirectResponse("/allocations/suggestions", status_code=303)
