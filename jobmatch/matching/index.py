"""An inverted index over offers' skills and occupations, partitioned so the hard rules prune first.

Layout, like a search engine's segments:

- the **base segment** holds posting lists (feature → sorted rows) in compressed sparse rows.
  Its rows are sorted by (remote, region), so every region, and every NUTS prefix, is a
  contiguous run of rows: a query reads only the parts of each posting list that lie in the
  person's admissible regions;
- the **delta segment** takes offers added or changed since the last build, as small Python
  posting lists; a changed or removed offer's old row is marked dead (a tombstone). When the
  delta grows past `merge_at`, both are merged into a new base (amortised).

A query adds up the sparse part of the score (skills and occupations) over the rows it touches,
keeps those that break no hard rule (checked on numpy columns), adds the dense parts (language,
place, start) and selects the top k with `np.argpartition`. Ties are broken by offer id. When
fewer than k offers share anything with the person, every other admissible offer is scanned too,
so any admissible offer can be returned.
"""

from __future__ import annotations

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


@dataclass(slots=True)
class _Postings:
    """feature → rows (sorted) and values, in compressed sparse row form."""

    indptr: IntArray
    rows: npt.NDArray[np.int32]
    values: FloatArray

    @classmethod
    def build(
        cls, n_features: int, feats: IntArray, rows: IntArray, values: FloatArray
    ) -> _Postings:
        order = np.lexsort((rows, feats))
        counts = np.bincount(feats, minlength=n_features)
        indptr = np.zeros(n_features + 1, np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(indptr, rows[order].astype(np.int32), values[order].astype(np.float64))

    def span(self, feature: int) -> tuple[int, int]:
        if feature + 1 >= len(self.indptr):
            return 0, 0
        return int(self.indptr[feature]), int(self.indptr[feature + 1])


class OfferIndex:
    """Offers for fast, rule-safe top-k search by a prepared profile."""

    def __init__(self, *, weights: dict[str, float] | None = None, merge_at: int = 4096) -> None:
        self.weights = dict(WEIGHTS if weights is None else weights)
        self.merge_at = merge_at
        self.skills = Vocabulary()
        self.occupations = Vocabulary()
        self.columns = OfferColumns()
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.alive = np.zeros(0, np.bool_)
        self.ess_norm = np.zeros(0, np.float64)
        self.opt_norm = np.zeros(0, np.float64)
        self.n_base = 0
        self.ess = _Postings.build(0, *(np.zeros(0, np.int64),) * 2, np.zeros(0))
        self.opt = self.ess
        self.occ = self.ess
        self._parts: dict[bool, tuple[list[str], IntArray]] = {}
        self._delta: tuple[dict[int, list[int]], ...] = ({}, {}, {})
        self._delta_rows: list[int] = []
        self._acc = np.zeros(0)
        self._touched = np.zeros(0, np.bool_)
        self._region_codes: npt.NDArray[np.str_] = np.zeros(0, dtype="U8")

    # ------------------------------------------------------------------ building and updates
    def build(self, offers: Iterable[PreparedOffer]) -> OfferIndex:
        """Index these offers from scratch."""
        self._reset()
        flat: tuple[list[int], ...] = ([], [], [], [], [], [])
        for prep in offers:
            if prep.id in self.row_of:
                raise ValueError(f"duplicate offer id {prep.id!r}")
            row = len(self.ids)
            self._place(row, prep)
            for fs, rs, f in self._features(prep):
                flat[fs].append(f)
                flat[rs].append(row)
        pairs = [
            (np.asarray(flat[i], np.int64), np.asarray(flat[i + 1], np.int64)) for i in (0, 2, 4)
        ]
        self._compose(pairs)
        return self

    def _features(self, prep: PreparedOffer) -> Iterable[tuple[int, int, int]]:
        """(feature list slot, row list slot, feature code) of an offer's postings."""
        for key in set(prep.essential):
            yield 0, 1, self.skills.code(key)
        for key in set(prep.optional):
            yield 2, 3, self.skills.code(key)
        if prep.occupation is not None:
            yield 4, 5, self.occupations.code(prep.occupation)

    def _reset(self) -> None:
        self.columns = OfferColumns()
        self.ids = []
        self.row_of = {}
        self.alive = np.zeros(1024, np.bool_)
        self.ess_norm = np.zeros(1024, np.float64)
        self.opt_norm = np.zeros(1024, np.float64)
        self._clear_delta()

    def _clear_delta(self) -> None:
        self._delta = ({}, {}, {})
        self._delta_rows = []

    def _place(self, row: int, prep: PreparedOffer) -> None:
        if row >= len(self.alive):
            grow = max(row + 1, 2 * len(self.alive))
            old = len(self.alive)
            self.alive = np.resize(self.alive, grow)
            self.alive[old:] = False
            self.ess_norm = np.resize(self.ess_norm, grow)
            self.opt_norm = np.resize(self.opt_norm, grow)
        self.columns.set(row, prep.offer)
        self.ids.append(prep.id)
        self.row_of[prep.id] = row
        self.alive[row] = True
        n_e, n_o = len(prep.essential), len(prep.optional)
        self.ess_norm[row] = 1.0 / n_e if n_e else 0.0
        self.opt_norm[row] = 1.0 / n_o if n_o else 0.0

    def _compose(self, pairs: list[tuple[IntArray, IntArray]]) -> None:
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
        for name in ("ess_norm", "opt_norm"):
            arr = np.zeros(cap, np.float64)
            arr[:n] = getattr(self, name)[old_rows]
            setattr(self, name, arr)
        self.alive = np.zeros(cap, np.bool_)
        self.alive[:n] = True
        built = []
        for (feats, rows), norm, size in zip(
            pairs,
            (self.ess_norm, self.opt_norm, None),
            (len(self.skills), len(self.skills), len(self.occupations)),
            strict=True,
        ):
            new_rows = new_of_old[rows] if len(rows) else rows
            keep = new_rows >= 0
            feats, new_rows = feats[keep], new_rows[keep]
            values = norm[new_rows] if norm is not None else np.ones(len(new_rows))
            built.append(_Postings.build(size, feats, new_rows, values.astype(np.float64)))
        self.ess, self.opt, self.occ = built
        self.n_base = n
        self._clear_delta()
        self._acc = np.zeros(cap)
        self._touched = np.zeros(cap, np.bool_)
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
        if len(self._acc) < len(self.alive):
            self._acc = np.resize(self._acc, len(self.alive))
            self._acc[:] = 0.0
            self._touched = np.zeros(len(self.alive), np.bool_)
        for slot, _, f in self._features(prep):
            self._delta[slot // 2].setdefault(f, []).append(row)
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
            rows = postings.rows.astype(np.int64)
            d_feats = [f for f, lst in delta.items() for _ in lst]
            d_rows = [r for lst in delta.values() for r in lst]
            pairs.append(
                (
                    np.concatenate([feats, np.asarray(d_feats, np.int64)]),
                    np.concatenate([rows, np.asarray(d_rows, np.int64)]),
                )
            )
        self._compose(pairs)

    def __len__(self) -> int:
        return len(self.row_of)

    def __contains__(self, offer_id: object) -> bool:
        return offer_id in self.row_of

    # ------------------------------------------------------------------ search
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

    def query_weights(
        self, prof: PreparedProfile
    ) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
        """Feature weights of a profile: essential, optional and occupation postings."""
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

    def search(
        self, prof: PreparedProfile, k: int, *, only_kind: str | None = None
    ) -> list[tuple[str, float]]:
        """The k best admissible offers for a profile: (offer id, score), best first."""
        if k <= 0 or not self.row_of:
            return []
        n_rows = len(self.ids)
        if len(self._acc) < n_rows:
            self._acc = np.zeros(len(self.alive))
            self._touched = np.zeros(len(self.alive), np.bool_)
        acc, touched = self._acc, self._touched
        c = prof.constraints
        ranges = self._ranges(c)
        ess, opt, occ = self.query_weights(prof)
        bounds = np.asarray(ranges, np.int64).ravel()
        full = len(ranges) == 1 and ranges[0] == (0, self.n_base)
        for postings, weights, delta, norm in (
            (self.ess, ess, self._delta[0], self.ess_norm),
            (self.opt, opt, self._delta[1], self.opt_norm),
            (self.occ, occ, self._delta[2], None),
        ):
            for f, wt in weights.items():
                if wt == 0.0:
                    continue
                a, b = postings.span(f)
                if b > a:
                    rows, vals = postings.rows[a:b], postings.values[a:b]
                    if full:
                        acc[rows] += wt * vals
                        touched[rows] = True
                    elif ranges:
                        cut = np.searchsorted(rows, bounds)
                        for i in range(0, len(cut), 2):
                            lo, hi = cut[i], cut[i + 1]
                            if hi > lo:
                                acc[rows[lo:hi]] += wt * vals[lo:hi]
                                touched[rows[lo:hi]] = True
                extra = delta.get(f)
                if extra:
                    drows = np.asarray(extra, np.int64)
                    acc[drows] += wt * (norm[drows] if norm is not None else 1.0)
                    touched[drows] = True
        pieces = [np.flatnonzero(touched[lo:hi]) + lo for lo, hi in ranges]
        if self._delta_rows:
            drows = np.asarray(self._delta_rows, np.int64)
            pieces.append(drows[touched[drows]])
        cand = np.concatenate(pieces) if pieces else np.zeros(0, np.int64)
        sparse_scores = acc[cand].copy()
        acc[cand] = 0.0
        touched[cand] = False
        ok = self.alive[cand] & self.columns.mask(cand, c)
        if only_kind is not None:
            ok &= self.columns.kind[cand] == self.columns.kinds.codes[only_kind]
        cand, sparse_scores = cand[ok], sparse_scores[ok]
        if len(cand) < k:
            # Too few offers share anything with the person: scan every admissible offer.
            every = [np.arange(lo, hi) for lo, hi in ranges]
            every.append(np.asarray(self._delta_rows, np.int64))
            allrows = np.concatenate(every)
            ok = self.alive[allrows] & self.columns.mask(allrows, c)
            if only_kind is not None:
                ok &= self.columns.kind[allrows] == self.columns.kinds.codes[only_kind]
            allrows = allrows[ok]
            extra_rows = np.setdiff1d(allrows, cand, assume_unique=True)
            cand = np.concatenate([cand, extra_rows])
            sparse_scores = np.concatenate([sparse_scores, np.zeros(len(extra_rows))])
        if not len(cand):
            return []
        scores = sparse_scores + self._dense_parts(cand, prof)
        scores = np.round(scores, 6)
        if len(cand) > k:
            kth = -np.partition(-scores, k - 1)[k - 1]
            keep = scores >= kth
            cand, scores = cand[keep], scores[keep]
        ids = self.ids
        ranked = sorted(
            zip((-scores).tolist(), cand.tolist(), strict=True), key=lambda x: (x[0], ids[x[1]])
        )
        return [(ids[row], -neg) for neg, row in ranked[:k]]

    def _dense_parts(self, rows: IntArray, prof: PreparedProfile) -> FloatArray:
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
            _, _, inside = self._region_tables(c)
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
