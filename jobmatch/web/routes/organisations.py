"""Organisation pages: a company's own page, an association's members and their results."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep
from jobmatch.errors import Invalid
from jobmatch.models import Organisation
from jobmatch.models.enums import Role
from jobmatch.services import organisations
from jobmatch.web import choices, nuts
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)

FIELDS = organisations.EDITABLE_FIELDS


@router.get("/organisation")
def own_organisation(user: WebUser) -> Response:
    return RedirectResponse(f"/organisations/{user.organisation_id}", status_code=303)


@router.get("/organisations")
def members(request: Request, session: SessionDep, user: WebUser) -> Response:
    if user.role != Role.ASSOCIATION:
        return RedirectResponse(f"/organisations/{user.organisation_id}", status_code=303)
    overview = organisations.member_overview(session, actor=user)
    return render(
        request,
        "organisations/members.html",
        {"own": overview[0], "members": overview[1:], "nuts": nuts},
    )


@router.get("/organisations/{organisation_id}")
def organisation_page(
    request: Request,
    organisation_id: int,
    session: SessionDep,
    user: WebUser,
    done: str | None = None,
) -> Response:
    organisation = organisations.get_organisation(
        session, actor=user, organisation_id=organisation_id
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "association": organisations.association_of(session, organisation),
            "can_edit": organisations.can_edit(user, organisation),
            "nuts": nuts,
            "choices": choices,
            "message": _("Your changes are saved.") if done == "saved" else "",
        },
    )


def _values(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) or "" for name in FIELDS}


def _form(
    request: Request,
    organisation: Organisation,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "organisations/form.html",
        {
            "organisation": organisation,
            "values": values,
            "errors": errors or {},
            "nuts_groups": nuts.option_groups(),
            "choices": choices,
        },
        status_code=status_code,
    )


@router.get("/organisations/{organisation_id}/edit")
def edit_form(
    request: Request, organisation_id: int, session: SessionDep, user: WebUser
) -> Response:
    organisation = organisations.get_organisation(
        session, actor=user, organisation_id=organisation_id
    )
    organisations.require_edit(user, organisation)
    return _form(request, organisation, _values(organisation))


@router.post("/organisations/{organisation_id}/edit", dependencies=[CsrfChecked])
def edit(
    request: Request,
    organisation_id: int,
    session: SessionDep,
    user: WebUser,
    name: Annotated[str, Form()] = "",
    region: Annotated[str, Form()] = "",
    sector: Annotated[str, Form()] = "",
    size: Annotated[str, Form()] = "",
    contact_name: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
    contact_phone: Annotated[str, Form()] = "",
) -> Response:
    values = {
        "name": name,
        "region": region,
        "sector": sector,
        "size": size,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }
    try:
        organisations.update_organisation(
            session, actor=user, organisation_id=organisation_id, changes=values
        )
    except Invalid as exc:
        session.rollback()
        organisation = organisations.get_organisation(
            session, actor=user, organisation_id=organisation_id
        )
        return _form(request, organisation, values, exc.fields, status_code=422)
    return RedirectResponse(f"/organisations/{organisation_id}?done=saved", status_code=303)
