"""The identity vault: who a beneficiary is, encrypted, readable only by their caseworkers.

Every read by a person is written to the audit log (the field names, never the values).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, select

from jobmatch.config import Settings
from jobmatch.errors import Invalid, NotFound
from jobmatch.models import Identity, Profile, User
from jobmatch.models._common import utcnow
from jobmatch.policy import require_profile_access
from jobmatch.security.vault import VaultCipher
from jobmatch.services import audit
from jobmatch.services.identifying_content import (
    NAME_KIND,
    find_identifying_content,
    profile_texts,
)

EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class IdentityData(BaseModel):
    """What the vault holds of one person; only ``full_name`` is required."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_name: str = Field(min_length=1, max_length=200)
    first_name: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_SHAPE)
    best_time: str | None = Field(
        default=None, max_length=200, description="When the person prefers to be called"
    )
    notes: str | None = Field(default=None, max_length=5000)

    @field_validator("first_name", "phone", "email", "best_time", "notes", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value


def _cipher(settings: Settings) -> VaultCipher:
    return VaultCipher(settings.vault_key)


def _row(session: Session, profile_id: int) -> Identity | None:
    return session.exec(select(Identity).where(Identity.profile_id == profile_id)).first()


def load_record(session: Session, *, settings: Settings, profile: Profile) -> dict[str, Any]:
    """The decrypted vault record of ``profile`` ({} if none). No policy, no audit: callers
    inside the services (the content guard, disclosures) check access and audit themselves."""
    assert profile.id is not None
    row = _row(session, profile.id)
    if row is None:
        return {}
    return _cipher(settings).decrypt(profile.id, row.ciphertext)


def store_record(
    session: Session, *, settings: Settings, profile: Profile, record: dict[str, Any]
) -> None:
    """Encrypt and store the whole vault record of ``profile`` (no policy, no commit)."""
    assert profile.id is not None
    blob = _cipher(settings).encrypt(profile.id, record)
    row = _row(session, profile.id)
    if row is None:
        row = Identity(profile_id=profile.id, ciphertext=blob)
    else:
        row.ciphertext = blob
        row.updated_at = utcnow()
    session.add(row)


def first_name_of(record: dict[str, Any]) -> str | None:
    """The first name given, or the first word of the full name."""
    first = record.get("first_name")
    if first:
        return str(first)
    full = str(record.get("full_name") or "").split()
    return full[0] if full else None


def _profile(session: Session, profile_id: int) -> Profile:
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFound("No such profile.")
    return profile


def write_identity(
    session: Session, *, actor: User | None, settings: Settings, profile_id: int, data: IdentityData
) -> None:
    """Replace the identity of a profile (caseworkers of the owning organisation)."""
    profile = _profile(session, profile_id)
    user = require_profile_access(actor, profile)
    names = [n for n in (data.full_name, data.first_name) if n]
    texts = profile_texts(profile.skills, profile.experience)
    if any(f.kind == NAME_KIND for f in find_identifying_content(texts, own_names=names)):
        raise Invalid(
            "Nothing was saved: the profile mentions this person's name. Remove it from the "
            "profile's skills and experience first.",
            {"full_name": "This name appears in the profile."},
        )
    record = load_record(session, settings=settings, profile=profile)
    # Notes written for employers on approvals live in the same record: keep them.
    kept = {k: v for k, v in record.items() if k == "employer_notes"}
    new = {k: v for k, v in data.model_dump().items() if v is not None}
    store_record(session, settings=settings, profile=profile, record={**new, **kept})
    profile.last_activity_at = utcnow()
    session.add(profile)
    audit.record(
        session,
        actor=user,
        action="identity.written",
        object_type="profile",
        object_id=profile.id,
        fields=sorted(new),
    )
    session.commit()


def read_identity(
    session: Session, *, actor: User | None, settings: Settings, profile_id: int
) -> IdentityData | None:
    """The identity of a profile, or None if none is recorded; the read is audited."""
    profile = _profile(session, profile_id)
    user = require_profile_access(actor, profile)
    record = load_record(session, settings=settings, profile=profile)
    audit.record(
        session,
        actor=user,
        action="identity.read",
        object_type="profile",
        object_id=profile.id,
        found=bool(record),
    )
    session.commit()
    if not record:
        return None
    return IdentityData.model_validate({k: v for k, v in record.items() if k != "employer_notes"})
