"""An inverted index over offers' skills and occupations, partitioned so the hard rules prune first.

Layout, like a search engine's segments:

- the **base segment** holds posting lists (feature → sorted rows, with each row's value) in
  compressed sparse rows. Its rows are sorted by (remote, region), so every region, and every
  NUTS prefix, is a contiguous run of rows: a query reads only the parts of each posting list
  that lie in the person's admissible regions;
- the **delta segment** takes offers added or changed since the last build, as small posting
  lists; a changed or removed offer's old row is marked dead (a tombstone). When the delta grows
  past `merge_at`, both are merged into a new base.

A query is exact top-k with early termination (the MaxScore idea of search engines): the
features of the query (skills, related skills, occupations) are taken in order of the most they
can add to a score; the rows of each posting list are scored in full (every part, after the hard
rules, checked on numpy columns) until the k-th best score beats anything an unseen offer could
still reach. Rare, specific skills and the person's likely occupations come first, so the long
lists of common skills are usually never read. Ties are broken by offer id. When fewer than k
offers can beat the dense parts alone, every admissible offer is scanned, so any admissible offer
can be returned.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jobmatch.matching.rules import Constraints, OfferColumns, Vocabulary
from jobmatch.matching.scoring import START_GRACE_DAYS, WEIGHTS, PreparedOffer, PreparedProfile

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ESS, OPT, OCC = 0, 1, 2


@dataclass(slots=True)
class _Postings:
    """feature → rows (sorted) and values, in compressed sparse row form, with each list's max."""

    indptr: IntArray
    rows: IntArray
    values: FloatArray
    top: FloatArray

    @classmethod
    def build(
        cls, n_features: int, feats: IntArray, rows: IntArray, values: FloatArray
    ) -> _Postings:
        order = np.lexsort((rows, feats))
        counts = np.bincount(feats, minlength=n_features)
        indptr = np.zeros(n_features + 1, np.int64)
        np.cumsum(counts, out=indptr[1:])
        vals = values[order].astype(np.float64)
        top = np.zeros(n_features)
        nonempty = counts > 0
        if vals.size:
            top[nonempty] = np.maximum.reduceat(vals, indptr[:-1][nonempty])
        return cls(indptr, rows[order].astype(np.int64), vals, top)

    def span(self, feature: int) -> tuple[int, int]:
        if feature + 1 >= len(self.indptr):
            return 0, 0
        return int(self.indptr[feature]), int(self.indptr[feature + 1])


@dataclass(slots=True)
class _Term:
    """One feature of a query: its weight, its base and delta postings, and its upper bound."""

    slot: int
    feature: int
    weight: float
    rows: IntArray
    values: FloatArray
    delta_rows: IntArray
    delta_values: FloatArray
    bound: float


# Scores are rounded to 6 decimals; bounds keep this margin so rounding never hides a tie.
_SLACK = 1e-5
_EMPTY_I = np.zeros(0, np.int64)
_EMPTY_F = np.zeros(0)


def _remaining_bounds(terms: list[_Term]) -> FloatArray:
    """remaining[i]: the most that terms i, i+1, … together can add to one offer's score.

    An offer's skill values add up to at most 1 per slot, so its essential (and its optional)
    part is at most the largest weight left; it has one occupation, so that part is at most the
    largest bound left. Each slot is capped by the smaller of that and the plain sum.
    """
    n = len(terms)
    out = np.zeros(n + 1)
    sums = [0.0, 0.0, 0.0]
    caps = [0.0, 0.0, 0.0]
    for i in range(n - 1, -1, -1):
        t = terms[i]
        sums[t.slot] += t.bound
        caps[t.slot] = max(caps[t.slot], t.bound if t.slot == OCC else t.weight)
        out[i] = sum(min(a, b) for a, b in zip(sums, caps, strict=True))
    return out


class OfferIndex:
    """Offers for fast, rule-safe, exact top-k search by a prepared profile."""

    def __init__(self, *, weights: dict[str, float] | None = None, merge_at: int = 4096) -> None:
        self.weights = dict(WEIGHTS if weights is None else weights)
        self.merge_at = merge_at
        self.skills = Vocabulary()
        self.occupations = Vocabulary()
        self._reset()
        self.ess = self.opt = self.occ = _Postings.build(0, _EMPTY_I, _EMPTY_I, _EMPTY_F)
        self.n_base = 0
        self._parts: dict[bool, tuple[list[str], IntArray]] = {}
        self._forward: list[tuple[IntArray, npt.NDArray[np.int32], FloatArray]] = []
        self._region_codes: npt.NDArray[np.str_] = np.zeros(0, dtype="U8")

    # ------------------------------------------------------------------ building and updates
    def build(self, offers: Iterable[PreparedOffer]) -> OfferIndex:
        """Index these offers from scratch."""
        self._reset()
        flat = [(array("q"), array("q"), array("d")) for _ in range(3)]
        for prep in offers:
            if prep.id in self.row_of:
                raise ValueError(f"duplicate offer id {prep.id!r}")
            row = len(self.ids)
            self._place(row, prep)
            for slot, f, value in self._features(prep):
                feats, rows, vals = flat[slot]
                feats.append(f)
                rows.append(row)
                vals.append(value)
        self._compose(
            [
                (np.frombuffer(f, np.int64), np.frombuffer(r, np.int64), np.frombuffer(v))
                for f, r, v in flat
            ]
        )
        return self

    def _features(self, prep: PreparedOffer) -> Iterable[tuple[int, int, float]]:
        """(postings slot, feature code, value) of an offer; a repeated skill adds up."""
        for slot, keys, values in (
            (ESS, prep.essential, prep.essential_values),
            (OPT, prep.optional, prep.optional_values),
        ):
            summed: dict[str, float] = {}
            for key, value in zip(keys, values, strict=True):
                summed[key] = summed.get(key, 0.0) + value
            for key, value in summed.items():
                yield slot, self.skills.code(key), value
        if prep.occupation is not None:
            yield OCC, self.occupations.code(prep.occupation), 1.0

    def _reset(self) -> None:
        self.columns = OfferColumns()
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.alive = np.zeros(1024, np.bool_)
        self._seen = np.zeros(1024, np.bool_)
        self._stamp = np.zeros(1024, np.int64)
        self._clear_delta()

    def _clear_delta(self) -> None:
        self._delta_features: dict[int, list[tuple[int, int, float]]] = {}
        self._delta: tuple[dict[int, tuple[list[int], list[float]]], ...] = ({}, {}, {})
        self._delta_rows: list[int] = []
        self._delta_top: tuple[dict[int, float], ...] = ({}, {}, {})

    def _place(self, row: int, prep: PreparedOffer) -> None:
        if row >= len(self.alive):
            grow = max(row + 1, 2 * len(self.alive))
            old = len(self.alive)
            self.alive = np.resize(self.alive, grow)
            self.alive[old:] = False
            self._seen = np.zeros(grow, np.bool_)
            self._stamp = np.zeros(grow, np.int64)
        self.columns.set(row, prep.offer)
        self.ids.append(prep.id)
        self.row_of[prep.id] = row
        self.alive[row] = True

    def _compose(self, pairs: list[tuple[IntArray, IntArray, FloatArray]]) -> None:
        """Make a new base segment of every live row: sorted by partition, with fresh postings."""
        cols = self.columns
        live = np.flatnonzero(self.alive[: len(self.ids)])
        region_rank = np.argsort(np.argsort(np.array([*cols.regions.items, ""], dtype="U8")))
        order = np.lexsort((live, region_rank[cols.region[live]], cols.remote[live]))
        old_rows = live[order]
        new_of_old = np.full(len(self.ids), -1, np.int64)
        new_of_old[old_rows] = np.arange(len(old_rows))
        n = len(old_rows)
        self.columns = cols.take(old_rows)
        self.ids = [self.ids[r] for r in old_rows.tolist()]
        self.row_of = {ident: row for row, ident in enumerate(self.ids)}
        cap = max(2 * n, 1024)
        self.alive = np.zeros(cap, np.bool_)
        self.alive[:n] = True
        self._seen = np.zeros(cap, np.bool_)
        self._stamp = np.zeros(cap, np.int64)
        built = []
        for (feats, rows, values), size in zip(
            pairs, (len(self.skills), len(self.skills), len(self.occupations)), strict=True
        ):
            new_rows = new_of_old[rows] if len(rows) else rows
            keep = new_rows >= 0
            built.append(_Postings.build(size, feats[keep], new_rows[keep], values[keep]))
        self.ess, self.opt, self.occ = built
        self.n_base = n
        # The forward index (row → features) scores a few rows without reading posting lists.
        self._forward = []
        for (feats, rows, values), postings in zip(pairs, built, strict=True):
            new_rows = new_of_old[rows] if len(rows) else rows
            keep = new_rows >= 0
            order = np.argsort(new_rows[keep], kind="stable")
            fwd_ptr = np.zeros(n + 1, np.int64)
            np.cumsum(np.bincount(new_rows[keep], minlength=n), out=fwd_ptr[1:])
            self._forward.append(
                (
                    fwd_ptr,
                    feats[keep][order].astype(np.int32),
                    values[keep][order].astype(np.float64),
                )
            )
            del postings
        self._clear_delta()
        self._parts = {}
        remote = self.columns.remote[:n]
        region = self.columns.region[:n]
        for flag in (False, True):
            rows = np.flatnonzero(remote == flag)
            if not len(rows):
                self._parts[flag] = ([], np.zeros((2, 0), np.int64))
                continue
            codes = region[rows]
            first = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
            starts = rows[first]
            ends = np.concatenate([starts[1:], [rows[-1] + 1]])
            names = [self.columns.regions.items[int(x)] for x in codes[first]]
            self._parts[flag] = (names, np.array([starts, ends], np.int64))

    def add(self, prep: PreparedOffer) -> None:
        """Add an offer, or replace the offer with the same id, without a rebuild."""
        self.remove(prep.id)
        row = len(self.ids)
        self._place(row, prep)
        self._delta_features[row] = list(self._features(prep))
        for slot, f, value in self._delta_features[row]:
            rows, vals = self._delta[slot].setdefault(f, ([], []))
            rows.append(row)
            vals.append(value)
            top = self._delta_top[slot]
            top[f] = max(top.get(f, 0.0), value)
        self._delta_rows.append(row)
        if len(self._delta_rows) > self.merge_at:
            self.merge()

    def remove(self, offer_id: str) -> bool:
        """Remove an offer (a tombstone until the next merge); False if it was not there."""
        row = self.row_of.pop(offer_id, None)
        if row is None:
            return False
        self.alive[row] = False
        return True

    def merge(self) -> None:
        """Fold the delta and the tombstones into a new base segment."""
        pairs = []
        for postings, delta in zip((self.ess, self.opt, self.occ), self._delta, strict=True):
            feats = np.repeat(np.arange(len(postings.indptr) - 1), np.diff(postings.indptr))
            d_feats = [f for f, (rows, _) in delta.items() for _ in rows]
            d_rows = [r for rows, _ in delta.values() for r in rows]
            d_vals = [v for _, vals in delta.values() for v in vals]
            pairs.append(
                (
                    np.concatenate([feats, np.asarray(d_feats, np.int64)]),
                    np.concatenate([postings.rows, np.asarray(d_rows, np.int64)]),
                    np.concatenate([postings.values, np.asarray(d_vals, np.float64)]),
                )
            )
        self._compose(pairs)

    def __len__(self) -> int:
        return len(self.row_of)

    def __contains__(self, offer_id: object) -> bool:
        return offer_id in self.row_of

    # ------------------------------------------------------------------ query planning
    def _region_tables(self, c: Constraints) -> tuple[BoolArray, BoolArray, BoolArray]:
        """Per region code: admissible on site, admissible as remote, in the person's regions."""
        items = self.columns.regions.items
        if len(self._region_codes) != len(items):
            self._region_codes = np.array(items, dtype="U8")
        codes = self._region_codes
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

    def query_weights(self, prof: PreparedProfile) -> tuple[dict[int, float], ...]:
        """Feature weights of a profile for the essential, optional and occupation postings."""
        w = self.weights
        ess: dict[int, float] = {}
        opt: dict[int, float] = {}
        codes = self.skills.codes
        for key, weight in prof.skills.items():
            f = codes.get(key)
            if f is not None:
                ess[f] = w["essential"] * weight
                opt[f] = w["optional"] * weight
        for key, weight in prof.related.items():
            f = codes.get(key)
            if f is not None and f not in ess:
                ess[f] = w["related"] * weight
        occ: dict[int, float] = {}
        ocodes = self.occupations.codes
        for key in prof.occupation_fit.keys() | prof.experience_fit.keys():
            f = ocodes.get(key)
            if f is not None:
                occ[f] = w["occupation"] * prof.occupation_fit.get(key, 0.0) + w[
                    "experience"
                ] * prof.experience_fit.get(key, 0.0)
        return ess, opt, occ

    def _terms(self, prof: PreparedProfile) -> list[_Term]:
        terms = []
        for slot, (postings, weights) in enumerate(
            zip((self.ess, self.opt, self.occ), self.query_weights(prof), strict=True)
        ):
            delta, delta_top = self._delta[slot], self._delta_top[slot]
            for f, wt in weights.items():
                if wt <= 0.0:
                    continue
                a, b = postings.span(f)
                top = float(postings.top[f]) if b > a else 0.0
                d_rows, d_vals = delta.get(f, ([], []))
                top = max(top, delta_top.get(f, 0.0))
                if top <= 0.0:
                    continue
                terms.append(
                    _Term(
                        slot,
                        f,
                        wt,
                        postings.rows[a:b],
                        postings.values[a:b],
                        np.asarray(d_rows, np.int64),
                        np.asarray(d_vals, np.float64),
                        wt * top,
                    )
                )
        terms.sort(key=lambda t: -t.bound)
        return terms

    # ------------------------------------------------------------------ search
    def search(
        self, prof: PreparedProfile, k: int, *, only_kind: str | None = None
    ) -> list[tuple[str, float]]:
        """The k best admissible offers for a profile: (offer id, score), best first."""
        if k <= 0 or not self.row_of:
            return []
        c = prof.constraints
        ranges = self._ranges(c)
        bounds = np.asarray(ranges, np.int64).ravel()
        tables = self._region_tables(c)
        terms = self._terms(prof)
        w = self.weights
        dense_bound = w["language"] + w["place"] + w["start"]
        remaining = _remaining_bounds(terms)
        dense_vec = self._query_vectors(terms)
        seen = self._seen
        found_rows: list[IntArray] = []
        found_scores: list[FloatArray] = []
        marked: list[IntArray] = []
        best = np.zeros(0)
        theta = -np.inf

        def take(rows: IntArray) -> None:
            nonlocal best, theta
            rows = rows[~seen[rows]]
            if not len(rows):
                return
            # Drop repeats without sorting: the last position written for a row keeps it.
            stamp = self._stamp
            where = np.arange(len(rows))
            stamp[rows] = where
            rows = rows[stamp[rows] == where]
            seen[rows] = True
            marked.append(rows)
            ok = self.alive[rows] & self.columns.mask(rows, c, tables[:2])
            if only_kind is not None:
                ok &= self.columns.kind[rows] == self.columns.kinds.codes[only_kind]
            rows = rows[ok]
            if not len(rows):
                return
            scores = np.round(self._score(rows, dense_vec, prof, tables[2]), 6)
            found_rows.append(rows)
            found_scores.append(scores)
            best = np.concatenate([best, scores])
            if len(best) > k:
                best = -np.partition(-best, k - 1)[:k]
            if len(best) >= k:
                theta = float(best.min())

        if self._delta_rows:
            take(np.asarray(self._delta_rows, np.int64))
        i, budget = 0, 1024
        full = len(ranges) == 1 and ranges[0] == (0, self.n_base)
        while i < len(terms) and remaining[i] + dense_bound + _SLACK >= theta:
            # Short posting lists are read in batches (few scoring rounds); a long one is read
            # alone, after checking once more whether it can still matter.
            batch: list[IntArray] = []
            size = 0
            while i < len(terms) and (not batch or size + len(terms[i].rows) <= budget):
                rows = terms[i].rows
                if not full:
                    cut = np.searchsorted(rows, bounds)
                    batch += [rows[cut[j] : cut[j + 1]] for j in range(0, len(cut), 2)]
                else:
                    batch.append(rows)
                size += len(rows)
                i += 1
            take(np.concatenate(batch or [_EMPTY_I]))
            budget *= 2
        if dense_bound + _SLACK >= theta:
            # Offers sharing nothing with the person could still be among the k best.
            take(np.concatenate([np.arange(lo, hi) for lo, hi in ranges] or [_EMPTY_I]))
        all_rows = np.concatenate(found_rows) if found_rows else _EMPTY_I
        all_scores = np.concatenate(found_scores) if found_scores else _EMPTY_F
        if marked:
            seen[np.concatenate(marked)] = False
        if len(all_rows) > k:
            keep = all_scores >= theta
            all_rows, all_scores = all_rows[keep], all_scores[keep]
        ids = self.ids
        ranked = sorted(
            zip((-all_scores).tolist(), all_rows.tolist(), strict=True),
            key=lambda x: (x[0], ids[x[1]]),
        )
        return [(ids[row], -neg) for neg, row in ranked[:k]]

    def _query_vectors(self, terms: list[_Term]) -> list[FloatArray]:
        """Dense per-feature weights of the query, one vector per postings slot."""
        sizes = (len(self.skills), len(self.skills), len(self.occupations))
        out = [np.zeros(n + 1) for n in sizes]
        for t in terms:
            out[t.slot][t.feature] = t.weight
        return out

    def _score(
        self, rows: IntArray, vectors: list[FloatArray], prof: PreparedProfile, inside: BoolArray
    ) -> FloatArray:
        """The full score of the given rows: every sparse part (forward index) and dense part."""
        out = self._dense_parts(rows, prof, inside)
        base = rows < self.n_base
        idx = np.flatnonzero(base)
        brows = rows[idx]
        for (ptr, feats, vals), vec in zip(self._forward, vectors, strict=True):
            starts, ends = ptr[brows], ptr[brows + 1]
            lens = ends - starts
            total = int(lens.sum())
            if not total:
                continue
            # Positions of every feature of every row, then a weighted sum per row.
            pos = np.repeat(starts - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
            pos += np.arange(total)
            contrib = vec[feats[pos]] * vals[pos]
            owner = np.repeat(np.arange(len(brows)), lens)
            out[idx] += np.bincount(owner, weights=contrib, minlength=len(brows))
        for j in np.flatnonzero(~base).tolist():
            for slot, f, value in self._delta_features.get(int(rows[j]), ()):
                vec = vectors[slot]
                if f < len(vec):
                    out[j] += vec[f] * value
        return out

    def _dense_parts(self, rows: IntArray, prof: PreparedProfile, inside: BoolArray) -> FloatArray:
        """Language margin, place and start parts for the given rows."""
        w = self.weights
        cols = self.columns
        c = prof.constraints
        out = np.zeros(len(rows))
        if cols.lang.shape[1]:
            have = np.full(cols.lang.shape[1], -9.0)
            for code, rank in c.languages.items():
                col = cols.langs.codes.get(code)
                if col is not None:
                    have[col] = rank
            need = cols.lang[rows].astype(np.float64)
            required = need >= 0
            margin = np.clip(0.5 + 0.25 * (have[None, :] - need), 0.0, 1.0)
            n_req = required.sum(axis=1)
            lang = np.where(n_req > 0, (margin * required).sum(axis=1) / np.maximum(n_req, 1), 1.0)
        else:
            lang = np.ones(len(rows))
        out += w["language"] * lang
        if c.regions:
            out += w["place"] * np.where(inside[cols.region[rows]], 1.0, 0.5)
        else:
            out += w["place"]
        avail = prof.profile.available_from
        start = cols.start[rows]
        if avail is None:
            out += w["start"]
        else:
            late = avail.toordinal() - start.astype(np.float64)
            fit = np.where(
                (start == 0) | (late <= 0), 1.0, np.clip(1.0 - late / START_GRACE_DAYS, 0.0, 1.0)
            )
            out += w["start"] * fit
        return out
