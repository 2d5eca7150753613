"""The facts reports count: one per offer, active profile, introduction or outcome in the
coordinator's networks, with its month, region, sector, organisation and offer kind.

Facts tied to a person count only while that person's consent for reporting is valid; outcomes
kept after an erasure (no profile any more) count anonymously.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlmodel import Session, select

from jobmatch.models import (
    Consent,
    Introduction,
    Offer,
    Organisation,
    OutcomeEvent,
    Profile,
)
from jobmatch.models.enums import (
    ConsentScope,
    DeclineReason,
    IntroductionStatus,
    OfferStatus,
    OutcomeKind,
    ProfileStatus,
)
from jobmatch.models.profiles import consent_valid_on
from jobmatch.policy import NetworkScope

RETENTION_MONTHS = (1, 3, 6, 12)


@dataclass(frozen=True)
class Fact:
    """One thing counted: a column of a table, where and when it happened."""

    column: str
    day: date
    region: str
    sector: str
    organisation_id: int | None
    organisations: frozenset[int]
    kind: str | None
    weight: int = 1


class OfferRow(NamedTuple):
    id: int
    organisation_id: int
    network_id: int | None
    kind: str
    region: str
    sector: str | None
    places: int
    published_at: datetime | None
    created_at: datetime


class OrganisationRow(NamedTuple):
    id: int
    name: str
    region: str


class ProfileRow(NamedTuple):
    id: int
    organisation_id: int
    status: str
    created_at: datetime


class IntroductionRow(NamedTuple):
    offer_id: int
    profile_id: int | None
    status: str
    decline_reason: str | None
    created_at: datetime
    decided_at: datetime | None
    updated_at: datetime


class OutcomeRow(NamedTuple):
    offer_id: int | None
    profile_id: int | None
    organisation_id: int | None
    kind: str
    date: date
    months: int | None


@dataclass
class World:
    """The rows a report reads, loaded once per request and already limited to the scope.

    Only the columns the facts use, as tuples: whole rows (the offers' and profiles' JSON
    columns) made loading the world most of a report's time.
    """

    offers: dict[int, OfferRow]
    organisations: dict[int, OrganisationRow]
    profiles: dict[int, ProfileRow]
    reporting: set[int]
    introductions: list[IntroductionRow]
    outcomes: list[OutcomeRow]


def day_of(value: datetime | date | None) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value or date.today()


_Row = TypeVar("_Row", bound=tuple[Any, ...])


def _rows(session: Session, row: type[_Row], model: Any, where: Any = None) -> list[_Row]:
    """The ``row`` fields of ``model``'s rows (same names), as ``row`` tuples."""
    statement = select(*(getattr(model, name) for name in row._fields))  # type: ignore[attr-defined]
    if where is not None:
        statement = statement.where(where)
    return [row(*values) for values in session.exec(statement).all()]


def load_world(session: Session, scope: NetworkScope, today: date) -> World:
    organisations = {o.id: o for o in _rows(session, OrganisationRow, Organisation) if o.id}
    orgs = scope.organisation_ids

    def in_scope_offer(offer: OfferRow) -> bool:
        return (
            scope.everything
            or offer.organisation_id in orgs
            or offer.network_id in scope.network_ids
        )

    offers = {
        o.id: o
        for o in _rows(session, OfferRow, Offer, Offer.status != OfferStatus.DRAFT)
        if o.id is not None and in_scope_offer(o)
    }
    profiles = {
        p.id: p
        for p in _rows(session, ProfileRow, Profile)
        if p.id is not None and (scope.everything or p.organisation_id in orgs)
    }
    consents = session.exec(
        select(Consent.profile_id, Consent.scopes).where(*consent_valid_on(today))
    ).all()
    reporting = {profile_id for profile_id, scopes in consents if ConsentScope.REPORTING in scopes}
    introductions = [
        i
        for i in _rows(session, IntroductionRow, Introduction)
        if i.offer_id in offers or (i.profile_id is not None and i.profile_id in profiles)
    ]
    outcomes = [
        e
        for e in _rows(session, OutcomeRow, OutcomeEvent)
        if (e.offer_id is not None and e.offer_id in offers)
        or (e.profile_id is not None and e.profile_id in profiles)
        or (e.organisation_id is not None and (scope.everything or e.organisation_id in orgs))
    ]
    return World(offers, organisations, profiles, reporting, introductions, outcomes)


def _counted(world: World, profile_id: int | None) -> bool:
    """A person counts while their reporting consent is valid; an erased one anonymously."""
    return profile_id is None or profile_id in world.reporting


def _offer_fact(
    world: World, column: str, day: date, offer_id: int | None, profile_org: int | None
) -> Fact:
    """A fact placed where its offer is; the organisation filter also matches the person's."""
    offer = world.offers.get(offer_id) if offer_id is not None else None
    orgs = {profile_org} if profile_org is not None else set()
    if offer is None:
        return Fact(column, day, "", "", None, frozenset(orgs), None)
    orgs.add(offer.organisation_id)
    return Fact(
        column,
        day,
        offer.region,
        offer.sector or "",
        offer.organisation_id,
        frozenset(orgs),
        offer.kind,
    )


def _offer_facts(world: World, weight_places: bool) -> Iterable[Fact]:
    for offer in world.offers.values():
        yield Fact(
            offer.kind,
            day_of(offer.published_at or offer.created_at),
            offer.region,
            offer.sector or "",
            offer.organisation_id,
            frozenset({offer.organisation_id}),
            offer.kind,
            offer.places if weight_places else 1,
        )


def _profile_facts(world: World) -> Iterable[Fact]:
    for profile in world.profiles.values():
        if profile.status != ProfileStatus.ACTIVE or not _counted(world, profile.id):
            continue
        organisation = world.organisations.get(profile.organisation_id)
        yield Fact(
            "active",
            day_of(profile.created_at),
            organisation.region if organisation else "",
            "",
            profile.organisation_id,
            frozenset({profile.organisation_id}),
            None,
        )


def _profile_org(world: World, profile_id: int | None) -> int | None:
    profile = world.profiles.get(profile_id) if profile_id is not None else None
    return profile.organisation_id if profile else None


def _introduction_facts(world: World) -> Iterable[Fact]:
    for intro in world.introductions:
        if not _counted(world, intro.profile_id):
            continue
        yield _offer_fact(
            world,
            intro.status,
            day_of(intro.created_at),
            intro.offer_id,
            profile_org=_profile_org(world, intro.profile_id),
        )


def _decline_facts(world: World) -> Iterable[Fact]:
    for intro in world.introductions:
        if intro.status != IntroductionStatus.DECLINED or not _counted(world, intro.profile_id):
            continue
        yield _offer_fact(
            world,
            intro.decline_reason or DeclineReason.OTHER,
            day_of(intro.decided_at or intro.updated_at),
            intro.offer_id,
            profile_org=_profile_org(world, intro.profile_id),
        )


def _outcome_facts(world: World, kinds: set[str]) -> Iterable[tuple[Fact, OutcomeRow]]:
    for event in world.outcomes:
        if event.kind not in kinds or not _counted(world, event.profile_id):
            continue
        column = event.kind
        if event.kind == OutcomeKind.RETAINED:
            if event.months not in RETENTION_MONTHS:
                continue
            column = f"retained_{event.months}m"
        fact = _offer_fact(
            world,
            column,
            event.date,
            event.offer_id,
            profile_org=event.organisation_id or _profile_org(world, event.profile_id),
        )
        yield fact, event


def facts_for(world: World, key: str) -> tuple[list[Fact], dict[Fact, int]]:
    """The facts of a table and, for the time to placement, each fact's days."""
    days: dict[Fact, int] = {}
    if key in ("offers", "places"):
        return list(_offer_facts(world, weight_places=key == "places")), days
    if key == "profiles":
        return list(_profile_facts(world)), days
    if key == "introductions":
        return list(_introduction_facts(world)), days
    if key == "declines":
        return list(_decline_facts(world)), days
    if key == "placements":
        kinds = {OutcomeKind.HIRED.value, OutcomeKind.RETAINED.value}
        return [f for f, _ in _outcome_facts(world, kinds)], days
    if key == "time_to_placement":
        facts = []
        for fact, event in _outcome_facts(world, {OutcomeKind.HIRED.value}):
            profile = world.profiles.get(event.profile_id) if event.profile_id else None
            if profile is None:
                continue
            facts.append(fact)
            days[fact] = (event.date - day_of(profile.created_at)).days
        return facts, days
    # outcomes: introductions, approvals and the outcome events, side by side
    introductions = list(_introduction_facts(world))
    facts = [replace(f, column="introductions") for f in introductions]
    facts += [f for f in introductions if f.column == IntroductionStatus.APPROVED]
    kinds = {"hired", "started", "retained", "ended"}
    facts += [f for f, _ in _outcome_facts(world, kinds)]
    return facts, days
