"""Export and import of offers and profiles in the exchange format (JSON Lines).

A profile's export holds no identity: the vault never leaves through this door.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

from pydantic import ValidationError
from sqlmodel import Session, col, select

from jobmatch.errors import Invalid
from jobmatch.models import Offer, Organisation, Profile
from jobmatch.models._common import utcnow
from jobmatch.models.enums import OfferStatus, ProfileStatus
from jobmatch.schemas.exchange import OfferData, ProfileData
from jobmatch.services.references import new_profile_reference

# What one function handles for both offers and profiles.
Row = TypeVar("Row", Offer, Profile)
Data = TypeVar("Data", OfferData, ProfileData)

OFFER_FIELDS = tuple(f for f in OfferData.model_fields if f != "id")
PROFILE_FIELDS = tuple(f for f in ProfileData.model_fields if f != "id")


def offer_to_exchange(offer: Offer) -> dict[str, Any]:
    """An offer as an exchange-format object; ``id`` is its exchange id or ``O<id>``."""
    data = {name: getattr(offer, name) for name in OFFER_FIELDS}
    data["start"] = offer.start.isoformat() if offer.start else None
    return {"id": offer.external_id or f"O{offer.id}", **data}


def profile_to_exchange(profile: Profile) -> dict[str, Any]:
    """A profile as an exchange-format object (anonymised by construction)."""
    data = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    data["available_from"] = profile.available_from.isoformat() if profile.available_from else None
    return {"id": profile.external_id or profile.reference, **data}


def offer_fields(data: OfferData) -> dict[str, Any]:
    """The model fields of a validated exchange offer."""
    dumped = data.model_dump(exclude={"id"})
    return dumped


def profile_fields(data: ProfileData) -> dict[str, Any]:
    return data.model_dump(exclude={"id"})


@dataclass
class ImportReport:
    offers_created: int = 0
    offers_updated: int = 0
    profiles_created: int = 0
    profiles_updated: int = 0
    errors: list[str] = field(default_factory=list)


def _lines(handle: TextIO) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise Invalid(f"line {number}: not valid JSON ({exc.msg})") from exc


def _explain(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())


def _export(
    session: Session,
    out: TextIO,
    model: type[Row],
    to_exchange: Callable[[Row], dict[str, Any]],
) -> int:
    """Write every row of ``model`` as a line, with its organisation's name and its status."""
    count = 0
    for row in session.exec(select(model).order_by(col(model.id))):
        owner = session.get(Organisation, row.organisation_id)
        record = to_exchange(row)
        record["organisation"] = owner.name if owner else None
        record["status"] = row.status
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_offers(session: Session, out: TextIO) -> int:
    return _export(session, out, Offer, offer_to_exchange)


def export_profiles(session: Session, out: TextIO) -> int:
    return _export(session, out, Profile, profile_to_exchange)


def _owner(
    session: Session, record: dict[str, Any], default: Organisation | None, number: int
) -> Organisation:
    name = record.pop("organisation", None)
    if name:
        found = session.exec(select(Organisation).where(Organisation.name == name)).first()
        if found is not None:
            return found
    if default is None:
        raise Invalid(f"line {number}: no organisation; name one with --organisation")
    return default


def _records(
    session: Session,
    lines: TextIO,
    *,
    organisation: Organisation | None,
    schema: type[Data],
    default_status: str,
    what: str,
) -> Iterator[tuple[int, str, Data]]:
    """Each line validated as ``schema``, with its owner's id and its status."""
    for number, record in _lines(lines):
        owner = _owner(session, record, organisation, number)
        status = record.pop("status", default_status)
        try:
            data = schema.model_validate(record)
        except ValidationError as exc:
            raise Invalid(f"{what} line {number}: {_explain(exc)}") from exc
        assert owner.id is not None
        yield owner.id, status, data


def _update_existing(
    session: Session, model: type[Row], exchange_id: str | None, fields: dict[str, Any]
) -> bool:
    """Update the row of ``model`` with this exchange id, if there is one."""
    existing = (
        session.exec(select(model).where(model.external_id == exchange_id)).first()
        if exchange_id
        else None
    )
    if existing is None:
        return False
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.updated_at = utcnow()
    session.add(existing)
    return True


def import_offers(
    session: Session, lines: TextIO, *, organisation: Organisation | None, report: ImportReport
) -> None:
    """Create or update (by exchange id) every offer of ``lines``; all or nothing."""
    for owner_id, status, data in _records(
        session,
        lines,
        organisation=organisation,
        schema=OfferData,
        default_status=OfferStatus.OPEN,
        what="offers",
    ):
        fields = offer_fields(data)
        if _update_existing(session, Offer, data.id, fields):
            report.offers_updated += 1
            continue
        offer = Offer(external_id=data.id, organisation_id=owner_id, status=status, **fields)
        if status != OfferStatus.DRAFT:
            offer.published_at = utcnow()
        session.add(offer)
        report.offers_created += 1
    session.flush()


def import_profiles(
    session: Session, lines: TextIO, *, organisation: Organisation | None, report: ImportReport
) -> None:
    """Create or update (by exchange id) every profile of ``lines``; all or nothing."""
    for owner_id, status, data in _records(
        session,
        lines,
        organisation=organisation,
        schema=ProfileData,
        default_status=ProfileStatus.ACTIVE,
        what="profiles",
    ):
        fields = profile_fields(data)
        if _update_existing(session, Profile, data.id, fields):
            report.profiles_updated += 1
            continue
        profile = Profile(
            external_id=data.id,
            reference=new_profile_reference(session),
            organisation_id=owner_id,
            status=status,
            **fields,
        )
        session.add(profile)
        # Written at once, so that the next new reference is checked against this one.
        session.flush()
        report.profiles_created += 1
    session.flush()


def read_jsonl(handle: Iterable[str]) -> list[dict[str, Any]]:
    """Parse JSON Lines (used by tests and the batch commands)."""
    return [json.loads(line) for line in handle if line.strip()]
