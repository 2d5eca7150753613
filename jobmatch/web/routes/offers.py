"""Offer pages: list, post (draft → preview → publish), edit, close and mark filled."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from jobmatch.api.deps import SessionDep
from jobmatch.errors import Invalid
from jobmatch.models import User
from jobmatch.services import matching, offers, taxonomy
from jobmatch.services.offers import OfferDetail
from jobmatch.web import choices, nuts
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.offer_form import (
    EMPTY_VALUES,
    LANGUAGE_ROWS,
    form_values,
    known_labels,
    offer_data,
    values_of,
)
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


async def read_form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def _form_page(
    request: Request,
    *,
    user: User,
    session: SessionDep,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    detail: OfferDetail | None = None,
    status_code: int = 200,
) -> Response:
    posting_for = offers.organisations_for_posting(session, actor=user) if detail is None else []
    return render(
        request,
        "offers/form.html",
        {
            "values": values,
            "errors": errors or {},
            "detail": detail,
            "posting_for": posting_for,
            "nuts_groups": nuts.option_groups(),
            "choices": choices,
            "language_rows": range(LANGUAGE_ROWS),
            "rows": {
                "skills_essential": len(values["skills_essential"]) + 3,
                "skills_optional": len(values["skills_optional"]) + 2,
                "teaches": len(values["teaches"]) + 2,
            },
        },
        status_code=status_code,
    )


@router.get("/offers")
def offer_list(
    request: Request,
    session: SessionDep,
    user: WebUser,
    status: str = "",
    kind: str = "",
    region: str = "",
    organisation: str = "",
    page: int = 1,
) -> Response:
    filters = {"status": status, "kind": kind, "region": region, "organisation": organisation}
    errors: dict[str, str] = {}
    try:
        found, total = offers.list_offers(
            session,
            actor=user,
            status=status or None,
            kind=kind or None,
            region=region or None,
            organisation_id=int(organisation) if organisation.isdigit() else None,
            page=max(page, 1),
        )
    except Invalid as exc:
        errors, found, total = exc.fields, [], 0
    return render(
        request,
        "offers/list.html",
        {
            "offers": found,
            "total": total,
            "page": max(page, 1),
            "per_page": 50,
            "filters": filters,
            "next_page": urlencode({**{k: v for k, v in filters.items() if v}, "page": page + 1}),
            "errors": errors,
            "nuts_groups": nuts.option_groups(countries=True),
            "nuts": nuts,
            "choices": choices,
            "can_post": user.role in ("employer", "association"),
        },
    )


@router.get("/offers/new")
def new_offer_form(request: Request, session: SessionDep, user: WebUser) -> Response:
    offers.organisations_for_posting(session, actor=user)  # employers and associations only
    return _form_page(request, user=user, session=session, values=dict(EMPTY_VALUES))


@router.post("/offers/new", dependencies=[CsrfChecked])
def create_offer(request: Request, session: SessionDep, user: WebUser, form: FormDep) -> Response:
    values = form_values(form)
    organisation = int(values["organisation"]) if values["organisation"].isdigit() else None
    try:
        detail = offers.create_offer(
            session,
            actor=user,
            data=offer_data(values, {}),
            organisation_id=organisation,
            status="draft",
        )
    except Invalid as exc:
        return _form_page(
            request,
            user=user,
            session=session,
            values=values,
            errors=exc.fields,
            status_code=422,
        )
    return RedirectResponse(f"/offers/{detail.offer.id}?done=draft", status_code=303)


@router.get("/offers/{offer_id}")
def offer_page(
    request: Request, offer_id: int, session: SessionDep, user: WebUser, done: str | None = None
) -> Response:
    detail = offers.get_offer(session, actor=user, offer_id=offer_id)
    can_edit = offers.can_edit(detail, user)
    offer = detail.offer
    # On a draft, show its editor how the typed skills were understood before publishing.
    typed = [str(item["skill"]) for item in offer.skills] + list(offer.teaches)
    mapped = (
        [taxonomy.normalise_skill(text) for text in typed if not text.startswith("http")]
        if can_edit and offer.status == "draft"
        else []
    )
    return render(
        request,
        "offers/detail.html",
        {
            "detail": detail,
            "offer": detail.offer,
            "can_edit": can_edit,
            "nuts": nuts,
            "choices": choices,
            "skill_label": matching.skill_label,
            "message": done_message(done),
            "mapped": mapped,
        },
    )


@router.get("/offers/{offer_id}/edit")
def edit_offer_form(
    request: Request, offer_id: int, session: SessionDep, user: WebUser
) -> Response:
    detail = offers.get_offer_for_edit(session, actor=user, offer_id=offer_id)
    return _form_page(
        request, user=user, session=session, values=values_of(detail.offer), detail=detail
    )


@router.post("/offers/{offer_id}/edit", dependencies=[CsrfChecked])
def edit_offer(
    request: Request, offer_id: int, session: SessionDep, user: WebUser, form: FormDep
) -> Response:
    detail = offers.get_offer_for_edit(session, actor=user, offer_id=offer_id)
    values = form_values(form)
    try:
        offers.update_offer(
            session,
            actor=user,
            offer_id=offer_id,
            changes=offer_data(values, known_labels(detail.offer)),
        )
    except Invalid as exc:
        return _form_page(
            request,
            user=user,
            session=session,
            values=values,
            errors=exc.fields,
            detail=detail,
            status_code=422,
        )
    return RedirectResponse(f"/offers/{offer_id}?done=saved", status_code=303)


def _status_route(action: str, status: str) -> None:
    @router.post(f"/offers/{{offer_id}}/{action}", dependencies=[CsrfChecked])
    def change_status(offer_id: int, session: SessionDep, user: WebUser) -> Response:
        offers.change_status(session, actor=user, offer_id=offer_id, status=status)
        return RedirectResponse(f"/offers/{offer_id}?done={action}", status_code=303)


for _action, _status in (("publish", "open"), ("fill", "filled"), ("close", "closed")):
    _status_route(_action, _status)


def done_message(done: str | None) -> str:
    """The confirmation shown after a change (Post/Redirect/Get carries it in the address)."""
    return {
        "saved": _("Your changes are saved."),
        "draft": _("The draft is saved. Check it below, then publish it."),
        "publish": _("The offer is published: caseworkers can now find it."),
        "fill": _("The offer is marked as filled."),
        "close": _("The offer is closed."),
    }.get(done or "", "")
