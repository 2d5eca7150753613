"""Anonymised profiles: caseworkers write them, matching reads them, nobody else sees them.

Every free-text field goes through the identifying-content guard before anything is saved, and
every change tells the matching service in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from jobmatch.config import Settings
from jobmatch.errors import Invalid, Message, NotFound
from jobmatch.models import Organisation, Profile, User
from jobmatch.models._common import utcnow
from jobmatch.models.enums import ConsentScope, ProfileStatus
from jobmatch.policy import require_caseworker, require_profile_access
from jobmatch.schemas.exchange import ProfileData
from jobmatch.services import audit, identity, matching
from jobmatch.services.consents import valid_scopes
from jobmatch.services.exchange import PROFILE_FIELDS, profile_fields, profile_to_exchange
from jobmatch.services.identifying_content import profile_texts, refuse_identifying_content
from jobmatch.services.introductions import close_for_profile
from jobmatch.services.references import new_profile_reference

MAX_PER_PAGE = 200


def _message(error: dict[str, Any]) -> str:
    return str(error.get("msg", "is not valid")).removeprefix("Value error, ")


def validate_profile(data: dict[str, Any]) -> ProfileData:
    """``data`` as an exchange-format profile, or ``Invalid`` naming each wrong field."""
    try:
        return ProfileData.model_validate(data)
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for error in exc.errors():
            loc = error.get("loc") or ("profile",)
            fields.setdefault(".".join(str(p) for p in loc), _message(dict(error)))
        raise Invalid("Some fields of the profile are not valid.", fields) from exc


def own_names(session: Session, *, settings: Settings, profile: Profile) -> list[str]:
    """The person's own names from the vault, for the content guard (never shown)."""
    if profile.id is None:
        return []
    record = identity.load_record(session, settings=settings, profile=profile)
    return [str(record[k]) for k in ("full_name", "first_name") if record.get(k)]


def _guard(data: ProfileData, names: list[str]) -> None:
    refuse_identifying_content(
        profile_texts(
            [s.model_dump() for s in data.skills], [e.model_dump() for e in data.experience]
        ),
        own_names=names,
    )


def _external_id_free(session: Session, external_id: str, profile_id: int | None) -> None:
    found = session.exec(select(Profile.id).where(Profile.external_id == external_id)).first()
    if found is not None and found != profile_id:
        raise Invalid("This exchange id is already used.", {"id": "Another profile has this id."})


def check_can_create(*, actor: User | None) -> User:
    """Only caseworkers write profiles (for the new-profile page, before anything is typed)."""
    return require_caseworker(actor)


def create_profile(session: Session, *, actor: User | None, data: dict[str, Any]) -> Profile:
    """Create a profile for the caseworker's organisation, with a fresh reference code."""
    user = require_caseworker(actor)
    validated = validate_profile(data)
    _guard(validated, [])
    if validated.id:
        _external_id_free(session, validated.id, None)
    profile = Profile(
        reference=new_profile_reference(session),
        external_id=validated.id,
        organisation_id=user.organisation_id,
        created_by_id=user.id,
        **profile_fields(validated),
    )
    session.add(profile)
    session.flush()
    audit.record(
        session, actor=user, action="profile.created", object_type="profile", object_id=profile.id
    )
    matching.mark_changed(session, profile=profile)
    session.commit()
    return profile


def get_profile(session: Session, *, actor: User | None, profile_id: int) -> Profile:
    """A profile of the caseworker's organisation; for anyone else it does not exist."""
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise NotFound("No such profile.")
    require_profile_access(actor, profile)
    return profile


def list_profiles(
    session: Session,
    *,
    actor: User | None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Profile], int]:
    """The profiles of the caseworker's organisation, most recently changed first."""
    user = require_caseworker(actor)
    if status and status not in ProfileStatus.__members__.values():
        raise Invalid("Unknown status.", {"status": "Choose active, paused, placed or withdrawn."})
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise Invalid(
            "Bad page.",
            {"per_page": Message("Between 1 and %(n)s; page from 1.", n=MAX_PER_PAGE)},
        )
    where = [Profile.organisation_id == user.organisation_id]
    if status:
        where.append(Profile.status == status)
    total = int(session.exec(select(func.count()).select_from(Profile).where(*where)).one())
    rows = session.exec(
        select(Profile)
        .where(*where)
        .order_by(col(Profile.updated_at).desc(), col(Profile.id).desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), total


def update_profile(
    session: Session,
    *,
    actor: User | None,
    settings: Settings,
    profile_id: int,
    changes: dict[str, Any],
) -> Profile:
    """Change any exchange-format field (and ``status``); the whole result is validated and
    guarded (including against the person's own name) before anything is saved."""
    profile = get_profile(session, actor=actor, profile_id=profile_id)
    user = require_caseworker(actor)
    changes = dict(changes)
    status = changes.pop("status", None)
    if status is not None and status not in ProfileStatus.__members__.values():
        raise Invalid("Unknown status.", {"status": "Choose active, paused, placed or withdrawn."})
    merged = {**profile_to_exchange(profile), **changes}
    if "id" not in changes:
        merged["id"] = profile.external_id
    validated = validate_profile(merged)
    _guard(validated, own_names(session, settings=settings, profile=profile))
    if validated.id and validated.id != profile.external_id:
        _external_id_free(session, validated.id, profile.id)
    profile.external_id = validated.id
    for name, value in profile_fields(validated).items():
        setattr(profile, name, value)
    changed_fields = sorted(k for k in changes if k in PROFILE_FIELDS)
    if status is not None and status != profile.status:
        profile.status = status
        changed_fields.append("status")
        if status == ProfileStatus.WITHDRAWN:
            assert profile.id is not None
            close_for_profile(session, actor=user, profile_id=profile.id, why="profile_withdrawn")
    profile.updated_at = profile.last_activity_at = utcnow()
    session.add(profile)
    audit.record(
        session,
        actor=user,
        action="profile.updated",
        object_type="profile",
        object_id=profile.id,
        fields=changed_fields,
    )
    matching.mark_changed(session, profile=profile)
    session.commit()
    return profile


def consent_summary(session: Session, profile: Profile) -> dict[str, bool]:
    """For each consent scope, whether a valid consent covers it today."""
    assert profile.id is not None
    return consent_summaries(session, [profile])[profile.id]


def consent_summaries(session: Session, found: Iterable[Profile]) -> dict[int, dict[str, bool]]:
    """``consent_summary`` of each profile of a list, in one query."""
    covered = valid_scopes(session, [p.id for p in found if p.id is not None])
    return {
        profile_id: {scope.value: scope.value in scopes for scope in ConsentScope}
        for profile_id, scopes in covered.items()
    }


def profile_out(
    session: Session, profile: Profile, consent: dict[str, bool] | None = None
) -> dict[str, Any]:
    """A profile as the API answers it: the exchange fields, its id, reference and state
    (``consent``: its ``consent_summary``, when already known)."""
    data = profile_to_exchange(profile)
    data["exchange_id"] = profile.external_id
    data.update(
        id=profile.id,
        reference=profile.reference,
        status=profile.status,
        consent=consent if consent is not None else consent_summary(session, profile),
        created_at=profile.created_at,
        updated_at=profile.updated_at,
    )
    return data


@dataclass
class MatchFilters:
    kinds: set[str] | None = None
    region: str | None = None
    remote: bool | None = None


def matches_for_profile(
    session: Session,
    *,
    actor: User | None,
    profile_id: int,
    limit: int = 20,
    filters: MatchFilters | None = None,
) -> list[matching.OfferMatch]:
    """Open offers that fit a profile, best first, with explanation and training; [] when the
    profile is not active or has no valid consent for matching."""
    profile = get_profile(session, actor=actor, profile_id=profile_id)
    if not 1 <= limit <= MAX_PER_PAGE:
        raise Invalid("Bad limit.", {"limit": Message("Between 1 and %(n)s.", n=MAX_PER_PAGE)})
    filters = filters or MatchFilters()
    return matching.offers_for_profile(
        session,
        profile=profile,
        limit=limit,
        kinds=filters.kinds or None,
        region=filters.region or None,
        remote=filters.remote,
    )


def match_for_offer(
    session: Session, *, actor: User | None, profile_id: int, offer_id: int
) -> matching.OfferMatch | None:
    """The match of one offer for a profile (for an introduction's explanation), if admissible."""
    found = matches_for_profile(session, actor=actor, profile_id=profile_id, limit=MAX_PER_PAGE)
    return next((m for m in found if m.offer.id == offer_id), None)


def employer_names(session: Session, found: list[matching.OfferMatch]) -> dict[int, str]:
    """The names of the companies of matched offers and their trainings, by organisation id,
    in one query."""
    ids = {m.offer.organisation_id for m in found} | {
        t.offer.organisation_id for m in found for t in m.training
    }
    if not ids:
        return {}
    rows = session.exec(
        select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(ids))
    ).all()
    return {organisation_id: name for organisation_id, name in rows if organisation_id}
