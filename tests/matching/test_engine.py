"""The Matcher: estimator conventions, both directions, explanations, gap → training."""

from __future__ import annotations

from hypothesis import given, settings

from jobmatch.matching.engine import Matcher
from jobmatch.matching.rules import is_admissible
from jobmatch.matching.training import training_for
from jobmatch.matching.types import Offer, Profile
from tests.matching.engine_factories import (
    matcher,
    offer,
    offer_lists,
    profile,
    profile_lists,
    skill,
)


def test_init_stores_parameters_only_and_fit_returns_self() -> None:
    m = matcher(min_score=80.0)
    assert m.min_score == 80.0
    assert not [name for name in vars(m) if name.endswith("_")]
    assert m.fit([offer()]) is m
    assert {"offers_", "index_", "model_", "prepared_", "profiles_"} <= set(vars(m))


def test_default_parameters() -> None:
    m = Matcher()
    assert m.taxonomy is None and m.weights is None and m.related


@settings(max_examples=25, deadline=None)
@given(offer_lists(1, 10), profile_lists(1, 4))
def test_no_returned_pair_breaks_a_rule_in_either_direction(
    items: list[Offer], people: list[Profile]
) -> None:
    m = matcher().fit(items, people)
    for who in people:
        found = m.offers_for(who, len(items))
        assert {x.offer_id for x in found} == {o.id for o in items if is_admissible(o, who)}
        by_id = {o.id: o for o in items}
        for x in found:
            assert is_admissible(by_id[x.offer_id], who)
            assert abs(x.score - sum(x.explanation.parts.values())) < 1e-6
    for item in items:
        found = m.profiles_for(item, len(people))
        assert {x.profile_id for x in found} == {p.id for p in people if is_admissible(item, p)}


def test_results_are_deterministic() -> None:
    items = [offer(f"o{i}", occ) for i, occ in enumerate(["dev", "admin", "cook", "dev"])]
    people = [profile("p", skills=("python programming", "query databases"))]
    first = [m.to_dict() for m in matcher().fit(items, people).offers_for(people[0], 4)]
    second = [m.to_dict() for m in matcher().fit(items[::-1], people).offers_for(people[0], 4)]
    assert first == second


def test_offers_for_understands_noisy_wording() -> None:
    items = [offer("dev", "dev"), offer("admin", "admin"), offer("cook", "cook")]
    who = profile(skills=("pyhton programing", "configure networks", "software testng"))
    top = matcher().fit(items).offers_for(who, 3)
    assert top[0].offer_id == "dev"
    assert skill("py") in top[0].explanation.matched
    assert top[-1].offer_id == "cook"


def test_profiles_for_ranks_people() -> None:
    people = [
        profile("cook", skills=("prepare meals", "bake bread")),
        profile("coder", skills=("program in python", "write sql queries", "test software")),
    ]
    m = matcher().fit([offer("dev", "dev")], people)
    assert [x.profile_id for x in m.profiles_for(m.offers_["dev"], 2)] == ["coder", "cook"]


def test_gap_to_training() -> None:
    job = offer("job", "dev")
    full = offer("full", "dev", kind="training", skills=(), teaches=(skill("web"), skill("test")))
    half = offer("half", "dev", kind="training", skills=(), teaches=(skill("web"),))
    far = offer("far", "dev", kind="training", skills=(), teaches=(skill("web"),), region="FR101")
    who = profile(skills=("program in python", "query databases"), regions=("ITC1",))
    m = matcher().fit([job, full, half, far], [who])
    tips = training_for(m, who, m.offers_for(who, 1))
    assert [t.training_id for t in tips["job"]] == ["full", "half"]
    assert tips["job"][0].coverage == 1.0 and tips["job"][1].coverage == 0.5


def test_updates_after_fit() -> None:
    m = matcher().fit([offer("a", "dev")])
    m.add_offer(offer("b", "cook"))
    who = profile(skills=("prepare meals",))
    assert m.offers_for(who, 1)[0].offer_id == "b"
    m.remove_offer("b")
    assert [x.offer_id for x in m.offers_for(who, 5)] == ["a"]
    m.add_profile(who)
    assert m.remove_profile("p1") and not m.remove_profile("p1")
