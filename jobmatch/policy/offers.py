"""Who may see and change offers."""

from __future__ import annotations

from jobmatch.errors import Forbidden, NotFound
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
