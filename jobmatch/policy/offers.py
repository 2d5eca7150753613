"""Who may see and change offers."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false
from sqlmodel import col, select

from jobmatch.errors import Conflict, Forbidden, NotFound
from jobmatch.models import Offer, Organisation, User
from jobmatch.models.enums import OfferStatus, Role
from jobmatch.policy.roles import NETWORK_STAFF, require_user


def manages_organisation(actor: User, organisation: Organisation) -> bool:
    """An employer manages its own company; an association manages itself and its members."""
    if actor.role == Role.EMPLOYER:
        return actor.organisation_id == organisation.id
    if actor.role == Role.ASSOCIATION:
        return actor.organisation_id in (organisation.id, organisation.association_id)
    return False


def can_edit_offer(actor: User | None, offer: Offer, owner: Organisation) -> bool:
    """The owning employer, or its association (who may also have posted it)."""
    if actor is None or not actor.active:
        return False
    if actor.role == Role.ASSOCIATION and offer.posted_by_id == actor.organisation_id:
        return True
    return manages_organisation(actor, owner)


def can_view_offer(actor: User | None, offer: Offer, owner: Organisation) -> bool:
    """Drafts stay with their owners; published offers are seen by the network's staff."""
    if actor is None or not actor.active:
        return False
    if can_edit_offer(actor, offer, owner):
        return True
    return actor.role in NETWORK_STAFF and offer.status != OfferStatus.DRAFT


def require_view_offer(actor: User | None, offer: Offer, owner: Organisation) -> User:
    user = require_user(actor)
    if not can_view_offer(user, offer, owner):
        raise NotFound("No such offer.")
    return user


def require_edit_offer(actor: User | None, offer: Offer, owner: Organisation) -> User:
    user = require_view_offer(actor, offer, owner)
    if not can_edit_offer(user, offer, owner):
        raise Forbidden("Only the employer who posted this offer can change it.")
    return user


def require_post_offer_for(actor: User | None, organisation: Organisation) -> User:
    """Employers post for themselves; associations for themselves or a member company."""
    user = require_user(actor)
    if user.role not in (Role.EMPLOYER, Role.ASSOCIATION):
        raise Forbidden("Only employers and their associations post offers.")
    if not manages_organisation(user, organisation):
        raise Forbidden("You can post offers only for your organisation or its members.")
    return user


def visible_offers(actor: User) -> ColumnElement[bool]:
    """The SQL condition of the offers ``actor`` may list (the same rule as ``can_view_offer``)."""
    org = actor.organisation_id
    if actor.role == Role.EMPLOYER:
        return col(Offer.organisation_id) == org
    if actor.role == Role.ASSOCIATION:
        members = select(Organisation.id).where(Organisation.association_id == org)
        return (
            (col(Offer.organisation_id) == org)
            | (col(Offer.posted_by_id) == org)
            | col(Offer.organisation_id).in_(members)
        )
    if actor.role in NETWORK_STAFF:
        return col(Offer.status) != OfferStatus.DRAFT
    return false()


def require_candidates_access(actor: User | None, offer: Offer, owner: Organisation) -> User:
    """Anonymised candidates are for the employer side of the offer, and only while it is open."""
    user = require_view_offer(actor, offer, owner)
    if not can_edit_offer(user, offer, owner):
        raise Forbidden("Only the employer of this offer and its association see its candidates.")
    return user


def require_open_offer(offer: Offer) -> None:
    if offer.status != OfferStatus.OPEN:
        raise Conflict("This offer is not open: candidates are shown for open offers only.")
