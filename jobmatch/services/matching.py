"""The bridge between the database and the pure matching engine.

Each process keeps one :class:`~jobmatch.matching.engine.Matcher` per database, fitted on the open
offers and on the active profiles that consent to matching. Every change to an offer, a profile or a
consent appends a row to the ``MatchingChange`` log (:func:`mark_changed`, in the same transaction);
before answering, a process applies the rows it has not seen yet, one offer or profile at a time,
so several app processes behind a load balancer stay consistent without rebuilding.

These functions do not check access: the calling service asks the policy first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from jobmatch.matching import types as mt
from jobmatch.matching.engine import Matcher
from jobmatch.matching.index import compile_search
from jobmatch.matching.taxonomy import load_taxonomy
from jobmatch.matching.training import training_for
from jobmatch.models import Consent, MatchingChange, Offer, Profile
from jobmatch.models.enums import (
    PLACEMENT_KINDS,
    ConsentScope,
    OfferKind,
    OfferStatus,
    ProfileStatus,
)
from jobmatch.models.profiles import consent_valid_on
from jobmatch.services.exchange import offer_to_exchange, profile_to_exchange

# Past this many unseen changes, a rebuild is cheaper than applying them one by one.
REBUILD_AFTER = 2000


@dataclass(frozen=True)
class SkillRef:
    """A skill in an explanation: an ESCO URI with its label, or free text (``uri`` None)."""

    uri: str | None
    label: str


@dataclass(frozen=True)
class Explanation:
    matched: list[SkillRef]
    missing: list[SkillRef]
    related: list[SkillRef]
    parts: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        def refs(items: list[SkillRef]) -> list[dict[str, str | None]]:
            return [{"uri": s.uri, "label": s.label} for s in items]

        return {
            "matched": refs(self.matched),
            "missing": refs(self.missing),
            "related": refs(self.related),
            "parts": self.parts,
        }


@dataclass(frozen=True)
class TrainingOption:
    offer: Offer
    covers: list[SkillRef]


@dataclass(frozen=True)
class OfferMatch:
    offer: Offer
    score: float
    explanation: Explanation
    training: list[TrainingOption] = field(default_factory=list)


@dataclass(frozen=True)
class ProfileMatch:
    profile: Profile
    score: float
    explanation: Explanation


# --- labels ---------------------------------------------------------------------------------


def skill_ref(value: str) -> SkillRef:
    """An engine key (an ESCO URI, or ``text:`` free text) as a URI with its label."""
    if value.startswith("text:"):
        return SkillRef(uri=None, label=value[len("text:") :])
    skill = load_taxonomy().skills.get(value)
    return SkillRef(uri=value, label=skill.label) if skill else SkillRef(uri=None, label=value)


def skill_label(value: str) -> str:
    """The ESCO preferred label of a skill URI, or the text itself."""
    return skill_ref(value).label


def _explanation(explanation: mt.Explanation) -> Explanation:
    return Explanation(
        matched=[skill_ref(k) for k in explanation.matched],
        missing=[skill_ref(k) for k in explanation.missing],
        related=[skill_ref(k) for k in explanation.related],
        parts={name: round(points, 2) for name, points in explanation.parts.items()},
    )


# --- conversion -----------------------------------------------------------------------------


def engine_offer(offer: Offer) -> mt.Offer:
    """The engine's view of an offer; its id is the database id as text."""
    data = offer_to_exchange(offer)
    data["id"] = str(offer.id)
    return mt.Offer.from_dict(data)


def engine_profile(profile: Profile) -> mt.Profile:
    data = profile_to_exchange(profile)
    data["id"] = str(profile.id)
    data.pop("needs", None)
    return mt.Profile.from_dict(data)


def _consenting_profile_ids(
    session: Session, today: date, among: Iterable[int] | None = None
) -> set[int]:
    """Profiles with a valid consent to matching today (of ``among`` only, if given)."""
    query = select(Consent.profile_id, Consent.scopes).where(*consent_valid_on(today))
    if among is not None:
        query = query.where(col(Consent.profile_id).in_(list(among)))
    rows = session.exec(query).all()
    return {profile_id for profile_id, scopes in rows if ConsentScope.MATCHING in scopes}


def is_matchable(session: Session, profile: Profile, today: date | None = None) -> bool:
    """Active, with a valid consent to matching today."""
    if profile.status != ProfileStatus.ACTIVE or profile.id is None:
        return False
    today = today or date.today()
    consents = session.exec(
        select(Consent.scopes)
        .where(Consent.profile_id == profile.id)
        .where(*consent_valid_on(today))
    ).all()
    return any(ConsentScope.MATCHING in scopes for scopes in consents)


# --- the per-process index ------------------------------------------------------------------


class _Index:
    """One fitted matcher and the last change it has applied."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.matcher: Matcher | None = None
        self.applied = 0

    def current(self, session: Session) -> Matcher:
        with self.lock:
            latest = session.exec(select(func.max(MatchingChange.id))).one() or 0
            if self.matcher is None or latest - self.applied > REBUILD_AFTER:
                self._rebuild(session, latest)
            elif latest > self.applied:
                self._apply(session, latest)
            assert self.matcher is not None
            return self.matcher

    def _rebuild(self, session: Session, latest: int) -> None:
        offers = session.exec(select(Offer).where(Offer.status == OfferStatus.OPEN)).all()
        consenting = _consenting_profile_ids(session, date.today())
        profiles = session.exec(select(Profile).where(Profile.status == ProfileStatus.ACTIVE)).all()
        self.matcher = Matcher(background_merge=True).fit(
            [engine_offer(o) for o in offers],
            [engine_profile(p) for p in profiles if p.id in consenting],
        )
        self.applied = latest

    def _apply(self, session: Session, latest: int) -> None:
        assert self.matcher is not None
        changes = session.exec(
            select(MatchingChange)
            .where(col(MatchingChange.id) > self.applied)
            .where(col(MatchingChange.id) <= latest)
            .order_by(col(MatchingChange.id))
        ).all()
        if any(change.kind == "all" for change in changes):
            self._rebuild(session, latest)
            return
        seen: set[tuple[str, int | None]] = set()
        for change in changes:
            key = (change.kind, change.object_id)
            if key in seen or change.object_id is None:
                continue
            seen.add(key)
            if change.kind == "offer":
                self._refresh_offer(session, change.object_id)
            elif change.kind == "profile":
                self._refresh_profile(session, change.object_id)
        self.applied = latest

    def _refresh_offer(self, session: Session, offer_id: int) -> None:
        assert self.matcher is not None
        offer = session.get(Offer, offer_id)
        if offer is not None and offer.status == OfferStatus.OPEN:
            self.matcher.add_offer(engine_offer(offer))
        else:
            self.matcher.remove_offer(str(offer_id))

    def _refresh_profile(self, session: Session, profile_id: int) -> None:
        assert self.matcher is not None
        profile = session.get(Profile, profile_id)
        if profile is not None and is_matchable(session, profile):
            self.matcher.add_profile(engine_profile(profile))
        else:
            self.matcher.remove_profile(str(profile_id))


_indexes: dict[int, tuple[Engine, _Index]] = {}
_indexes_lock = threading.Lock()


def _index_for(session: Session) -> _Index:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _indexes_lock:
        found = _indexes.get(id(engine))
        if found is None or found[0] is not engine:
            found = (engine, _Index())
            _indexes[id(engine)] = found
        return found[1]


def mark_changed(
    session: Session, *, offer: Offer | None = None, profile: Profile | None = None
) -> None:
    """Record that an offer or a profile (or, with neither, everything) changed.

    Call it in the transaction that makes the change (after a flush, so new rows have an id);
    consent changes are profile changes.
    """
    if offer is not None:
        session.add(MatchingChange(kind="offer", object_id=offer.id))
    if profile is not None:
        session.add(MatchingChange(kind="profile", object_id=profile.id))
    if offer is None and profile is None:
        session.add(MatchingChange(kind="all"))


def warm_up(session: Session) -> None:
    """Build this process's index, and compile its search loop, now rather than at the first
    request."""
    _index_for(session).current(session)
    compile_search()


# --- queries --------------------------------------------------------------------------------


Row = TypeVar("Row", Offer, Profile)


def _by_id(session: Session, model: type[Row], ids: Iterable[int]) -> dict[int, Row]:
    """The offers or profiles of the engine's answer, in one query (not one per match)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.exec(select(model).where(col(model.id).in_(wanted))).all()
    return {row.id: row for row in rows if row.id is not None}


def offers_for_profile(
    session: Session,
    *,
    profile: Profile,
    limit: int = 20,
    kinds: set[str] | None = None,
    region: str | None = None,
    remote: bool | None = None,
    with_training: bool = True,
) -> list[OfferMatch]:
    """Open offers admissible for the profile under the hard rules, best first, explained.

    Without ``kinds``, the placements (and training too when the person asked for training):
    training otherwise comes as what closes a gap. Empty when the profile is not active or has
    no valid consent to matching.
    """
    if not is_matchable(session, profile):
        return []
    matcher = _index_for(session).current(session)
    person = engine_profile(profile)
    if not kinds:
        kinds = set(PLACEMENT_KINDS)
        if OfferKind.TRAINING in person.wants:
            kinds.add(OfferKind.TRAINING)
    filtering = region is not None or remote is not None
    found = matcher.offers_for(person, k=limit * 5 if filtering else limit, kinds=kinds)
    offers = _by_id(session, Offer, (int(m.offer_id) for m in found))
    results: list[OfferMatch] = []
    chosen: list[mt.Match] = []
    for match in found:
        offer = offers.get(int(match.offer_id))
        if offer is None or offer.status != OfferStatus.OPEN:
            continue
        if kinds and offer.kind not in kinds:
            continue
        if region and not offer.region.startswith(region):
            continue
        if remote is not None and offer.remote != remote:
            continue
        chosen.append(match)
        results.append(OfferMatch(offer, round(match.score, 2), _explanation(match.explanation)))
        if len(results) == limit:
            break
    if not with_training or not results:
        return results
    gaps = training_for(matcher, person, chosen)
    trainings = _by_id(
        session, Offer, (int(s.training_id) for suggested in gaps.values() for s in suggested)
    )
    with_gaps: list[OfferMatch] = []
    for result in results:
        options = []
        for suggestion in gaps.get(str(result.offer.id), []):
            training = trainings.get(int(suggestion.training_id))
            if training is not None and training.status == OfferStatus.OPEN:
                options.append(TrainingOption(training, [skill_ref(k) for k in suggestion.teaches]))
        with_gaps.append(OfferMatch(result.offer, result.score, result.explanation, options))
    return with_gaps


def profiles_for_offer(session: Session, *, offer: Offer, limit: int = 50) -> list[ProfileMatch]:
    """Active, consenting profiles for which the offer is admissible, best first, explained."""
    matcher = _index_for(session).current(session)
    found = matcher.profiles_for(engine_offer(offer), k=limit + 10)
    # Consent can lapse without a change being recorded: check it at answer time, in one query.
    ids = [int(m.profile_id) for m in found]
    consenting = _consenting_profile_ids(session, date.today(), among=ids)
    profiles = _by_id(session, Profile, ids)
    results: list[ProfileMatch] = []
    for match in found:
        profile = profiles.get(int(match.profile_id))
        if (
            profile is None
            or profile.status != ProfileStatus.ACTIVE
            or profile.id not in consenting
        ):
            continue
        results.append(
            ProfileMatch(profile, round(match.score, 2), _explanation(match.explanation))
        )
        if len(results) == limit:
            break
    return results
