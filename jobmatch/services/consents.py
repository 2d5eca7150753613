"""Consent of a beneficiary: recorded, renewed, withdrawn; nothing happens without it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from jobmatch.errors import Conflict, Invalid, Message, NotFound
from jobmatch.models import Consent, Profile, User
from jobmatch.models._common import utcnow
from jobmatch.models.enums import ConsentScope
from jobmatch.models.profiles import consent_valid_on
from jobmatch.policy import require_profile_access
from jobmatch.services import audit, matching


def valid_consents(
    session: Session, *, profile_id: int, scope: str, today: date | None = None
) -> list[Consent]:
    """The consents of a profile that cover ``scope`` today: not withdrawn, not expired."""
    today = today or date.today()
    rows = session.exec(
        select(Consent).where(Consent.profile_id == profile_id).where(*consent_valid_on(today))
    ).all()
    return [c for c in rows if scope in c.scopes]


def has_valid_consent(
    session: Session, *, profile_id: int, scope: str, today: date | None = None
) -> bool:
    return bool(valid_consents(session, profile_id=profile_id, scope=scope, today=today))


def valid_scopes(
    session: Session, profile_ids: Iterable[int], today: date | None = None
) -> dict[int, set[str]]:
    """For each of the profiles, the scopes its valid consents cover today (one query)."""
    ids = list(profile_ids)
    today = today or date.today()
    covered: dict[int, set[str]] = {profile_id: set() for profile_id in ids}
    if not ids:
        return covered
    rows = session.exec(
        select(Consent.profile_id, Consent.scopes)
        .where(col(Consent.profile_id).in_(ids))
        .where(*consent_valid_on(today))
    ).all()
    for profile_id, scopes in rows:
        covered[profile_id].update(scopes)
    return covered


MAX_YEARS = 5


def _profile(session: Session, actor: User | None, profile_id: int) -> tuple[User, Profile]:
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFound("No such profile.")
    return require_profile_access(actor, profile), profile


def _consent(session: Session, profile: Profile, consent_id: int) -> Consent:
    consent = session.get(Consent, consent_id)
    if consent is None or consent.profile_id != profile.id:
        raise NotFound("No such consent.")
    return consent


def _changed(
    session: Session,
    user: User,
    profile: Profile,
    consent: Consent,
    *,
    action: str,
    **detail: Any,
) -> Consent:
    """Audit a change to the profile's consents, tell matching, and commit."""
    audit.record(
        session,
        actor=user,
        action=action,
        object_type="profile",
        object_id=profile.id,
        consent_id=consent.id,
        **detail,
    )
    profile.last_activity_at = utcnow()
    session.add(profile)
    matching.mark_changed(session, profile=profile)
    session.commit()
    return consent


def _scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    allowed = {s.value for s in ConsentScope}
    if not chosen or any(s not in allowed for s in chosen):
        raise Invalid(
            "Choose what the person consents to.",
            {"scopes": "Choose one or more of: matching, introductions, reporting."},
        )
    return chosen


def list_consents(session: Session, *, actor: User | None, profile_id: int) -> list[Consent]:
    """Every consent recorded for a profile, newest first."""
    _user, profile = _profile(session, actor, profile_id)
    return list(
        session.exec(
            select(Consent)
            .where(Consent.profile_id == profile.id)
            .order_by(col(Consent.given_on).desc(), col(Consent.id).desc())
        ).all()
    )


def record_consent(
    session: Session,
    *,
    actor: User | None,
    profile_id: int,
    scopes: Iterable[str],
    expires_on: date | None,
    obtained: str,
    given_on: date | None = None,
) -> Consent:
    """Record a consent the person gave (today unless ``given_on`` says otherwise)."""
    user, profile = _profile(session, actor, profile_id)
    today = date.today()
    given_on = given_on or today
    fields: dict[str, str] = {}
    try:
        chosen = _scopes(scopes)
    except Invalid as exc:
        fields.update(exc.fields)
        chosen = []
    obtained = (obtained or "").strip()
    if not obtained:
        fields["obtained"] = "Say how the consent was obtained, e.g. signed form, in person."
    elif len(obtained) > 200:
        fields["obtained"] = "Write at most 200 characters."
    if given_on > today:
        fields["given_on"] = "The consent cannot be given in the future."
    if expires_on is None:
        fields["expires_on"] = "Give the date the consent expires."
    elif expires_on <= today or expires_on <= given_on:
        fields["expires_on"] = "The expiry date must be after today."
    elif expires_on > date(
        min(given_on.year + MAX_YEARS, 9999), given_on.month, min(given_on.day, 28)
    ):
        fields["expires_on"] = Message(
            "A consent lasts at most %(n)s years; renew it later.", n=MAX_YEARS
        )
    if fields:
        raise Invalid("The consent was not recorded: check the fields.", fields)
    assert expires_on is not None and profile.id is not None
    consent = Consent(
        profile_id=profile.id,
        scopes=chosen,
        given_on=given_on,
        expires_on=expires_on,
        obtained=obtained,
        recorded_by_id=user.id,
    )
    session.add(consent)
    session.flush()
    return _changed(session, user, profile, consent, action="consent.recorded", scopes=chosen)


def renew_consent(
    session: Session,
    *,
    actor: User | None,
    profile_id: int,
    consent_id: int,
    expires_on: date | None,
    obtained: str,
) -> Consent:
    """Renew a consent: a new record with the same scopes, given today."""
    _user, profile = _profile(session, actor, profile_id)
    old = _consent(session, profile, consent_id)
    if old.withdrawn_at is not None:
        raise Conflict("This consent was withdrawn; record a new one if the person agrees again.")
    return record_consent(
        session,
        actor=actor,
        profile_id=profile_id,
        scopes=old.scopes,
        expires_on=expires_on,
        obtained=obtained,
    )


def withdraw_consent(
    session: Session, *, actor: User | None, profile_id: int, consent_id: int
) -> Consent:
    """Withdraw a consent, effective at once: matching forgets the profile if no consent for
    matching remains, and its open introductions stop if none for introductions remains."""
    user, profile = _profile(session, actor, profile_id)
    consent = _consent(session, profile, consent_id)
    if consent.withdrawn_at is not None:
        raise Conflict("This consent was already withdrawn.")
    consent.withdrawn_at = utcnow()
    session.add(consent)
    session.flush()
    assert profile.id is not None
    closed = 0
    if not has_valid_consent(session, profile_id=profile.id, scope=ConsentScope.INTRODUCTIONS):
        # Imported here: introductions asks this module whether a consent is valid.
        from jobmatch.services.introductions import close_for_profile

        closed = close_for_profile(
            session, actor=user, profile_id=profile.id, why="consent_withdrawn"
        )
    return _changed(
        session, user, profile, consent, action="consent.withdrawn", introductions_closed=closed
    )
