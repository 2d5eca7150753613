"""Caseworker pages for profiles: list, write, read, matches and proposals, erasure (the
identity vault and consents are in profile_vault.py, the form's helpers in web/profile_form.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.api.schemas import ObjectId
from jobmatch.errors import Conflict, Invalid
from jobmatch.models import Profile, User
from jobmatch.services import consents, introductions, matching, profiles, retention
from jobmatch.web import choices, nuts
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.profile_form import (
    EMPTY,
    EXPERIENCE_ROWS,
    LANGUAGE_ROWS,
    PROFILE_STATUSES,
    SCOPES,
    SKILL_LEVELS,
    WORK_PERMITS,
    FormDep,
    form_errors,
    form_values,
    known_labels,
    profile_data,
    text,
    values_of,
)
from jobmatch.web.routes import profile_vault
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(profile_vault.router)


def _form_page(
    request: Request,
    *,
    values: dict[str, Any],
    profile: Profile | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
    status_code: int = 200,
) -> Response:
    def padded(items: list[tuple[str, str]], extra: int, minimum: int) -> list[tuple[str, str]]:
        return items + [("", "")] * max(extra, minimum - len(items))

    shown = dict(values)
    shown["skills"] = padded(values["skills"], 3, 5)
    shown["experience"] = padded(values["experience"], 0, EXPERIENCE_ROWS)[:EXPERIENCE_ROWS]
    shown["languages"] = padded(values["languages"], 0, LANGUAGE_ROWS)[:LANGUAGE_ROWS]
    return render(
        request,
        "profiles/form.html",
        {
            "values": shown,
            "profile": profile,
            "errors": errors or {},
            "message": message,
            "choices": choices,
            "skill_levels": SKILL_LEVELS,
            "work_permits": WORK_PERMITS,
            "statuses": PROFILE_STATUSES,
            "nuts_groups": nuts.option_groups(countries=True),
        },
        status_code=status_code,
    )


@router.get("/profiles")
def profile_list(
    request: Request,
    session: SessionDep,
    user: WebUser,
    status: str = "",
    page: int = 1,
    done: str = "",
) -> Response:
    errors: dict[str, str] = {}
    try:
        found, total = profiles.list_profiles(
            session, actor=user, status=status or None, page=max(page, 1)
        )
    except Invalid as exc:
        errors, found, total = exc.fields, [], 0
    consent = profiles.consent_summaries(session, found)
    return render(
        request,
        "profiles/list.html",
        {
            "profiles": [(p, consent[p.id]) for p in found if p.id is not None],
            "total": total,
            "page": max(page, 1),
            "per_page": 50,
            "status": status,
            "statuses": PROFILE_STATUSES,
            "errors": errors,
            "nuts": nuts,
            "message": _("The profile and its identity are erased for good.")
            if done == "erased"
            else "",
        },
    )


@router.get("/profiles/new")
def new_profile_form(request: Request, user: WebUser) -> Response:
    profiles.check_can_create(actor=user)
    return _form_page(request, values=dict(EMPTY))


@router.post("/profiles/new", dependencies=[CsrfChecked])
def create_profile(request: Request, session: SessionDep, user: WebUser, form: FormDep) -> Response:
    values = form_values(form)
    data, rows = profile_data(values, {})
    try:
        profile = profiles.create_profile(session, actor=user, data=data)
    except Invalid as exc:
        return _form_page(
            request,
            values=values,
            errors=form_errors(exc.fields, rows),
            message=_(exc.message),
            status_code=422,
        )
    return RedirectResponse(f"/profiles/{profile.id}?done=created", status_code=303)


DONE = {
    "created": "The profile is saved. Record the person's consent and identity next.",
    "saved": "Your changes are saved.",
    "identity": "The identity is saved in the vault.",
    "consent": "The consent is recorded.",
    "withdrawn": "The consent is withdrawn: it takes effect everywhere now.",
    "proposed": "The profile is proposed to the employer.",
}


@router.get("/profiles/{profile_id}")
def profile_page(
    request: Request, profile_id: ObjectId, session: SessionDep, user: WebUser, done: str = ""
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    return render(
        request,
        "profiles/detail.html",
        {
            "profile": profile,
            "consent": profiles.consent_summary(session, profile),
            "consents": consents.list_consents(session, actor=user, profile_id=profile_id),
            "introductions": introductions.list_for_caseworker(
                session, actor=user, profile_id=profile_id
            ),
            "today": date.today(),
            "choices": choices,
            "nuts": nuts,
            "skill_label": matching.skill_label,
            "label_of": choices.label_of,
            "skill_levels": SKILL_LEVELS,
            "work_permits": WORK_PERMITS,
            "statuses": PROFILE_STATUSES,
            "scopes": SCOPES,
            "message": _(DONE[done]) if done in DONE else "",
        },
    )


@router.get("/profiles/{profile_id}/edit")
def edit_profile_form(
    request: Request, profile_id: ObjectId, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    return _form_page(request, values=values_of(profile), profile=profile)


@router.post("/profiles/{profile_id}/edit", dependencies=[CsrfChecked])
def edit_profile(
    request: Request,
    profile_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    form: FormDep,
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    values = form_values(form)
    data, rows = profile_data(values, known_labels(profile))
    if values["status"]:
        data["status"] = values["status"]
    try:
        profiles.update_profile(
            session, actor=user, settings=settings, profile_id=profile_id, changes=data
        )
    except Invalid as exc:
        session.rollback()
        return _form_page(
            request,
            values=values,
            profile=profile,
            errors=form_errors(exc.fields, rows),
            message=_(exc.message),
            status_code=422,
        )
    return RedirectResponse(f"/profiles/{profile_id}?done=saved", status_code=303)


# --- matches and proposals ----------------------------------------------------------------------


def _matches_page(
    request: Request,
    session: SessionDep,
    user: User,
    profile_id: ObjectId,
    *,
    kind: str = "",
    region: str = "",
    remote: str = "",
    proposal: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    filters = profiles.MatchFilters(
        kinds={kind} if kind in dict(choices.OFFER_KINDS) else None,
        region=region.strip().upper() or None,
        remote={"yes": True, "no": False}.get(remote),
    )
    found = profiles.matches_for_profile(
        session, actor=user, profile_id=profile_id, limit=20, filters=filters
    )
    names = profiles.employer_names(session, found)
    return render(
        request,
        "profiles/matches.html",
        {
            "profile": profile,
            "matches": found,
            "matchable": matching.is_matchable(session, profile),
            "filters": {"kind": kind, "region": region, "remote": remote},
            "proposal": proposal or {},
            "choices": choices,
            "nuts": nuts,
            "nuts_groups": nuts.option_groups(countries=True),
            "employer_name": lambda offer: names.get(offer.organisation_id, ""),
        },
        status_code=status_code,
    )


@router.get("/profiles/{profile_id}/matches")
def matches_page(
    request: Request,
    profile_id: ObjectId,
    session: SessionDep,
    user: WebUser,
    kind: str = "",
    region: str = "",
    remote: str = "",
) -> Response:
    return _matches_page(
        request, session, user, profile_id, kind=kind, region=region, remote=remote
    )


@router.post("/profiles/{profile_id}/proposals", dependencies=[CsrfChecked])
def propose(
    request: Request,
    profile_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    form: FormDep,
) -> Response:
    offer = text(form, "offer")
    message = text(form, "message")
    try:
        introduction = introductions.propose(
            session,
            actor=user,
            profile_id=profile_id,
            offer_id=int(offer) if offer.isdigit() else 0,
            message=message,
            settings=settings,
        )
    except (Invalid, Conflict) as exc:
        session.rollback()
        error = _(exc.fields.get("message") or exc.message)
        return _matches_page(
            request,
            session,
            user,
            profile_id,
            proposal={"offer": offer, "message": message, "error": error},
            status_code=exc.status,
        )
    return RedirectResponse(f"/introductions/{introduction.id}?done=proposed", status_code=303)


# --- erasure ------------------------------------------------------------------------------------


@router.get("/profiles/{profile_id}/erase")
def erase_form(
    request: Request, profile_id: ObjectId, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    return render(request, "profiles/erase.html", {"profile": profile, "errors": {}})


@router.post("/profiles/{profile_id}/erase", dependencies=[CsrfChecked])
def erase(
    request: Request, profile_id: ObjectId, session: SessionDep, user: WebUser, form: FormDep
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    if text(form, "confirm").upper() != profile.reference.upper():
        return render(
            request,
            "profiles/erase.html",
            {
                "profile": profile,
                "errors": {"confirm": _("Type the reference code exactly to confirm.")},
            },
            status_code=422,
        )
    retention.erase_profile(session, actor=user, profile_id=profile_id)
    return RedirectResponse("/profiles?done=erased", status_code=303)
