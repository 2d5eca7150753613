"""Caseworker pages for profiles: list, write, read; identity; consents; matches; erasure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.errors import Conflict, Invalid, NotFound
from jobmatch.models import Profile, User
from jobmatch.services import consents, identity, introductions, matching, profiles, retention
from jobmatch.services.identity import IdentityData
from jobmatch.web import choices, nuts
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)

SKILL_LEVELS = (
    ("basic", "Basic"),
    ("intermediate", "Intermediate"),
    ("advanced", "Advanced"),
    ("expert", "Expert"),
)
WORK_PERMITS = (("yes", "Has a work permit"), ("pending", "Permit pending"), ("no", "No permit"))
PROFILE_STATUSES = (
    ("active", "Active"),
    ("paused", "Paused"),
    ("placed", "Placed"),
    ("withdrawn", "Withdrawn"),
)
SCOPES = (
    ("matching", "Matching with offers"),
    ("introductions", "Introductions to employers"),
    ("reporting", "Counted in the network's reports"),
)
EXPERIENCE_ROWS = 3
LANGUAGE_ROWS = 3


async def read_form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


# --- the profile form -----------------------------------------------------------------------


def form_values(form: FormData) -> dict[str, Any]:
    """What was typed, kept as text so that the form can be shown again exactly as it was."""
    rows = int(text(form, "skill_rows") or 0) if text(form, "skill_rows").isdigit() else 0
    return {
        "skills": [(text(form, f"skill_{i}"), text(form, f"level_{i}")) for i in range(rows)],
        "experience": [
            (text(form, f"occupation_{i}"), text(form, f"years_{i}"))
            for i in range(EXPERIENCE_ROWS)
        ],
        "languages": [
            (text(form, f"language_{i}"), text(form, f"langlevel_{i}"))
            for i in range(LANGUAGE_ROWS)
        ],
        "regions": texts(form, "regions"),
        "excluded_regions": texts(form, "excluded_regions"),
        "excluded_sectors": texts(form, "excluded_sectors"),
        "remote_ok": text(form, "remote_ok") == "yes",
        "hours_per_week": text(form, "hours_per_week"),
        "available_from": text(form, "available_from"),
        "work_permit": text(form, "work_permit") or "yes",
        "wants": texts(form, "wants"),
        "needs": texts(form, "needs"),
        "status": text(form, "status"),
    }


def values_of(profile: Profile) -> dict[str, Any]:
    """A profile as form values (skill URIs shown as their labels)."""
    return {
        "skills": [
            (matching.skill_label(str(s["skill"])), str(s.get("level") or ""))
            for s in profile.skills
        ],
        "experience": [
            (matching.skill_label(str(e["occupation"])), _years(e.get("years")))
            for e in profile.experience
        ],
        "languages": [(str(x["code"]), str(x["level"])) for x in profile.languages],
        "regions": list(profile.regions),
        "excluded_regions": list(profile.excluded_regions),
        "excluded_sectors": list(profile.excluded_sectors),
        "remote_ok": profile.remote_ok,
        "hours_per_week": str(profile.hours_per_week or ""),
        "available_from": profile.available_from.isoformat() if profile.available_from else "",
        "work_permit": profile.work_permit,
        "wants": list(profile.wants),
        "needs": list(profile.needs),
        "status": profile.status,
    }


def _years(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


EMPTY: dict[str, Any] = {
    "skills": [],
    "experience": [],
    "languages": [],
    "regions": [],
    "excluded_regions": [],
    "excluded_sectors": [],
    "remote_ok": False,
    "hours_per_week": "",
    "available_from": "",
    "work_permit": "yes",
    "wants": [],
    "needs": [],
    "status": "active",
}


def profile_data(
    values: dict[str, Any], known: dict[str, str]
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The exchange-format profile of the form, and where each list item came from (its row),
    so that an error on ``skills.1.skill`` lands next to the right field."""
    rows: dict[str, list[int]] = {"skills": [], "experience": [], "languages": []}
    skills = []
    for i, (skill, level) in enumerate(values["skills"]):
        if skill or level:
            rows["skills"].append(i)
            skills.append({"skill": known.get(skill, skill), "level": level or None})
    experience = []
    for i, (occupation, years) in enumerate(values["experience"]):
        if occupation or years:
            rows["experience"].append(i)
            experience.append({"occupation": known.get(occupation, occupation), "years": years})
    languages = []
    for i, (code, level) in enumerate(values["languages"]):
        if code or level:
            rows["languages"].append(i)
            languages.append({"code": code, "level": level})
    data = {
        "skills": skills,
        "experience": experience,
        "languages": languages,
        "regions": values["regions"],
        "excluded_regions": values["excluded_regions"],
        "excluded_sectors": values["excluded_sectors"],
        "remote_ok": values["remote_ok"],
        "hours_per_week": values["hours_per_week"] or None,
        "available_from": values["available_from"] or None,
        "work_permit": values["work_permit"],
        "wants": values["wants"],
        "needs": values["needs"],
    }
    return data, rows


FIELD_IDS = {
    ("skills", "skill"): "skill",
    ("skills", "level"): "level",
    ("experience", "occupation"): "occupation",
    ("experience", "years"): "years",
    ("languages", "code"): "language",
    ("languages", "level"): "langlevel",
}


def form_errors(fields: dict[str, str], rows: dict[str, list[int]]) -> dict[str, str]:
    """Service field names (``skills.1.skill``) → the form's field ids (``skill_3``)."""
    errors: dict[str, str] = {}
    for name, message in fields.items():
        parts = name.split(".")
        key = parts[0]
        if key in rows and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            row = rows[key][index] if index < len(rows[key]) else index
            sub = parts[2] if len(parts) > 2 else ("skill" if key == "skills" else "")
            prefix = FIELD_IDS.get((key, sub), FIELD_IDS.get((key, "code"), key))
            if key == "experience" and sub not in ("occupation", "years"):
                prefix = "occupation"
            if key == "skills" and sub not in ("skill", "level"):
                prefix = "skill"
            errors.setdefault(f"{prefix}_{row}", message)
        else:
            errors.setdefault(key, message)
    return errors


def known_labels(profile: Profile | None) -> dict[str, str]:
    """Labels shown in the form → the URIs they stand for, so an edit keeps the URIs."""
    if profile is None:
        return {}
    values = [str(s["skill"]) for s in profile.skills]
    values += [str(e["occupation"]) for e in profile.experience]
    return {matching.skill_label(v): v for v in values}


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
    return render(
        request,
        "profiles/list.html",
        {
            "profiles": [(p, profiles.consent_summary(session, p)) for p in found],
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
    request: Request, profile_id: int, session: SessionDep, user: WebUser, done: str = ""
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
    request: Request, profile_id: int, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    return _form_page(request, values=values_of(profile), profile=profile)


@router.post("/profiles/{profile_id}/edit", dependencies=[CsrfChecked])
def edit_profile(
    request: Request,
    profile_id: int,
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
    request: Request, profile_id: int, session: SessionDep, settings: SettingsDep, user: WebUser
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
    profile_id: int,
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
    request: Request, profile_id: int, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    values = {"scopes": ["matching", "introductions"], "expires_on": "", "obtained": ""}
    return _consent_page(request, profile, values)


@router.post("/profiles/{profile_id}/consents/new", dependencies=[CsrfChecked])
def record_consent(
    request: Request, profile_id: int, session: SessionDep, user: WebUser, form: FormDep
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
    request: Request, profile_id: int, consent_id: int, session: SessionDep, user: WebUser
) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    old = _consent(session, user, profile_id, consent_id)
    values = {"scopes": list(old.scopes), "expires_on": "", "obtained": ""}
    return _consent_page(request, profile, values, renewing=old)


def _consent(session: SessionDep, user: User, profile_id: int, consent_id: int) -> Any:
    for consent in consents.list_consents(session, actor=user, profile_id=profile_id):
        if consent.id == consent_id:
            return consent
    raise NotFound("No such consent.")


@router.post("/profiles/{profile_id}/consents/{consent_id}/renew", dependencies=[CsrfChecked])
def renew_consent(
    request: Request,
    profile_id: int,
    consent_id: int,
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
    profile_id: int, consent_id: int, session: SessionDep, user: WebUser
) -> Response:
    consents.withdraw_consent(session, actor=user, profile_id=profile_id, consent_id=consent_id)
    return RedirectResponse(f"/profiles/{profile_id}?done=withdrawn", status_code=303)


# --- matches and proposals ----------------------------------------------------------------------


def _matches_page(
    request: Request,
    session: SessionDep,
    user: User,
    profile_id: int,
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
            "employer_name": lambda offer: profiles.employer_name(session, offer),
        },
        status_code=status_code,
    )


@router.get("/profiles/{profile_id}/matches")
def matches_page(
    request: Request,
    profile_id: int,
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
    profile_id: int,
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
def erase_form(request: Request, profile_id: int, session: SessionDep, user: WebUser) -> Response:
    profile = profiles.get_profile(session, actor=user, profile_id=profile_id)
    return render(request, "profiles/erase.html", {"profile": profile, "errors": {}})


@router.post("/profiles/{profile_id}/erase", dependencies=[CsrfChecked])
def erase(
    request: Request, profile_id: int, session: SessionDep, user: WebUser, form: FormDep
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
