"""Network allocation: exact (checked against brute force), capacity-aware, with alternatives."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmatch.matching.allocation import allocate, allocate_network
from tests.matching.engine_factories import matcher, offer, profile


def brute_force(
    people: list[str], places: dict[str, int], scores: dict[tuple[str, str], float]
) -> float:
    options = [[None, *[o for o in places if (p, o) in scores]] for p in people]
    best = 0.0
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        total = 0.0
        for p, o in zip(people, choice, strict=True):
            if o is not None:
                used[o] = used.get(o, 0) + 1
                total += scores[(p, o)]
        if all(used[o] <= places[o] for o in used):
            best = max(best, total)
    return best


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[str], dict[str, int], dict[tuple[str, str], float]]:
    people = [f"p{i}" for i in range(draw(st.integers(1, 5)))]
    offers = {f"o{i}": draw(st.integers(0, 2)) for i in range(draw(st.integers(1, 3)))}
    scores = {
        (p, o): float(draw(st.integers(1, 100)))
        for p in people
        for o in offers
        if draw(st.booleans())
    }
    return people, offers, scores


@settings(max_examples=60, deadline=None)
@given(problems())
def test_allocation_is_optimal_and_feasible(
    problem: tuple[list[str], dict[str, int], dict[tuple[str, str], float]],
) -> None:
    people, places, scores = problem
    result = allocate(people, places, scores)
    assert [a.profile_id for a in result] == people
    used: dict[str, int] = {}
    total = 0.0
    for a in result:
        if a.offer_id is not None:
            assert (a.profile_id, a.offer_id) in scores
            used[a.offer_id] = used.get(a.offer_id, 0) + 1
            total += a.score
        assert a.offer_id not in {o for o, _ in a.alternatives}
    assert all(used[o] <= places[o] for o in used)
    assert total == pytest.approx(brute_force(people, places, scores))


def test_not_greedy() -> None:
    # Greedy would give p0 its best offer (a) and leave p1 without a place.
    scores = {("p0", "a"): 10.0, ("p0", "b"): 9.0, ("p1", "a"): 8.0}
    result = allocate(["p0", "p1"], {"a": 1, "b": 1}, scores)
    assert [(a.profile_id, a.offer_id) for a in result] == [("p0", "b"), ("p1", "a")]
    assert result[0].alternatives == (("a", 10.0),)


def test_allocate_network_respects_places_and_rules() -> None:
    people = [profile(f"p{i}", skills=("program in python",)) for i in range(3)]
    people.append(profile("far", skills=("program in python",), regions=("FR1",)))
    m = matcher().fit([offer("a", "dev", places=2), offer("t", "dev", kind="training")], people)
    result = allocate_network(m)
    assert sorted(a.offer_id or "-" for a in result) == ["-", "-", "a", "a"]
    assert next(a for a in result if a.profile_id == "far").offer_id is None
