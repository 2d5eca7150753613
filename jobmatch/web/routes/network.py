"""Network management pages: members and their agreements, member organisations' accounts, and
where an offer is open."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep
from jobmatch.errors import Invalid, Message
from jobmatch.models import User
from jobmatch.services import network_admin
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _network_page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    return render(
        request,
        "network/index.html",
        {
            "views": network_admin.list_networks(session, actor=user),
            "organisations": network_admin.all_organisations(session, actor=user),
            "roles": network_admin.ROLE_CHOICES,
            "values": values or {},
            "errors": errors or {},  # translated where the page shows them
            "done": done,
        },
        status_code=status,
    )


@router.get("/network")
def network_page(request: Request, session: SessionDep, user: WebUser, done: str = "") -> Response:
    return _network_page(request, session, user, done=done)


@router.post("/network/members", dependencies=[CsrfChecked])
def add_member(
    request: Request,
    session: SessionDep,
    user: WebUser,
    network: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    agreement_signed_on: Annotated[str, Form()] = "",
) -> Response:
    values = {
        "network": network,
        "organisation": organisation,
        "role": role,
        "agreement_signed_on": agreement_signed_on,
    }
    errors: dict[str, str] = {}
    signed: date | None = None
    if agreement_signed_on:
        try:
            signed = date.fromisoformat(agreement_signed_on)
        except ValueError:
            errors["agreement_signed_on"] = Message("Give a date as YYYY-MM-DD.")
    network_id = _int(network)
    if network_id is None:
        errors["network"] = Message("Choose a network.")
    if not errors and network_id is not None:
        try:
            network_admin.add_membership(
                session,
                actor=user,
                network_id=network_id,
                organisation_id=_int(organisation),
                role=role,
                agreement_signed_on=signed,
            )
            return RedirectResponse("/network?done=added", status_code=303)
        except Invalid as exc:
            errors = exc.fields
    return _network_page(request, session, user, values=values, errors=errors, status=422)


@router.post("/network/members/{membership_id}/remove", dependencies=[CsrfChecked])
def remove_member(membership_id: int, session: SessionDep, user: WebUser) -> Response:
    network_admin.remove_membership(session, actor=user, membership_id=membership_id)
    return RedirectResponse("/network?done=removed", status_code=303)


def _organisation_page(
    request: Request,
    session: SessionDep,
    user: User,
    organisation_id: int,
    *,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    organisation, users = network_admin.organisation_with_users(
        session, actor=user, organisation_id=organisation_id
    )
    context: dict[str, Any] = {
        "organisation": organisation,
        "users": users,
        "account_roles": network_admin.account_roles(organisation),
        "values": {},
        "errors": {},
        "invitation": None,
        "done": "",
    }
    context.update(extra or {})
    return render(request, "network/organisation.html", context, status_code=status)


@router.get("/network/organisations/{organisation_id}")
def organisation_page(
    organisation_id: int, request: Request, session: SessionDep, user: WebUser, done: str = ""
) -> Response:
    return _organisation_page(request, session, user, organisation_id, extra={"done": done})


@router.post("/network/organisations/{organisation_id}/invite", dependencies=[CsrfChecked])
def invite(
    organisation_id: int,
    request: Request,
    session: SessionDep,
    user: WebUser,
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
) -> Response:
    values = {"email": email, "role": role, "display_name": display_name}
    try:
        invitation = network_admin.invite_user(
            session,
            actor=user,
            organisation_id=organisation_id,
            email=email,
            role=role,
            display_name=display_name,
        )
    except Invalid as exc:
        errors = exc.fields  # translated where the page shows them
        return _organisation_page(
            request,
            session,
            user,
            organisation_id,
            extra={"values": values, "errors": errors},
            status=422,
        )
    # The one-time password is shown in this answer only (never stored in clear), so this
    # page is not a redirect.
    return _organisation_page(
        request, session, user, organisation_id, extra={"invitation": invitation}
    )


@router.post("/network/users/{user_id}/deactivate", dependencies=[CsrfChecked])
def deactivate(user_id: int, session: SessionDep, user: WebUser) -> Response:
    target = network_admin.deactivate_user(session, actor=user, user_id=user_id)
    return RedirectResponse(
        f"/network/organisations/{target.organisation_id}?done=deactivated", status_code=303
    )


@router.get("/network/offers")
def offers_page(request: Request, session: SessionDep, user: WebUser, done: str = "") -> Response:
    return render(
        request,
        "network/offers.html",
        {
            "offers": network_admin.offers_in_scope(session, actor=user),
            "views": network_admin.list_networks(session, actor=user),
            "done": done,
        },
    )


@router.post("/network/offers/{offer_id}", dependencies=[CsrfChecked])
def set_offer_network(
    offer_id: int,
    session: SessionDep,
    user: WebUser,
    network: Annotated[str, Form()] = "",
) -> Response:
    network_id = _int(network) if network else None
    if network and network_id is None:
        raise Invalid("The offer was not changed.", {"network": "Choose one of your networks."})
    network_admin.set_offer_network(session, actor=user, offer_id=offer_id, network_id=network_id)
    return RedirectResponse("/network/offers?done=1", status_code=303)
