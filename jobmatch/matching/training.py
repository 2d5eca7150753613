"""Gap → training: for a good offer's missing essential skills, the training offers that teach them.

For each top offer, the open training offers admissible for the person (the hard rules apply to
training too) that teach at least one of the offer's missing essential skills, best coverage first
(then by id).
"""

from __future__ import annotations

from collections.abc import Sequence

from jobmatch.matching.engine import Matcher
from jobmatch.matching.rules import is_admissible
from jobmatch.matching.types import Match, Profile, TrainingSuggestion


def missing_essential(matcher: Matcher, offer_id: str, profile: Profile) -> list[str]:
    """Keys (skill URIs or text keys) of the offer's essential skills the person lacks."""
    prep = matcher.prepared_[offer_id]
    have = matcher.prepared(profile).skills
    n_required = len(prep.offer.essential)
    return sorted({k for k in prep.essential[:n_required] if have.get(k, 0.0) <= 0.0})


def training_for(
    matcher: Matcher,
    profile: Profile,
    matches: Sequence[Match],
    *,
    per_offer: int = 3,
) -> dict[str, list[TrainingSuggestion]]:
    """For each matched offer (not itself a training), trainings that close its skill gap."""
    trainings = [
        (oid, prep)
        for oid, prep in matcher.prepared_.items()
        if prep.offer.kind == "training" and is_admissible(prep.offer, profile)
    ]
    teaches = {
        oid: {matcher.resolver_.offer_skill(t) for t in prep.offer.teaches}
        for oid, prep in trainings
    }
    out: dict[str, list[TrainingSuggestion]] = {}
    for match in matches:
        offer = matcher.offers_.get(match.offer_id)
        if offer is None or offer.kind == "training":
            continue
        missing = set(missing_essential(matcher, match.offer_id, profile))
        if not missing:
            out[match.offer_id] = []
            continue
        found = []
        for oid, _ in trainings:
            covered = missing & teaches[oid]
            if covered:
                found.append(
                    TrainingSuggestion(
                        offer_id=match.offer_id,
                        training_id=oid,
                        teaches=tuple(sorted(covered)),
                        coverage=len(covered) / len(missing),
                    )
                )
        found.sort(key=lambda t: (-t.coverage, t.training_id))
        out[match.offer_id] = found[:per_offer]
    return out
