"""Offers: employers and their associations post, edit, publish, close and fill them.

draft → open → filled | closed (a draft can also be closed). Every change tells the matching
service, in the same transaction, that its index must be refreshed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from jobmatch import policy
from jobmatch.errors import Conflict, Forbidden, Invalid, Message, NotFound
from jobmatch.models import Offer, Organisation, User
from jobmatch.models._common import utcnow
from jobmatch.models.enums import OfferKind, OfferStatus, Role
from jobmatch.schemas.exchange import OfferData, check_region
from jobmatch.services import audit, introductions, matching
from jobmatch.services.exchange import OFFER_FIELDS, offer_fields
from jobmatch.services.organisations import REGION_MESSAGE

MAX_PER_PAGE = 200
# Where an offer may go from each status.
TRANSITIONS: dict[str, frozenset[str]] = {
    OfferStatus.DRAFT: frozenset({OfferStatus.OPEN, OfferStatus.CLOSED}),
    OfferStatus.OPEN: frozenset({OfferStatus.FILLED, OfferStatus.CLOSED}),
    OfferStatus.FILLED: frozenset({OfferStatus.CLOSED}),
    OfferStatus.CLOSED: frozenset(),
}
EDITABLE = frozenset({OfferStatus.DRAFT, OfferStatus.OPEN})
# The values a filter or a change may name, as words a page translates.
STATUS_WORDS = [Message(s.value) for s in OfferStatus]
KIND_WORDS = [Message(k.value) for k in OfferKind]


@dataclass
class OfferDetail:
    """An offer with the company it is for and the association that posted it, if any."""

    offer: Offer
    owner: Organisation
    posted_by: Organisation | None


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


def validate_offer(data: dict[str, Any]) -> OfferData:
    """``data`` as an exchange-format offer, or ``Invalid`` naming each wrong field."""
    try:
        return OfferData.model_validate(data)
    except ValidationError as exc:
        fields: dict[str, str] = {}
        for error in exc.errors():
            loc = error.get("loc") or ("offer",)
            fields.setdefault(str(loc[0]), _message(dict(error)))
        raise Invalid("Some fields of the offer are not valid.", fields) from exc


def _detail(session: Session, offer: Offer) -> OfferDetail:
    owner = session.get(Organisation, offer.organisation_id)
    if owner is None:
        raise NotFound("No such offer.")
    posted_by = session.get(Organisation, offer.posted_by_id) if offer.posted_by_id else None
    return OfferDetail(offer=offer, owner=owner, posted_by=posted_by)


def _visible(session: Session, actor: User | None, offer_id: int) -> tuple[User, OfferDetail]:
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFound("No such offer.")
    detail = _detail(session, offer)
    user = policy.require_view_offer(actor, offer, detail.owner)
    return user, detail


def organisations_for_posting(session: Session, *, actor: User | None) -> list[Organisation]:
    """The organisations ``actor`` may post for: its own, and an association's member companies."""
    user = policy.require_role(actor, Role.EMPLOYER, Role.ASSOCIATION)
    own = session.get(Organisation, user.organisation_id)
    assert own is not None
    if user.role != Role.ASSOCIATION:
        return [own]
    members = session.exec(
        select(Organisation)
        .where(Organisation.association_id == own.id, col(Organisation.active))
        .order_by(Organisation.name)
    ).all()
    return [own, *members]


def create_offer(
    session: Session,
    *,
    actor: User | None,
    data: dict[str, Any] | OfferData,
    organisation_id: int | None = None,
    status: str = OfferStatus.OPEN,
) -> OfferDetail:
    """Post an offer for the actor's organisation or, for an association, for a member."""
    user = policy.require_role(actor, Role.EMPLOYER, Role.ASSOCIATION)
    owner = session.get(Organisation, organisation_id or user.organisation_id)
    if owner is None:
        raise Invalid("Choose the company this offer is for.", {"organisation": "No such company."})
    try:
        policy.require_post_offer_for(user, owner)
    except Forbidden as exc:
        raise Invalid(exc.message, {"organisation": exc.message}) from exc
    if status not in (OfferStatus.DRAFT, OfferStatus.OPEN):
        raise Invalid("A new offer is a draft or open.", {"status": "Use draft or open."})
    offer_data = data if isinstance(data, OfferData) else validate_offer(data)
    if (
        offer_data.id
        and session.exec(select(Offer.id).where(Offer.external_id == offer_data.id)).first()
    ):
        raise Invalid("This exchange id is taken.", {"id": "Another offer already has this id."})
    assert owner.id is not None
    # An association posting for a member company: the offer shows both names.
    posted_by_id = user.organisation_id if owner.id != user.organisation_id else None
    offer = Offer(
        external_id=offer_data.id,
        organisation_id=owner.id,
        posted_by_id=posted_by_id,
        created_by_id=user.id,
        status=status,
        published_at=utcnow() if status == OfferStatus.OPEN else None,
        **offer_fields(offer_data),
    )
    session.add(offer)
    session.flush()
    audit.record(
        session,
        actor=user,
        action="offer.created",
        object_type="offer",
        object_id=offer.id,
        status=status,
        organisation_id=owner.id,
    )
    matching.mark_changed(session, offer=offer)
    session.commit()
    return _detail(session, offer)


def get_offer(session: Session, *, actor: User | None, offer_id: int) -> OfferDetail:
    """One offer the actor may see (``NotFound`` otherwise, drafts of others included)."""
    return _visible(session, actor, offer_id)[1]


def can_edit(detail: OfferDetail, actor: User | None) -> bool:
    """Whether ``actor`` may change this offer (for showing or hiding the page's actions)."""
    return policy.can_edit_offer(actor, detail.offer, detail.owner)


def get_offer_for_edit(session: Session, *, actor: User | None, offer_id: int) -> OfferDetail:
    """One offer the actor may change."""
    _user, detail = _visible(session, actor, offer_id)
    policy.require_edit_offer(actor, detail.offer, detail.owner)
    return detail


def list_offers(
    session: Session,
    *,
    actor: User | None,
    status: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    organisation_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[OfferDetail], int]:
    """The offers the actor may see, newest first, and how many there are in all.

    ``region`` keeps offers inside a NUTS region (``ITC1`` keeps ``ITC11``).
    """
    user = policy.require_user(actor)
    errors: dict[str, str] = {}
    if status and status not in {s.value for s in OfferStatus}:
        errors["status"] = Message("Use one of: %(values)s.", values=STATUS_WORDS)
    if kind and kind not in {k.value for k in OfferKind}:
        errors["kind"] = Message("Use one of: %(values)s.", values=KIND_WORDS)
    if region:
        try:
            region = check_region(region)
        except ValueError:
            errors["region"] = REGION_MESSAGE
    if page < 1:
        errors["page"] = "Pages start at 1."
    if not 1 <= per_page <= MAX_PER_PAGE:
        errors["per_page"] = Message("Ask for 1 to %(n)s offers per page.", n=MAX_PER_PAGE)
    if errors:
        raise Invalid("Some filters are not valid.", errors)
    conditions = [policy.visible_offers(user)]
    if status:
        conditions.append(col(Offer.status) == status)
    if kind:
        conditions.append(col(Offer.kind) == kind)
    if region:
        conditions.append(col(Offer.region).startswith(region))
    if organisation_id is not None:
        conditions.append(col(Offer.organisation_id) == organisation_id)
    total = session.exec(select(func.count()).select_from(Offer).where(*conditions)).one()
    offers = session.exec(
        select(Offer)
        .where(*conditions)
        .order_by(col(Offer.updated_at).desc(), col(Offer.id).desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return [_detail(session, offer) for offer in offers], int(total)


def offer_as_data(offer: Offer) -> dict[str, Any]:
    """The exchange-format fields of an offer (for forms and merges)."""
    data = {name: getattr(offer, name) for name in OFFER_FIELDS}
    data["id"] = offer.external_id
    return data


def update_offer(
    session: Session, *, actor: User | None, offer_id: int, changes: dict[str, Any]
) -> OfferDetail:
    """Change any exchange-format field (and ``status``, which moves the offer along)."""
    detail = get_offer_for_edit(session, actor=actor, offer_id=offer_id)
    offer = detail.offer
    changes = dict(changes)
    new_status = changes.pop("status", None)
    if changes:
        if offer.status not in EDITABLE:
            raise Conflict("This offer is closed or filled, so it can no longer be changed.")
        unknown = sorted(set(changes) - set(OFFER_FIELDS) - {"id"})
        if unknown:
            raise Invalid(
                "Some fields are not offer fields.", {name: "Unknown field." for name in unknown}
            )
        merged = validate_offer({**offer_as_data(offer), **changes})
        if merged.id and merged.id != offer.external_id:
            taken = session.exec(
                select(Offer.id).where(Offer.external_id == merged.id, Offer.id != offer.id)
            ).first()
            if taken:
                raise Invalid("This exchange id is taken.", {"id": "Another offer has this id."})
        offer.external_id = merged.id
        for name, value in offer_fields(merged).items():
            setattr(offer, name, value)
        offer.updated_at = utcnow()
        session.add(offer)
        audit.record(
            session,
            actor=actor,
            action="offer.updated",
            object_type="offer",
            object_id=offer.id,
            fields=sorted(changes),
        )
        matching.mark_changed(session, offer=offer)
        session.commit()
    if new_status is not None and new_status != offer.status:
        return change_status(session, actor=actor, offer_id=offer_id, status=str(new_status))
    return _detail(session, offer)


def change_status(
    session: Session, *, actor: User | None, offer_id: int, status: str
) -> OfferDetail:
    """Publish (``open``), mark ``filled`` or ``closed``; ``Conflict`` for a move not allowed."""
    detail = get_offer_for_edit(session, actor=actor, offer_id=offer_id)
    offer = detail.offer
    if status not in {s.value for s in OfferStatus}:
        raise Invalid(
            "Unknown status.",
            {"status": Message("Use one of: %(values)s.", values=STATUS_WORDS)},
        )
    if status not in TRANSITIONS[offer.status]:
        raise Conflict(
            Message(
                "An offer that is %(old)s cannot become %(new)s.",
                old=Message(offer.status),
                new=Message(status),
            )
        )
    now = utcnow()
    offer.status = status
    offer.updated_at = now
    if status == OfferStatus.OPEN:
        offer.published_at = now
    if status in (OfferStatus.FILLED, OfferStatus.CLOSED):
        offer.closed_at = now
        # Requests still waiting for a caseworker have nothing left to ask for.
        assert offer.id is not None
        introductions.close_for_offer(session, actor=actor, offer_id=offer.id, why=status)
    session.add(offer)
    audit.record(
        session,
        actor=actor,
        action=f"offer.{status}",
        object_type="offer",
        object_id=offer.id,
    )
    matching.mark_changed(session, offer=offer)
    session.commit()
    return detail


def publish_offer(session: Session, *, actor: User | None, offer_id: int) -> OfferDetail:
    return change_status(session, actor=actor, offer_id=offer_id, status=OfferStatus.OPEN)


def close_offer(session: Session, *, actor: User | None, offer_id: int) -> OfferDetail:
    return change_status(session, actor=actor, offer_id=offer_id, status=OfferStatus.CLOSED)


def mark_filled(session: Session, *, actor: User | None, offer_id: int) -> OfferDetail:
    return change_status(session, actor=actor, offer_id=offer_id, status=OfferStatus.FILLED)
