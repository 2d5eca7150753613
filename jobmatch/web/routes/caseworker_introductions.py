"""The caseworker's introductions inbox: requests and proposals, decisions, outcomes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jobmatch.api.deps import SessionDep, SettingsDep
from jobmatch.api.schemas import MAX_PAGE, ObjectId
from jobmatch.errors import Conflict, Invalid
from jobmatch.models import User
from jobmatch.services import introductions, outcomes, profiles
from jobmatch.web import nuts
from jobmatch.web.deps import CsrfChecked, WebUser
from jobmatch.web.i18n import _
from jobmatch.web.profile_form import FormDep, text, texts
from jobmatch.web.templating import render

router = APIRouter(include_in_schema=False)

STATUSES = (
    ("requested", "Waiting for your decision"),
    ("approved", "Approved"),
    ("declined", "Declined"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
)
DISCLOSABLE = (
    ("first_name", "First name"),
    ("full_name", "Full name"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("best_time", "Best time to call"),
    ("note", "A note for the employer"),
)
DECLINE_REASONS = (
    ("lacking_skills", "Lacks the skills needed"),
    ("conditions_unsuitable", "The conditions are not suitable"),
    ("safety_concern", "Safety concern"),
    ("not_interested", "The person is not interested"),
    ("not_ready", "The person is not ready yet"),
    ("already_placed", "The person is already placed"),
    ("other", "Other"),
)
OUTCOME_KINDS = (
    ("interview", "Interview"),
    ("hired", "Hired"),
    ("started", "Started work"),
    ("training_started", "Training started"),
    ("training_completed", "Training completed"),
    ("retained", "Still in the job (check-in)"),
    ("ended", "Ended"),
)
END_REASONS = (
    ("contract_completed", "Contract completed"),
    ("resigned", "Resigned"),
    ("dismissed", "Dismissed"),
    ("health", "Health"),
    ("safety", "Safety"),
    ("relocated", "Moved away"),
    ("other", "Other"),
)
DONE = {
    "approved": "Approved: the employer now sees what you chose to disclose.",
    "declined": "Declined: the employer sees the reason, never your note.",
    "withdrawn": "Withdrawn: the employer no longer sees anything disclosed.",
    "proposed": "The profile is proposed. Approve it, choosing what to disclose, when the "
    "employer is ready.",
    "outcome": "The outcome is recorded.",
}


PER_PAGE = 50


@router.get("/introductions")
def inbox(
    request: Request, session: SessionDep, user: WebUser, status: str = "", page: int = 1
) -> Response:
    errors: dict[str, str] = {}
    page = min(max(page, 1), MAX_PAGE)
    try:
        rows, total = introductions.page_for_caseworker(
            session, actor=user, status=status or None, page=page, per_page=PER_PAGE
        )
    except Invalid as exc:
        errors, rows, total = exc.fields, [], 0
    return render(
        request,
        "introductions/caseworker_list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": STATUSES,
            "errors": errors,
            "total": total,
            "page": page,
            "per_page": PER_PAGE,
        },
    )


def _detail_page(
    request: Request,
    session: SessionDep,
    user: User,
    introduction_id: ObjectId,
    *,
    done: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    alert: str = "",
    status_code: int = 200,
) -> Response:
    row = introductions.caseworker_view(session, actor=user, introduction_id=introduction_id)
    intro = row.introduction
    match = None
    if intro.status == "requested" and row.profile.id is not None and row.offer.id is not None:
        match = profiles.match_for_offer(
            session, actor=user, profile_id=row.profile.id, offer_id=row.offer.id
        )
    found = outcomes.list_outcomes(session, actor=user, introduction_id=introduction_id)
    return render(
        request,
        "introductions/caseworker_detail.html",
        {
            "row": row,
            "intro": intro,
            "match": match,
            "outcomes": found,
            "consent": profiles.consent_summary(session, row.profile),
            "statuses": STATUSES,
            "disclosable": DISCLOSABLE,
            "decline_reasons": DECLINE_REASONS,
            "outcome_kinds": OUTCOME_KINDS,
            "end_reasons": END_REASONS,
            "nuts": nuts,
            "errors": errors or {},
            "values": values or {"disclose": [], "note": "", "decline_note": ""},
            "today": date.today().isoformat(),
            "message": _(DONE[done]) if done in DONE else "",
            "alert": alert,
        },
        status_code=status_code,
    )


@router.get("/introductions/{introduction_id}")
def introduction_page(
    request: Request, introduction_id: ObjectId, session: SessionDep, user: WebUser, done: str = ""
) -> Response:
    return _detail_page(request, session, user, introduction_id, done=done)


def _version(form: Any) -> int | None:
    value = text(form, "version")
    return int(value) if value.isdigit() else None


def _decide(
    request: Request,
    session: SessionDep,
    user: User,
    introduction_id: ObjectId,
    decision: Callable[[], object],
    *,
    done: str,
    values: dict[str, Any] | None = None,
) -> Response:
    """Carry out ``decision`` and go back to the introduction; when it is refused (a form error,
    or someone else decided first), the page again with the reason and what was typed."""
    try:
        decision()
    except (Invalid, Conflict) as exc:
        session.rollback()
        return _detail_page(
            request,
            session,
            user,
            introduction_id,
            errors=exc.fields,
            values=values,
            alert=_(exc.message),
            status_code=exc.status,
        )
    return RedirectResponse(f"/introductions/{introduction_id}?done={done}", status_code=303)


@router.post("/introductions/{introduction_id}/approve", dependencies=[CsrfChecked])
def approve(
    request: Request,
    introduction_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    form: FormDep,
) -> Response:
    values: dict[str, Any] = {
        "disclose": texts(form, "disclose"),
        "note": text(form, "note"),
        "decline_note": "",
    }
    return _decide(
        request,
        session,
        user,
        introduction_id,
        lambda: introductions.approve(
            session,
            actor=user,
            settings=settings,
            introduction_id=introduction_id,
            disclose=values["disclose"],
            note=values["note"] or None,
            version=_version(form),
        ),
        done="approved",
        values=values,
    )


@router.post("/introductions/{introduction_id}/decline", dependencies=[CsrfChecked])
def decline(
    request: Request, introduction_id: ObjectId, session: SessionDep, user: WebUser, form: FormDep
) -> Response:
    values: dict[str, Any] = {
        "disclose": [],
        "note": "",
        "reason": text(form, "reason"),
        "decline_note": text(form, "decline_note"),
    }
    return _decide(
        request,
        session,
        user,
        introduction_id,
        lambda: introductions.decline(
            session,
            actor=user,
            introduction_id=introduction_id,
            reason=values["reason"],
            note=values["decline_note"] or None,
            version=_version(form),
        ),
        done="declined",
        values=values,
    )


@router.post("/introductions/{introduction_id}/withdraw", dependencies=[CsrfChecked])
def withdraw(
    request: Request,
    introduction_id: ObjectId,
    session: SessionDep,
    settings: SettingsDep,
    user: WebUser,
    form: FormDep,
) -> Response:
    return _decide(
        request,
        session,
        user,
        introduction_id,
        lambda: introductions.withdraw(
            session,
            actor=user,
            introduction_id=introduction_id,
            settings=settings,
            version=_version(form),
        ),
        done="withdrawn",
    )


@router.post("/introductions/{introduction_id}/outcomes", dependencies=[CsrfChecked])
def record_outcome(
    request: Request, introduction_id: ObjectId, session: SessionDep, user: WebUser, form: FormDep
) -> Response:
    values = {
        "kind": text(form, "kind"),
        "date": text(form, "date"),
        "reason": text(form, "reason"),
        "months": text(form, "months"),
    }
    try:
        on = date.fromisoformat(values["date"]) if values["date"] else None
    except ValueError:
        on = None
    try:
        outcomes.record_outcome(
            session,
            actor=user,
            introduction_id=introduction_id,
            kind=values["kind"],
            on=on,
            reason=values["reason"] or None,
            months=int(values["months"]) if values["months"].isdigit() else None,
        )
    except Invalid as exc:
        session.rollback()
        errors = {f"outcome_{k}": v for k, v in exc.fields.items()}
        return _detail_page(
            request,
            session,
            user,
            introduction_id,
            errors=errors,
            values={"disclose": [], "note": "", "decline_note": "", "outcome": values},
            alert=_(exc.message),
            status_code=422,
        )
    back = text(form, "back")
    if back == "outcomes":
        return RedirectResponse("/outcomes?done=outcome", status_code=303)
    return RedirectResponse(f"/introductions/{introduction_id}?done=outcome", status_code=303)
