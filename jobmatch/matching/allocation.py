"""Network allocation: an exact, capacity-aware assignment of people to open places.

Each offer with ``places`` open places becomes that many slots; each person gets one extra
"unassigned" slot of score 0, so nobody is forced into a place. The assignment that maximises the
total score over admissible pairs is then an ordinary rectangular assignment problem, solved
exactly by `scipy.optimize.linear_sum_assignment` (not greedily). Each person also gets their
next-best admissible alternatives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from jobmatch.matching.engine import Matcher
from jobmatch.matching.types import Allocation, Profile

# Inadmissible pairs cost more than any feasible assignment could gain (scores are 0–100).
_FORBIDDEN = -1.0e9


def allocate(
    profile_ids: Sequence[str],
    places: Mapping[str, int],
    scores: Mapping[tuple[str, str], float],
    *,
    alternatives: int = 3,
) -> list[Allocation]:
    """The best assignment of people to places.

    ``scores`` holds the admissible (profile id, offer id) pairs only; a missing pair is never
    assigned. Returns one `Allocation` per person (offer None when unassigned), in input order.
    """
    people = list(dict.fromkeys(profile_ids))
    row = {p: i for i, p in enumerate(people)}
    slots: list[str] = []
    for oid in sorted(places):
        slots += [oid] * min(max(places[oid], 0), len(people))
    column: dict[str, list[int]] = defaultdict(list)
    for j, oid in enumerate(slots):
        column[oid].append(j)
    n, m = len(people), len(slots)
    gain = np.full((n, m + n), _FORBIDDEN)
    gain[np.arange(n), m + np.arange(n)] = 0.0
    by_person: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (pid, oid), score in scores.items():
        i = row.get(pid)
        if i is None or oid not in places:
            continue
        by_person[pid].append((oid, score))
        cols = column.get(oid)
        if cols:
            gain[i, cols] = score
    assigned: dict[str, tuple[str, float]] = {}
    if n:
        rows, cols = linear_sum_assignment(gain, maximize=True)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if j < m and gain[i, j] > _FORBIDDEN / 2:
                assigned[people[i]] = (slots[j], float(gain[i, j]))
    out = []
    for pid in people:
        offer_id: str | None = None
        score = 0.0
        if pid in assigned:
            offer_id, score = assigned[pid]
        ranked = sorted(by_person[pid], key=lambda x: (-x[1], x[0]))
        others = tuple((o, s) for o, s in ranked if o != offer_id)[:alternatives]
        out.append(Allocation(profile_id=pid, offer_id=offer_id, score=score, alternatives=others))
    return out


def allocate_network(
    matcher: Matcher,
    profiles: Iterable[Profile] | None = None,
    *,
    candidates: int = 50,
    alternatives: int = 3,
    kinds: frozenset[str] = frozenset({"job", "placement", "apprenticeship"}),
) -> list[Allocation]:
    """Assign the fitted (or given) profiles to the open places of the fitted offers.

    Each person is considered for their ``candidates`` best admissible offers of the given kinds.
    """
    people = list(matcher.profiles_.values() if profiles is None else profiles)
    scores: dict[tuple[str, str], float] = {}
    places: dict[str, int] = {}
    for profile in people:
        found = 0
        for offer_id, score in matcher.score_all(profile):
            offer = matcher.offers_[offer_id]
            if offer.kind not in kinds or offer.places <= 0:
                continue
            scores[(profile.id, offer_id)] = score
            places[offer_id] = offer.places
            found += 1
            if found >= candidates:
                break
    return allocate([p.id for p in people], places, scores, alternatives=alternatives)
