"""The offer index: rule-safe top-k, deterministic ties, incremental updates equal a rebuild."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobmatch.matching import index as index_module
from jobmatch.matching.index import OfferIndex
from jobmatch.matching.rules import is_admissible
from jobmatch.matching.scoring import score_pair
from jobmatch.matching.types import Offer, Profile
from tests.matching.engine_factories import matcher, offer, offer_lists, profile, profiles


@settings(max_examples=30, deadline=None)
@given(offer_lists(2, 12), st.lists(profiles("p"), min_size=1, max_size=3), st.data())
def test_incremental_updates_equal_a_rebuild(
    items: list[Offer], people: list[Profile], data: st.DataObject
) -> None:
    first, rest = items[: len(items) // 2], items[len(items) // 2 :]
    m = matcher(merge_at=3).fit(first)
    for item in rest:
        m.add_offer(item)
    # Change one offer, remove another.
    changed = data.draw(st.sampled_from(items))
    moved = Offer(**{**{f: getattr(changed, f) for f in changed.__slots__}, "region": "SK010"})
    m.add_offer(moved)
    gone = data.draw(st.sampled_from(items))
    m.remove_offer(gone.id)
    final = {moved if o.id == moved.id else o for o in items if o.id != gone.id}
    assert {p.offer for p in m.prepared_.values()} == final
    # A rebuild of the index from the same prepared offers (the same fitted skill weights).
    fresh = OfferIndex().build(m.prepared_.values())
    for who in people:
        prep = m.prepare(who)
        a = m.index_.search(prep, 20)
        b = fresh.search(prep, 20)
        assert [x[0] for x in a] == [x[0] for x in b]
        assert [x[1] for x in a] == pytest.approx([x[1] for x in b], abs=1e-5)


@settings(max_examples=40, deadline=None)
@given(offer_lists(1, 12), profiles("p"), st.integers(1, 15))
def test_top_k_is_admissible_and_complete(items: list[Offer], who: Profile, k: int) -> None:
    m = matcher().fit(items)
    found = m.index_.search(m.prepare(who), k)
    admissible = {o.id for o in items if is_admissible(o, who)}
    ids = [x[0] for x in found]
    assert set(ids) <= admissible
    assert len(ids) == min(k, len(admissible))
    scores = [x[1] for x in found]
    assert scores == sorted(scores, reverse=True)
    # With k = everything, every admissible offer comes back.
    assert {x[0] for x in m.index_.search(m.prepare(who), len(items))} == admissible


@settings(max_examples=40, deadline=None)
@given(offer_lists(1, 12), profiles("p"), st.integers(1, 6), st.booleans())
def test_early_termination_gives_the_exact_top_k(
    items: list[Offer], who: Profile, k: int, with_delta: bool
) -> None:
    half = len(items) // 2 if with_delta else len(items)
    m = matcher().fit(items[:half])
    for item in items[half:]:
        m.add_offer(item)
    prof = m.prepare(who)
    reference = sorted(
        (-round(score_pair(m.prepared_[o.id], prof)[0], 6), o.id)
        for o in items
        if is_admissible(o, who)
    )[:k]
    found = m.index_.search(prof, k)
    assert [x[0] for x in found] == [oid for _, oid in reference]
    assert [x[1] for x in found] == pytest.approx([-s for s, _ in reference], abs=1e-5)


def test_ties_are_broken_by_id() -> None:
    items = [offer(f"o{i}", "cook", skills=("cook",)) for i in (3, 1, 2)]
    m = matcher().fit(items)
    found = m.index_.search(m.prepare(profile(skills=("prepare meals",))), 3)
    assert [x[0] for x in found] == ["o1", "o2", "o3"]
    assert len({x[1] for x in found}) == 1


def test_region_partitions_prune_before_scoring() -> None:
    items = [
        offer("a", region="ITC11"),
        offer("b", region="ITC12"),
        offer("c", region="FR101"),
        offer("d", region="FR101", remote=True),
    ]
    m = matcher().fit(items)
    who = profile(regions=("ITC1",), remote_ok=True, excluded_regions=("ITC12",))
    ranges = m.index_._ranges(m.prepare(who).constraints)
    rows = {m.index_.ids[r] for lo, hi in ranges for r in range(lo, hi)}
    assert rows == {"a", "d"}
    assert {x[0] for x in m.index_.search(m.prepare(who), 10)} == {"a", "d"}


def test_remove_and_re_add() -> None:
    m = matcher().fit([offer("a"), offer("b")])
    assert m.remove_offer("a") and not m.remove_offer("a")
    assert [x[0] for x in m.index_.search(m.prepare(profile()), 5)] == ["b"]
    m.add_offer(offer("a"))
    assert len(m.index_) == 2 and "a" in m.index_
    m.index_.merge()
    assert sorted(x[0] for x in m.index_.search(m.prepare(profile()), 5)) == ["a", "b"]


def _same_answers(index: OfferIndex, m: object, people: list[Profile]) -> None:
    """The index answers as a fresh build of the matcher's prepared offers does."""
    fresh = OfferIndex().build(m.prepared_.values())  # type: ignore[attr-defined]
    assert len(index) == len(fresh)
    for who in people:
        prep = m.prepare(who)  # type: ignore[attr-defined]
        a, b = index.search(prep, 50), fresh.search(prep, 50)
        assert [x[0] for x in a] == [x[0] for x in b]
        assert [x[1] for x in a] == pytest.approx([x[1] for x in b], abs=1e-5)


@settings(max_examples=25, deadline=None)
@given(offer_lists(4, 12), st.lists(profiles("p"), min_size=1, max_size=3), st.data())
def test_background_merges_keep_every_update(
    items: list[Offer], people: list[Profile], data: st.DataObject
) -> None:
    m = matcher(merge_at=2, background_merge=True).fit(items[:2])
    for item in items[2:]:
        m.add_offer(item)  # merges start on their own threads while updates go on
        if data.draw(st.booleans()):
            gone = data.draw(st.sampled_from(items))
            m.remove_offer(gone.id)
    m.index_.wait_for_merge()
    _same_answers(m.index_, m, people)


def test_updates_made_during_a_merge_are_carried_over(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [offer(f"o{i}", "cook", skills=("cook", "clean"), region="ITC11") for i in range(6)]
    m = matcher(merge_at=1000, background_merge=True).fit(items[:4])
    m.add_offer(items[4])  # in the delta when the merge starts
    gate = threading.Event()
    segment = index_module._Snapshot.segment

    def held(self: index_module._Snapshot) -> index_module._Segment:
        gate.wait(10)
        return segment(self)

    monkeypatch.setattr(index_module._Snapshot, "segment", held)
    thread = m.index_.merge_in_background()
    assert thread is not None and m.index_.merge_in_background() is None  # one at a time
    # While it merges: a base offer changes, a delta offer goes, another base offer goes, a
    # new one comes; searches go on.
    m.add_offer(offer("o1", "cook", skills=("cook",), region="ITC12"))
    m.remove_offer("o4")
    m.remove_offer("o2")
    m.add_offer(items[5])
    _same_answers(m.index_, m, [profile(skills=("cook",), regions=("ITC1",))])
    gate.set()
    thread.join()
    # The merge took o0-o4 (the changed o1, o2 and o4 now tombstones); the new o1 and o5 are
    # in the new delta.
    assert m.index_.n_base == 5 and len(m.index_) == 4
    assert "o2" not in m.index_ and "o4" not in m.index_ and "o5" in m.index_
    _same_answers(m.index_, m, [profile(skills=("cook",), regions=("ITC1",)), profile("p2")])
