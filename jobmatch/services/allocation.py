"""Network allocation: the engine's exact assignment of active, consenting people to open places
in a coordinator's networks.

The coordinator sees the run only in aggregate (places filled by region and sector, people left
without a suggestion and why), protected like every report. Each suggestion goes to the
caseworkers of the person's organisation as a proposal they may act on (open the offer, start an
introduction) or dismiss; a new run supersedes the proposals of the last one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from jobmatch.config import Settings
from jobmatch.errors import Conflict, NotFound
from jobmatch.matching.allocation import allocate
from jobmatch.models import (
    AllocationRun,
    AllocationSuggestion,
    Membership,
    Network,
    Offer,
    Profile,
    User,
)
from jobmatch.models._common import utcnow
from jobmatch.models.enums import PLACEMENT_KINDS, OfferStatus, ProfileStatus
from jobmatch.policy import can_view_profile, require_caseworker, require_network_reader
from jobmatch.services import audit, matching, reports

CANDIDATES = 20
ALTERNATIVES = 3

PROPOSED, DISMISSED, SUPERSEDED = "proposed", "dismissed", "superseded"

# Why someone has no suggestion, in the order the coordinator reads them.
OUTCOME_LABELS = {
    "suggested": "A place was suggested",
    "places_taken": "Places that fit went to people with a closer fit",
    "no_admissible_offer": "No open place in the network fits (hard rules)",
    "no_matching_consent": "Not considered: no valid consent to matching",
}


def _network_members(session: Session) -> dict[int, set[int]]:
    """Each network's member organisations, including those of its sub-networks."""
    networks = session.exec(select(Network)).all()
    direct: dict[int, set[int]] = defaultdict(set)
    for membership in session.exec(select(Membership)).all():
        direct[membership.network_id].add(membership.organisation_id)
    children: dict[int, list[int]] = defaultdict(list)
    for network in networks:
        if network.parent_id is not None and network.id is not None:
            children[network.parent_id].append(network.id)

    def members(network_id: int) -> set[int]:
        found = set(direct[network_id])
        for child in children[network_id]:
            found |= members(child)
        return found

    return {n.id: members(n.id) for n in networks if n.id is not None}


def run_allocation(
    session: Session, *, actor: User | None, network_id: int | None = None
) -> AllocationRun:
    """Allocate the active, consenting people of the coordinator's networks to open places."""
    user = require_network_reader(actor)
    scope = reports.network_scope(session, actor=user)
    if network_id is not None:
        scope = reports.narrow_scope(session, scope, network_id)
    profiles = [
        p
        for p in session.exec(select(Profile).where(Profile.status == ProfileStatus.ACTIVE)).all()
        if scope.has_organisation(p.organisation_id)
    ]
    offers = {
        o.id: o
        for o in session.exec(
            select(Offer)
            .where(Offer.status == OfferStatus.OPEN)
            .where(col(Offer.kind).in_(PLACEMENT_KINDS))
        ).all()
        if o.id is not None
        and (scope.has_organisation(o.organisation_id) or scope.has_network(o.network_id))
    }
    members = _network_members(session)
    considered: list[Profile] = []
    reasons: dict[str, int] = defaultdict(int)
    scores: dict[tuple[str, str], float] = {}
    for profile in profiles:
        if not matching.is_matchable(session, profile):
            reasons["no_matching_consent"] += 1
            continue
        considered.append(profile)
        for match in matching.offers_for_profile(
            session,
            profile=profile,
            limit=CANDIDATES,
            kinds=set(PLACEMENT_KINDS),
            with_training=False,
        ):
            offer = offers.get(match.offer.id or 0)
            # An offer open to one regional network is for the people that network supports.
            if offer is None or (
                offer.network_id is not None
                and profile.organisation_id not in members.get(offer.network_id, set())
            ):
                continue
            scores[(str(profile.id), str(offer.id))] = match.score
    places = {str(o_id): o.places for o_id, o in offers.items()}
    allocations = allocate(
        [str(p.id) for p in considered], places, scores, alternatives=ALTERNATIVES
    )
    run = AllocationRun(created_by_id=user.id, network_ids=sorted(scope.network_ids))
    session.add(run)
    session.flush()
    assert run.id is not None
    _supersede(session, [p.id for p in profiles if p.id is not None])
    filled: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    suggestions = 0
    for allocation in allocations:
        has_any = any(pid == allocation.profile_id for pid, _ in scores)
        if allocation.offer_id is None:
            reasons["places_taken" if has_any else "no_admissible_offer"] += 1
        else:
            reasons["suggested"] += 1
            offer = offers[int(allocation.offer_id)]
            filled[offer.region][offer.sector or "unknown"] += 1
        # Only a person given a place gets proposals: that place first, then the alternatives.
        ranked = (
            [(allocation.offer_id, allocation.score), *allocation.alternatives]
            if allocation.offer_id is not None
            else []
        )
        for rank, (offer_id, score) in enumerate(ranked, start=1):
            session.add(
                AllocationSuggestion(
                    run_id=run.id,
                    profile_id=int(allocation.profile_id),
                    offer_id=int(offer_id),
                    score=round(score, 2),
                    rank=rank,
                )
            )
            suggestions += 1
    open_places: dict[str, int] = defaultdict(int)
    for offer in offers.values():
        open_places[offer.region] += offer.places
    run.summary = {
        "reasons": dict(reasons),
        "filled": {region: dict(sectors) for region, sectors in filled.items()},
        "open_places": dict(open_places),
    }
    session.add(run)
    audit.record(
        session,
        actor=user,
        action="allocation.run",
        object_type="allocation_run",
        object_id=run.id,
        suggestions=suggestions,
    )
    session.commit()
    return run


def _supersede(session: Session, profile_ids: list[int]) -> None:
    if not profile_ids:
        return
    for old in session.exec(
        select(AllocationSuggestion)
        .where(AllocationSuggestion.status == PROPOSED)
        .where(col(AllocationSuggestion.profile_id).in_(profile_ids))
    ).all():
        old.status = SUPERSEDED
        old.decided_at = utcnow()
        session.add(old)


# --- what the coordinator sees --------------------------------------------------------------


@dataclass
class RunSummary:
    run: AllocationRun
    outcomes: reports.ReportTable
    filled: reports.ReportTable
    places: reports.ReportTable


def latest_run(session: Session, *, actor: User | None) -> AllocationRun | None:
    """The coordinator's latest run: one whose networks are all theirs."""
    user = require_network_reader(actor)
    scope = reports.network_scope(session, actor=user)
    runs = session.exec(
        select(AllocationRun).order_by(col(AllocationRun.created_at).desc()).limit(50)
    ).all()
    for run in runs:
        if scope.everything or set(run.network_ids) <= scope.network_ids:
            return run
    return None


def run_summary(session: Session, *, actor: User | None, settings: Settings) -> RunSummary | None:
    """The latest run in counts, protected (no person is listed or identifiable)."""
    run = latest_run(session, actor=actor)
    if run is None:
        return None
    threshold = settings.suppression_threshold
    reasons = run.summary.get("reasons", {})
    outcomes = reports.make_table(
        key="allocation_people",
        title="People in the allocation",
        by="outcome",
        rows=list(OUTCOME_LABELS),
        row_labels=list(OUTCOME_LABELS.values()),
        columns=[("people", "People")],
        counts=[[int(reasons.get(k, 0))] for k in OUTCOME_LABELS],
        row_totals=False,
        threshold=threshold,
    )
    filled_counts: dict[str, dict[str, int]] = run.summary.get("filled", {})
    regions = sorted(filled_counts)
    sectors = sorted({s for row in filled_counts.values() for s in row})
    filled = reports.make_table(
        key="allocation_filled",
        title="Places filled by region and sector",
        by="region",
        rows=regions,
        row_labels=regions,
        columns=[(s, s) for s in sectors] or [("none", "–")],
        counts=[[int(filled_counts[r].get(s, 0)) for s in sectors] for r in regions],
        row_totals=True,
        threshold=threshold,
    )
    open_places: dict[str, int] = run.summary.get("open_places", {})
    place_regions = sorted(open_places)
    places = reports.make_table(
        key="allocation_places",
        title="Open places by region",
        by="region",
        rows=place_regions,
        row_labels=place_regions,
        columns=[("places", "Open places")],
        counts=[[int(open_places[r])] for r in place_regions],
        row_totals=False,
        threshold=threshold,
    )
    return RunSummary(run=run, outcomes=outcomes, filled=filled, places=places)


# --- what the caseworker sees ---------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionView:
    id: int
    profile_id: int
    profile_reference: str
    offer_id: int
    offer_title: str
    offer_region: str
    offer_kind: str
    score: float
    rank: int
    created_at: datetime


def suggestions_for_caseworker(session: Session, *, actor: User | None) -> list[SuggestionView]:
    """Open proposals for the people of the caseworker's organisation, best first per person."""
    user = require_caseworker(actor)
    rows = session.exec(
        select(AllocationSuggestion, Profile, Offer)
        .join(Profile, col(Profile.id) == AllocationSuggestion.profile_id)
        .join(Offer, col(Offer.id) == AllocationSuggestion.offer_id)
        .where(AllocationSuggestion.status == PROPOSED)
        .where(Profile.organisation_id == user.organisation_id)
        .where(Offer.status == OfferStatus.OPEN)
        .order_by(col(Profile.reference), col(AllocationSuggestion.rank))
    ).all()
    views = []
    for suggestion, profile, offer in rows:
        # A person who paused, was placed or withdrew consent gets no more proposals.
        if not can_view_profile(user, profile) or not matching.is_matchable(session, profile):
            continue
        assert suggestion.id is not None and profile.id is not None and offer.id is not None
        views.append(
            SuggestionView(
                id=suggestion.id,
                profile_id=profile.id,
                profile_reference=profile.reference,
                offer_id=offer.id,
                offer_title=offer.title,
                offer_region=offer.region,
                offer_kind=offer.kind,
                score=suggestion.score,
                rank=suggestion.rank,
                created_at=suggestion.created_at,
            )
        )
    return views


def dismiss_suggestion(
    session: Session, *, actor: User | None, suggestion_id: int
) -> AllocationSuggestion:
    """The caseworker sets a proposal aside; it does not come back until a new run."""
    user = require_caseworker(actor)
    suggestion = session.get(AllocationSuggestion, suggestion_id)
    profile = session.get(Profile, suggestion.profile_id) if suggestion else None
    if suggestion is None or profile is None or not can_view_profile(user, profile):
        raise NotFound("No such suggestion.")
    if suggestion.status != PROPOSED:
        raise Conflict("This suggestion was already set aside or replaced by a newer one.")
    suggestion.status = DISMISSED
    suggestion.decided_at = utcnow()
    session.add(suggestion)
    audit.record(
        session,
        actor=user,
        action="allocation.suggestion_dismissed",
        object_type="allocation_suggestion",
        object_id=suggestion.id,
    )
    session.commit()
    return suggestion
