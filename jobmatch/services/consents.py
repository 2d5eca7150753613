"""Consent of a beneficiary: recorded, renewed, withdrawn; nothing happens without it."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from jobmatch.models import Consent


def valid_consents(
    session: Session, *, profile_id: int, scope: str, today: date | None = None
) -> list[Consent]:
    """The consents of a profile that cover ``scope`` today: not withdrawn, not expired."""
    today = today or date.today()
    rows = session.exec(
        select(Consent)
        .where(Consent.profile_id == profile_id)
        .where(col(Consent.withdrawn_at).is_(None))
        .where(Consent.expires_on >= today)
        .where(Consent.given_on <= today)
    ).all()
    return [c for c in rows if scope in c.scopes]


def has_valid_consent(
    session: Session, *, profile_id: int, scope: str, today: date | None = None
) -> bool:
    return bool(valid_consents(session, profile_id=profile_id, scope=scope, today=today))
