"""An inverted index over offers' skills and occupations, partitioned so the hard rules prune first.

Layout, like a search engine's segments:

- the **base segment** holds posting lists (feature → sorted rows) and a forward index (row →
  features with their values), both in compressed sparse rows. Its rows are sorted by
  (remote, region), so every region, and every NUTS prefix, is a contiguous run of rows: a query
  reads only the parts of each posting list that lie in the person's admissible regions;
- the **delta segment** takes offers added or changed since the last build: their rows follow
  the base rows, with their features in a small forward table; a changed or removed offer's old
  row is marked dead (a tombstone). When the delta grows past `merge_at`, both are merged into
  a new base.

A query is exact top-k with early termination (the MaxScore idea of search engines): the
features of the query (skills, related skills, occupations) are taken in order of the most they
can add to a score; the rows of each posting list are checked against the hard rules and scored
in full until the k-th best score beats anything an unseen offer could still reach. Rare,
specific skills and the person's likely occupations come first, so the long lists of common
skills are usually never read. Ties are broken by offer id. When fewer than k offers can beat
the dense parts alone, every admissible offer is scanned, so any admissible offer can be
returned. This module plans a query; the loop itself is compiled (kernel.py).
"""

from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from jobmatch.matching import kernel
from jobmatch.matching.kernel import ESS, OCC, OPT, SLOTS
from jobmatch.matching.rules import Constraints, OfferColumns, Vocabulary
from jobmatch.matching.scoring import START_GRACE_DAYS, WEIGHTS, PreparedOffer, PreparedProfile
from jobmatch.matching.types import Offer, Profile

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.integer[Any]]
BoolArray = npt.NDArray[np.bool_]

_EMPTY_I = np.zeros(0, np.int64)
_EMPTY_F = np.zeros(0)


def _csr(
    keys: IntArray, n_keys: int, items: IntArray, values: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """(indptr, items, values) grouped by key, items ascending within each key."""
    order = np.lexsort((items, keys))
    indptr = np.zeros(n_keys + 1, np.int64)
    np.cumsum(np.bincount(keys, minlength=n_keys), out=indptr[1:])
    return indptr, np.ascontiguousarray(items[order]), np.ascontiguousarray(values[order])


class _Growing:
    """An append-only numpy column (capacity doubles), read as a contiguous view."""

    def __init__(self, dtype: type[np.generic]) -> None:
        self.data: npt.NDArray[Any] = np.zeros(64, dtype)
        self.size = 0

    def extend(self, values: list[int] | list[float] | npt.NDArray[Any]) -> None:
        end = self.size + len(values)
        if end > len(self.data):
            self.data = np.resize(self.data, max(end, 2 * len(self.data)))
        self.data[self.size : end] = values
        self.size = end

    def view(self) -> npt.NDArray[Any]:
        return self.data[: self.size]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a person's regions allow: per region code, and as runs of base rows [lo, hi)."""

    on_site: BoolArray
    remote: BoolArray
    inside: BoolArray
    ranges: IntArray


@dataclass(slots=True)
class _Segment:
    """A base segment: new row i holds the old row ``old_rows[i]``."""

    columns: OfferColumns
    ids: list[str]
    row_of: dict[str, int]
    old_rows: IntArray
    postings: tuple[IntArray, IntArray, FloatArray, FloatArray]
    forward: tuple[IntArray, IntArray, FloatArray]
    parts: dict[bool, tuple[list[str], IntArray]]


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """What a merge reads of the index (see `OfferIndex._snapshot`)."""

    columns: OfferColumns
    ids: list[str]
    alive: BoolArray
    n_base: int
    forward: tuple[IntArray, IntArray, FloatArray]
    delta: tuple[IntArray, IntArray, FloatArray]
    n_codes: int
    headroom: int
    generation: int

    def segment(self) -> _Segment:
        """The live rows, base and delta, as one new segment."""
        fwd_ptr, fwd_codes, fwd_values = self.forward
        delta_ptr, delta_codes, delta_values = self.delta
        base_rows = np.repeat(np.arange(self.n_base, dtype=np.int32), np.diff(fwd_ptr))
        delta_rows = self.n_base + np.repeat(np.arange(len(delta_ptr) - 1), np.diff(delta_ptr))
        features = (
            np.concatenate([fwd_codes, delta_codes]),
            np.concatenate([base_rows, delta_rows]),
            np.concatenate([fwd_values, delta_values]),
        )
        return _segment(self.columns, self.ids, self.alive, features, self.n_codes, self.headroom)


def _segment(
    columns: OfferColumns,
    ids: list[str],
    alive: BoolArray,
    features: tuple[IntArray, IntArray, FloatArray],
    n_codes: int,
    headroom: int,
    row_of: dict[str, int] | None = None,
) -> _Segment:
    """A segment of the rows alive in ``alive`` (the first len(alive) rows of ``columns`` and
    ``ids``), sorted by partition (remote, region), with fresh postings and forward index.

    ``features`` are (codes, rows, values) of those rows, dead ones too. ``row_of``, when
    given, is the id → row table to refill (only when nobody else reads it meanwhile).
    """
    codes, rows, values = features
    live = np.flatnonzero(alive)
    region_rank = np.argsort(np.argsort(np.array([*columns.regions.items, ""], dtype="U8")))
    order = np.lexsort((live, region_rank[columns.region[live]], columns.remote[live]))
    old_rows = live[order]
    # Rows and feature codes are int32 (half the memory of a million offers' features).
    new_of_old = np.full(len(alive), -1, np.int32)
    new_of_old[old_rows] = np.arange(len(old_rows), dtype=np.int32)
    n = len(old_rows)
    # Room for the delta segment, so that an update never copies every column to grow.
    new_columns = columns.take(old_rows, headroom=headroom)
    new_ids = [ids[r] for r in old_rows.tolist()]
    if row_of is None:
        row_of = {}
    else:  # refilled in place: a million offers' old and new tables would not sit side by side
        row_of.clear()
    row_of.update((ident, row) for row, ident in enumerate(new_ids))
    new_rows = new_of_old[rows]
    keep = new_rows >= 0
    codes, new_rows, values = codes[keep].astype(np.int32), new_rows[keep], values[keep]
    del keep, new_of_old
    post_ptr, post_rows, post_values = _csr(codes, n_codes, new_rows, values)
    # A posting list's largest value bounds what its feature can add to one offer's score.
    post_top = np.zeros(n_codes)
    nonempty = np.diff(post_ptr) > 0
    if len(post_values):
        post_top[nonempty] = np.maximum.reduceat(post_values, post_ptr[:-1][nonempty])
    # The forward index (row → features) scores a row without reading posting lists.
    forward = _csr(new_rows, n, codes, values)
    parts: dict[bool, tuple[list[str], IntArray]] = {}
    remote = new_columns.remote[:n]
    region = new_columns.region[:n]
    for flag in (False, True):
        part = np.flatnonzero(remote == flag)
        if not len(part):
            parts[flag] = ([], np.zeros((2, 0), np.int64))
            continue
        part_regions = region[part]
        first = np.flatnonzero(np.concatenate([[True], part_regions[1:] != part_regions[:-1]]))
        starts = part[first]
        ends = np.concatenate([starts[1:], [part[-1] + 1]])
        names = [new_columns.regions.items[int(x)] for x in part_regions[first]]
        parts[flag] = (names, np.array([starts, ends], np.int64))
    return _Segment(
        new_columns,
        new_ids,
        row_of,
        old_rows,
        (post_ptr, post_rows, post_values, post_top),
        forward,
        parts,
    )


class OfferIndex:
    """Offers for fast, rule-safe, exact top-k search by a prepared profile."""

    def __init__(
        self,
        *,
        weights: dict[str, float] | None = None,
        merge_at: int = 4096,
        background_merge: bool = False,
    ) -> None:
        self.weights = dict(WEIGHTS if weights is None else weights)
        self.merge_at = merge_at
        # Updates and the capture of a query's arrays take turns; searches then run in parallel.
        self._lock = threading.RLock()
        self.background_merge = background_merge
        self._merging = False
        self._merge_thread: threading.Thread | None = None
        self._generation = 0
        self.skills = Vocabulary()
        self.occupations = Vocabulary()
        self._reset()
        self._compose(_EMPTY_I, _EMPTY_I, _EMPTY_F)

    # ------------------------------------------------------------------ building and updates
    def build(self, offers: Iterable[PreparedOffer]) -> OfferIndex:
        """Index these offers from scratch."""
        with self._lock:
            self._reset()
            codes, rows, values = array("q"), array("q"), array("d")
            for prep in offers:
                if prep.id in self.row_of:
                    raise ValueError(f"duplicate offer id {prep.id!r}")
                row = len(self.ids)
                self._place(row, prep)
                for code, value in self._features(prep):
                    codes.append(code)
                    rows.append(row)
                    values.append(value)
            self._compose(
                np.frombuffer(codes, np.int64),
                np.frombuffer(rows, np.int64),
                np.frombuffer(values, np.float64),
            )
            return self

    def _features(self, prep: PreparedOffer) -> list[tuple[int, float]]:
        """(feature code, value) of an offer, by code; a repeated skill adds up.

        A feature's code is ``3 * vocabulary code + slot`` (kernel.py).
        """
        summed: dict[int, float] = {}
        for slot, keys, values in (
            (ESS, prep.essential, prep.essential_values),
            (OPT, prep.optional, prep.optional_values),
        ):
            for key, value in zip(keys, values, strict=True):
                code = SLOTS * self.skills.code(key) + slot
                summed[code] = summed.get(code, 0.0) + value
        if prep.occupation is not None:
            summed[SLOTS * self.occupations.code(prep.occupation) + OCC] = 1.0
        return sorted(summed.items())

    def _reset(self) -> None:
        self.columns = OfferColumns()
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.alive = np.zeros(1024, np.bool_)

    def _grow_alive(self, row: int) -> None:
        if row >= len(self.alive):
            grown = np.zeros(max(row + 1, 2 * len(self.alive)), np.bool_)
            grown[: len(self.alive)] = self.alive
            self.alive = grown

    def _place(self, row: int, prep: PreparedOffer) -> None:
        self._grow_alive(row)
        self.columns.set(row, prep.offer)
        self.ids.append(prep.id)
        self.row_of[prep.id] = row
        self.alive[row] = True

    def _compose(self, codes: IntArray, rows: IntArray, values: FloatArray) -> None:
        """Make a new base segment of every live row (the caller holds the lock)."""
        n_rows = len(self.ids)
        self._install(
            _segment(
                self.columns,
                self.ids,
                self.alive[:n_rows],
                (codes, rows, values),
                SLOTS * max(len(self.skills), len(self.occupations), 1),
                self.merge_at + 1,
                self.row_of,
            )
        )

    def _install(self, seg: _Segment) -> None:
        """Make a new segment the base, with an empty delta."""
        self.columns, self.ids, self.row_of = seg.columns, seg.ids, seg.row_of
        n = len(seg.ids)
        self.alive = np.zeros(max(2 * n, 1024), np.bool_)
        self.alive[:n] = True
        self.n_base = n
        self.post_ptr, self.post_rows, self.post_values, self.post_top = seg.postings
        self.fwd_ptr, self.fwd_codes, self.fwd_values = seg.forward
        self._parts = seg.parts
        self._delta_ptr = _Growing(np.int64)
        self._delta_ptr.extend([0])
        self._delta_codes = _Growing(np.int32)
        self._delta_values = _Growing(np.float64)
        self._plans: dict[tuple[object, ...], _Plan] = {}
        self._generation += 1

    def add(self, prep: PreparedOffer) -> None:
        """Add an offer, or replace the offer with the same id, without a rebuild."""
        with self._lock:
            self.remove(prep.id)
            self._place(len(self.ids), prep)
            features = self._features(prep)
            self._delta_codes.extend([code for code, _ in features])
            self._delta_values.extend([value for _, value in features])
            self._delta_ptr.extend([self._delta_codes.size])
            if len(self.ids) - self.n_base > self.merge_at:
                if self.background_merge:
                    self.merge_in_background()
                else:
                    self.merge()

    def remove(self, offer_id: str) -> bool:
        """Remove an offer (a tombstone until the next merge); False if it was not there."""
        with self._lock:
            row = self.row_of.pop(offer_id, None)
            if row is None:
                return False
            self.alive[row] = False
            return True

    def merge(self) -> None:
        """Fold the delta and the tombstones into a new base segment."""
        with self._lock:
            snap = self._snapshot()
            self._install(snap.segment())

    def merge_in_background(self) -> threading.Thread | None:
        """Start folding the delta into a new base on a thread of its own (None when a merge is
        running already). Searches and updates go on meanwhile; the updates made during the
        merge are carried over to the new segment when it is put in place."""
        with self._lock:
            if self._merging:
                return None
            self._merging = True
            snap = self._snapshot()

        def run() -> None:
            try:
                seg = snap.segment()
                with self._lock:
                    if self._generation == snap.generation:  # else rebuilt or merged meanwhile
                        self._catch_up(seg, snap)
            finally:
                self._merging = False

        thread = threading.Thread(target=run, name="offer-index-merge", daemon=True)
        self._merge_thread = thread
        thread.start()
        return thread

    def wait_for_merge(self) -> None:
        """Return when no merge is running."""
        thread = self._merge_thread
        if thread is not None:
            thread.join()

    def _snapshot(self) -> _Snapshot:
        """What a merge reads: rows below ``n_rows`` never change in place, so it can read them
        outside the lock (a removal after this point is carried over by `_catch_up`)."""
        n_rows = len(self.ids)
        return _Snapshot(
            columns=self.columns,
            ids=self.ids,
            alive=self.alive[:n_rows].copy(),
            n_base=self.n_base,
            forward=(self.fwd_ptr, self.fwd_codes, self.fwd_values),
            delta=(self._delta_ptr.view(), self._delta_codes.view(), self._delta_values.view()),
            n_codes=SLOTS * max(len(self.skills), len(self.occupations), 1),
            headroom=self.merge_at + 1,
            generation=self._generation,
        )

    def _catch_up(self, seg: _Segment, snap: _Snapshot) -> None:
        """Put a merged segment in place and carry over the updates made since its snapshot
        (the caller holds the lock)."""
        n_old = len(snap.alive)
        columns, ids, alive, n_base = self.columns, self.ids, self.alive, self.n_base
        ptr, codes, values = (
            self._delta_ptr.view(),
            self._delta_codes.view(),
            self._delta_values.view(),
        )
        removed = np.flatnonzero(snap.alive & ~alive[:n_old]).tolist()
        added = [row for row in range(n_old, len(ids)) if alive[row]]
        self._install(seg)
        new_of_old = np.full(n_old, -1, np.int64)
        new_of_old[seg.old_rows] = np.arange(len(seg.old_rows))
        for row in removed:  # removed or replaced since the snapshot: a tombstone
            new_row = int(new_of_old[row])
            self.alive[new_row] = False
            if self.row_of.get(ids[row]) == new_row:
                del self.row_of[ids[row]]
        if not added:
            return
        # Added since: rows of the new delta, with their features, copied in bulk.
        rows = np.asarray(added, np.int64)
        at = len(self.ids)
        self._grow_alive(at + len(rows))
        self.columns.copy_rows(columns, rows, at)
        self.ids.extend(ids[row] for row in added)
        self.row_of.update((ids[row], at + i) for i, row in enumerate(added))
        self.alive[at : at + len(rows)] = True
        starts, ends = ptr[rows - n_base], ptr[rows - n_base + 1]
        lens = ends - starts
        where = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
        self._delta_codes.extend(codes[where])
        self._delta_values.extend(values[where])
        self._delta_ptr.extend(np.cumsum(lens))  # the new delta was empty

    def __len__(self) -> int:
        return len(self.row_of)

    def __contains__(self, offer_id: object) -> bool:
        return offer_id in self.row_of

    # ------------------------------------------------------------------ query planning
    def _plan(self, c: Constraints) -> _Plan:
        """The region tables and row runs of a person's regions (kept per set of regions)."""
        key = (c.regions, c.excluded_regions, c.remote_ok, len(self.columns.regions))
        plan = self._plans.get(key)
        if plan is None:
            on_site, remote, inside = self._region_tables(c)
            ranges = np.asarray(self._ranges(c), np.int64).reshape(-1, 2)
            plan = self._plans[key] = _Plan(on_site, remote, inside, ranges)
        return plan

    def _region_tables(self, c: Constraints) -> tuple[BoolArray, BoolArray, BoolArray]:
        """Per region code: admissible on site, admissible as remote, in the person's regions."""
        codes = np.array(self.columns.regions.items or [""], dtype="U8")
        n = len(codes)
        excluded = np.zeros(n, np.bool_)
        for x in c.excluded_regions:
            excluded |= np.char.startswith(codes, x)
        if c.regions:
            inside = np.zeros(n, np.bool_)
            for r in c.regions:
                inside |= np.char.startswith(codes, r)
                inside |= np.isin(codes, [r[:i] for i in range(1, len(r))])
        else:
            inside = np.ones(n, np.bool_)
        on_site = inside & ~excluded
        remote = ~excluded if c.remote_ok or not c.regions else on_site
        return on_site, remote, inside

    def _ranges(self, c: Constraints) -> list[tuple[int, int]]:
        """Runs of base rows whose partition (remote flag, region) the hard rules allow."""
        out: list[tuple[int, int]] = []
        for remote in (False, True):
            regions, bounds = self._parts.get(remote, ([], np.zeros((2, 0), np.int64)))
            if not regions:
                continue
            allowed = np.ones(len(regions), np.bool_)
            if c.regions and not (remote and c.remote_ok):
                allowed[:] = False
                for r in c.regions:
                    lo, hi = bisect_left(regions, r), bisect_left(regions, r + "\x7f")
                    allowed[lo:hi] = True
                    for i in range(1, len(r)):
                        j = bisect_left(regions, r[:i])
                        if j < len(regions) and regions[j] == r[:i]:
                            allowed[j] = True
            for x in c.excluded_regions:
                allowed[bisect_left(regions, x) : bisect_left(regions, x + "\x7f")] = False
            if not allowed.any():
                continue
            edges = np.diff(np.concatenate([[0], allowed.view(np.int8), [0]]))
            first, last = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
            out.extend(zip(bounds[0, first].tolist(), bounds[1, last].tolist(), strict=True))
        return out

    def _query(self, prof: PreparedProfile) -> tuple[IntArray, FloatArray]:
        """The person's weight per feature code (kernel.py): skills, related skills, occupations."""
        w = self.weights
        codes = self.skills.codes
        out: dict[int, float] = {}
        for key, weight in prof.skills.items():
            f = codes.get(key)
            if f is not None:
                out[SLOTS * f + ESS] = w["essential"] * weight
                out[SLOTS * f + OPT] = w["optional"] * weight
        for key, weight in prof.related.items():
            f = codes.get(key)
            if f is not None and SLOTS * f + ESS not in out:
                out[SLOTS * f + ESS] = w["related"] * weight
        occupations = self.occupations.codes
        fit, experience = prof.occupation_fit, prof.experience_fit
        for key in fit.keys() | experience.keys():
            f = occupations.get(key)
            if f is not None:
                out[SLOTS * f + OCC] = w["occupation"] * fit.get(key, 0.0) + w[
                    "experience"
                ] * experience.get(key, 0.0)
        kept = [(code, weight) for code, weight in out.items() if weight > 0.0]
        return (
            np.array([code for code, _ in kept], np.int64),
            np.array([weight for _, weight in kept], np.float64),
        )

    def _rules(
        self, c: Constraints, plan: _Plan, kinds: Collection[str] | None
    ) -> tuple[object, ...]:
        """The hard rules, and the kinds asked for, as the kernel reads them (`top_rows`)."""
        cols = self.columns
        sector_bad = np.zeros(len(cols.sectors), np.bool_)
        for sector in c.excluded_sectors:
            found = cols.sectors.codes.get(sector)
            if found is not None:
                sector_bad[found] = True
        kind_ok = np.ones(len(cols.kinds), np.bool_)
        if c.wants:
            kind_ok[:] = False
            kind_ok[[cols.kinds.codes[k] for k in c.wants]] = True
        if kinds is not None:
            asked = np.zeros(len(cols.kinds), np.bool_)
            asked[[cols.kinds.codes[k] for k in kinds]] = True
            kind_ok &= asked
        have = np.full(max(len(cols.langs), 1), -1, np.int64)
        for code, rank in c.languages.items():
            col = cols.langs.codes.get(code)
            if col is not None:
                have[col] = rank
        permit = {"yes": kernel.PERMIT_YES, "no": kernel.PERMIT_NO}.get(
            c.permit, kernel.PERMIT_PENDING
        )
        training = cols.kinds.codes["training"]
        return (
            plan.on_site,
            plan.remote,
            sector_bad,
            kind_ok,
            permit,
            training,
            have,
            float(c.hours),
        )

    # ------------------------------------------------------------------ search
    def search(
        self, prof: PreparedProfile, k: int, *, kinds: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """The k best admissible offers for a profile: (offer id, score), best first.

        ``kinds`` keeps only offers of those kinds (job, placement, apprenticeship, training).
        """
        with self._lock:  # one consistent view; the compiled loop runs outside the lock
            if k <= 0 or not self.row_of:
                return []
            ids = self.ids
            args = self._kernel_args(prof, min(k, len(self.row_of)), kinds)
        rows, scores = kernel.top_rows(*args)
        return _ranked(ids, rows, scores, k)

    def _kernel_args(
        self, prof: PreparedProfile, k: int, kinds: Collection[str] | None
    ) -> tuple[Any, ...]:
        """The arguments of `kernel.top_rows` for a query."""
        c = prof.constraints
        plan = self._plan(c)
        w = self.weights
        avail = prof.profile.available_from
        parts = (
            plan.inside,
            bool(c.regions),
            avail.toordinal() if avail is not None else 0,
            float(w["language"]),
            float(w["place"]),
            float(w["start"]),
            float(START_GRACE_DAYS),
        )
        cols = self.columns
        forward = (
            self.n_base,
            self.fwd_ptr,
            self.fwd_codes,
            self.fwd_values,
            self._delta_ptr.view(),
            self._delta_codes.view(),
            self._delta_values.view(),
        )
        return (
            k,
            len(self.ids),
            (self.post_ptr, self.post_rows, self.post_values, self.post_top),
            forward,
            self.alive,
            (
                cols.region,
                cols.remote,
                cols.sector,
                cols.kind,
                cols.permit,
                cols.hours,
                cols.course,
                cols.start,
                cols.lang,
            ),
            self._query(prof),
            plan.ranges,
            self._rules(c, plan, kinds),
            parts,
        )


def compile_search() -> None:
    """Compile the search loop now, or load it from Numba's cache (seconds, the first time on a
    machine), so that no query waits for it."""
    offer = Offer(id="warm-up", kind="job", title="", region="ITC11")
    index = OfferIndex().build([PreparedOffer(offer, ("skill",), (), "occupation")])
    person = Profile(id="warm-up")
    index.search(PreparedProfile(person, Constraints.of(person), {"skill": 1.0}, {}, {}, {}), 1)


def _ranked(ids: list[str], rows: IntArray, scores: FloatArray, k: int) -> list[tuple[str, float]]:
    """The k best (id, score), ties broken by id (only ties at the k-th score need it)."""
    if len(rows) <= k:
        chosen = list(zip(rows.tolist(), scores.tolist(), strict=True))
    else:
        theta = float(scores.min())
        above = scores > theta
        chosen = list(zip(rows[above].tolist(), scores[above].tolist(), strict=True))
        tied = heapq.nsmallest(k - len(chosen), rows[~above].tolist(), key=ids.__getitem__)
        chosen += [(row, theta) for row in tied]
    chosen.sort(key=lambda x: (-x[1], ids[x[0]]))
    return [(ids[row], score) for row, score in chosen]
