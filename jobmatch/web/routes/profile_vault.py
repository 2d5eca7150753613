"""Caseworker pages for a profile's identity vault and its consents."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.api.schemas import ObjectId
from jobmatch.errors import Invalid, NotFound
from jobmatch.models import Profile, User
from jobmatch.services import consents, identity, profiles
from jobmatch.services.identity import IdentityData
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.profile_form import SCOPES, FormDep, text, texts
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)

# --- identity ---------------------------------------------------------------------------------

IDENTITY_FIELDS = ("full_name", "first_name", "phone", "email", "best_time", "notes")


def _identity_page(
    request: Request,
    profile: Profile,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    message: str = "",
) -> Response:
    return render(
        request,
        "profiles/identity.html",
        {"profile": profile, "values": values, "errors": errors or {}, "message": message},
        status_code=status_code,
    )


@router.get("/profiles/{profile_id}/identity")
def identity_page(
    request: Request,
    profile_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    found = identity.read_identity(session, actor=user, settings=settings, profile_id=profile_id)
    values = {k: "" for k in IDENTITY_FIELDS}
    if found is not None:
        values.update({k: v or "" for k, v in found.model_dump().items()})
    response = _identity_page(request, profile, values)
    # Identity pages must not linger in shared caches or the browser's history cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/profiles/{profile_id}/identity", dependencies=[CsrfChecked])
def save_identity(
    request: Request,
    profile_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    form: FormDep,
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    values = {k: text(form, k) for k in IDENTITY_FIELDS}
    try:
        data = IdentityData.model_validate(values)
        identity.write_identity(
            session, actor=user, settings=settings, profile_id=profile_id, data=data
        )
    except Invalid as exc:
        response = _identity_page(request, profile, values, exc.fields, 422, message=_(exc.message))
    except ValueError as exc:  # pydantic's ValidationError
        errors = {
            str(e["loc"][0]): _identity_message(str(e["loc"][0]))
            for e in getattr(exc, "errors", lambda: [])()
        }
        response = _identity_page(request, profile, values, errors, 422)
    else:
        return RedirectResponse(f"/profiles/{profile_id}?done=identity", status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


def _identity_message(field: str) -> str:
    return {
        "full_name": "Enter the person's full name.",
        "email": "Enter an e-mail address such as name@example.org.",
    }.get(field, "This is too long.")


# --- consents ---------------------------------------------------------------------------------


def _consent_page(
    request: Request,
    profile: Profile,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    renewing: Any = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "profiles/consent_form.html",
        {
            "profile": profile,
            "values": values,
            "errors": errors or {},
            "scopes": SCOPES,
            "renewing": renewing,
        },
        status_code=status_code,
    )


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/profiles/{profile_id}/consents/new")
def new_consent_form(
    request: Request, profile_id: ObjectId, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    values = {"scopes": ["matching", "introductions"], "expires_on": "", "obtained": ""}
    return _consent_page(request, profile, values)


@router.post("/profiles/{profile_id}/consents/new", dependencies=[CsrfChecked])
def record_consent(
    request: Request, profile_id: ObjectId, session: SessionDep, user: WebUser, form: FormDep
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    values: dict[str, Any] = {
        "scopes": texts(form, "scopes"),
        "expires_on": text(form, "expires_on"),
        "obtained": text(form, "obtained"),
    }
    try:
        consents.record_consent(
            session,
            actor=user,
            profile_id=profile_id,
            scopes=values["scopes"],
            expires_on=_date(text(form, "expires_on")),
            obtained=text(form, "obtained"),
        )
    except Invalid as exc:
        return _consent_page(request, profile, values, exc.fields, status_code=422)
    return RedirectResponse(f"/profiles/{profile_id}?done=consent", status_code=303)


@router.get("/profiles/{profile_id}/consents/{consent_id}/renew")
def renew_consent_form(
    request: Request, profile_id: ObjectId, consent_id: ObjectId, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    old = _consent(session, user, profile_id, consent_id)
    values = {"scopes": list(old.scopes), "expires_on": "", "obtained": ""}
    return _consent_page(request, profile, values, renewing=old)


def _consent(session: SessionDep, user: User, profile_id: ObjectId, consent_id: int) -> Any:
    for consent in consents.list_consents(session, actor=user, profile_id=profile_id):
        if consent.id == consent_id:
            return consent
    raise NotFound("No such consent.")


@router.post("/profiles/{profile_id}/consents/{consent_id}/renew", dependencies=[CsrfChecked])
def renew_consent(
    request: Request,
    profile_id: ObjectId,
    consent_id: ObjectId,
    session: SessionDep,
    user: WebUser,
    form: FormDep,
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    old = _consent(session, user, profile_id, consent_id)
    values: dict[str, Any] = {
        "scopes": list(old.scopes),
        "expires_on": text(form, "expires_on"),
        "obtained": text(form, "obtained"),
    }
    try:
        consents.renew_consent(
            session,
            actor=user,
            profile_id=profile_id,
            consent_id=consent_id,
            expires_on=_date(text(form, "expires_on")),
            obtained=text(form, "obtained"),
        )
    except Invalid as exc:
        return _consent_page(request, profile, values, exc.fields, old, status_code=422)
    return RedirectResponse(f"/profiles/{profile_id}?done=consent", status_code=303)


@router.post("/profiles/{profile_id}/consents/{consent_id}/withdraw", dependencies=[CsrfChecked])
def withdraw_consent(
    profile_id: ObjectId, consent_id: ObjectId, session: SessionDep, user: WebUser
) -> Response:
    consents.withdraw_consent(session, actor=user, profile_id=profile_id, consent_id=consent_id)
    return RedirectResponse(f"/profiles/{profile_id}?done=withdrawn", status_code=303)
