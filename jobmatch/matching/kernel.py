"""The compiled inner loop of the offer index: exact top-k with the hard rules and the full score.

`OfferIndex` (index.py) plans a query in Python (the profile's feature weights, the rule tables,
the runs of rows its regions allow) and hands every array to `top_rows`, compiled by Numba, so
that a query costs one call instead of hundreds of small numpy operations.

What `top_rows` does, in the order of a search engine's MaxScore:

1. every row of the delta segment (offers added or changed since the last build) is checked and
   scored;
2. the query's features are taken by the most they can add to one offer's score; a row of a
   posting list (in the allowed runs, not seen before) is bounded by its value there, what the
   lists after this one can add and its own dense parts (language, place, start); only a row
   that can still reach the k best is checked against the hard rules and scored in full from
   the forward index (row → features). Lists are read until the k-th best score beats anything
   an unseen offer could still reach;
3. when every list was read and even an offer sharing nothing with the person could still be
   among the k best, every allowed row not seen is checked, so that any admissible offer can
   be returned.

It returns every scored row whose score reaches the k-th best (ties included); the caller breaks
ties by offer id. Scores are rounded to 6 decimals as the rest of the engine rounds them.

Features are coded ``3 * feature + slot`` (slot 0 essential skill, 1 optional skill,
2 occupation), so one posting table and one forward table serve all three parts.
"""

from __future__ import annotations

import numpy as np
from numba import njit

ESS, OPT, OCC = 0, 1, 2
SLOTS = 3

# A bound keeps this margin above the rounded scores, so that rounding never hides a tie.
SLACK = 1e-5

# 2**64 divided by the golden ratio, as a signed 64-bit number (Fibonacci hashing).
_GOLDEN = np.int64(-7046029254386353131)

# Entries of the bitmap that screens feature codes before the query's table is probed.
_BITMAP = 4096

# Work-permit modes of a profile (rule 3).
PERMIT_YES, PERMIT_NO, PERMIT_PENDING = 0, 1, 2


@njit(cache=True, nogil=True)
def _hash(code: int, slots: int) -> int:
    """A slot of a power-of-two table for a feature code (Fibonacci hashing)."""
    return int(((code * _GOLDEN) >> 32) & (slots - 1))


@njit(cache=True, nogil=True)
def _push(heap: np.ndarray, size: int, score: float) -> int:
    """Keep the k best scores in a min-heap of k slots (`size` used); returns the new size."""
    k = heap.shape[0]
    if size < k:  # sift the new score up
        i = size
        heap[i] = score
        while i > 0:
            parent = (i - 1) // 2
            if heap[parent] <= heap[i]:
                break
            heap[parent], heap[i] = heap[i], heap[parent]
            i = parent
        return size + 1
    if score > heap[0]:  # replace the k-th best and sift it down
        heap[0] = score
        i = 0
        while True:
            small = 2 * i + 1
            if small >= k:
                break
            if small + 1 < k and heap[small + 1] < heap[small]:
                small += 1
            if heap[i] <= heap[small]:
                break
            heap[i], heap[small] = heap[small], heap[i]
            i = small
    return size


@njit(cache=True, nogil=True)
def top_rows(
    k: int,
    n_rows: int,
    postings: tuple,  # type: ignore[type-arg]
    forward: tuple,  # type: ignore[type-arg]
    alive: np.ndarray,
    cols: tuple,  # type: ignore[type-arg]
    query: tuple,  # type: ignore[type-arg]
    ranges: np.ndarray,
    rules: tuple,  # type: ignore[type-arg]
    parts: tuple,  # type: ignore[type-arg]
) -> tuple[np.ndarray, np.ndarray]:
    """Rows (and scores) of the k best admissible offers, ties at the k-th score included.

    - ``postings``: the base segment's (pointers, rows, values) per feature code, and each
      list's largest value;
    - ``forward``: (first delta row, base forward pointers, codes, values, delta pointers,
      codes, values): each row's features;
    - ``cols``: the offers' columns (rules.OfferColumns): region, remote, sector, kind, permit,
      hours, course, start, lang;
    - ``query``: the person's (feature codes, weights);
    - ``ranges``: the runs of base rows [lo, hi) that the person's regions allow;
    - ``rules``: per region code on site and remote allowed, per sector excluded, per kind
      allowed, permit mode, the training kind's code, the person's level per language (-1 none),
      the most hours;
    - ``parts``: per region code inside the person's regions, whether they listed regions,
      the ordinal day they are available from (0 when not given), the dense parts' weights and
      the start date's grace days.
    """
    post_ptr, post_rows, post_values, post_top = postings
    n_base, fwd_ptr, fwd_codes, fwd_values, d_ptr, d_codes, d_values = forward
    region, remote, sector, kind, permit, hours, course, start, lang = cols
    on_site, remote_allowed, sector_bad, kind_ok, permit_mode, training, have, hours_max = rules
    inside, has_regions, available, w_lang, w_place, w_start, grace = parts
    term_codes, term_weights = query
    n_langs = lang.shape[1]
    # Nothing below checks bounds: refuse arrays that do not fit together.
    sizes_ok = (
        0 <= n_base <= n_rows <= min(alive.shape[0], region.shape[0], lang.shape[0])
        and fwd_ptr.shape[0] == n_base + 1
        and d_ptr.shape[0] == n_rows - n_base + 1
        and have.shape[0] >= n_langs
        and (term_codes.shape[0] == 0 or term_codes.min() >= 0)
        and (ranges.shape[0] == 0 or (ranges.min() >= 0 and ranges.max() <= n_base))
    )
    if not sizes_ok:
        raise ValueError("the index's arrays do not fit together")
    # The query's weights in a small open-addressing table (it stays in the fastest cache).
    slots = 64
    while slots < 4 * len(term_codes):
        slots *= 2
    table_codes = np.full(slots, -1, np.int64)
    table_weights = np.zeros(slots)
    for t in range(len(term_codes)):
        h = _hash(term_codes[t], slots)
        while table_codes[h] >= 0 and table_codes[h] != term_codes[t]:
            h = (h + 1) & (slots - 1)
        table_codes[h] = term_codes[t]
        table_weights[h] = term_weights[t]

    # Most of an offer's features are not the person's: a bitmap (in the fastest cache) says so
    # without a probe of the table.
    maybe = np.zeros(_BITMAP, np.bool_)
    for t in range(len(term_codes)):
        maybe[term_codes[t] & (_BITMAP - 1)] = True

    def weight_of(code: int) -> float:
        if not maybe[code & (_BITMAP - 1)]:
            return 0.0
        h = _hash(code, slots)
        while table_codes[h] >= 0:
            if table_codes[h] == code:
                return float(table_weights[h])
            h = (h + 1) & (slots - 1)
        return 0.0

    def dense(row: int) -> float:
        """-1 when the row breaks a hard rule (rules.py); else its language margin, place and
        start parts (scoring.py)."""
        reg = region[row]
        if not (remote_allowed[reg] if remote[row] else on_site[reg]):
            return -1.0
        if sector_bad[sector[row]] or not kind_ok[kind[row]] or hours[row] > hours_max:
            return -1.0
        if permit[row] and (
            permit_mode == PERMIT_NO or (permit_mode == PERMIT_PENDING and kind[row] != training)
        ):
            return -1.0
        slack = 1 if course[row] else 0
        total = 0.0
        required = 0
        for j in range(n_langs):
            need = lang[row, j]
            if need >= 0:
                if have[j] < 0 or have[j] + slack < need:
                    return -1.0
                required += 1
                total += min(1.0, max(0.0, 0.5 + 0.25 * (have[j] - need)))
        out = w_lang * (total / required if required else 1.0)
        if has_regions:
            out += w_place * (1.0 if inside[reg] else 0.5)
        else:
            out += w_place
        begins = start[row]
        if available == 0 or begins == 0 or available - begins <= 0:
            out += w_start
        else:
            out += w_start * min(1.0, max(0.0, 1.0 - (available - begins) / grace))
        return float(out)

    def full(row: int, out: float) -> float:  # add the skill and occupation parts, and round
        if row < n_base:
            for p in range(fwd_ptr[row], fwd_ptr[row + 1]):
                out += weight_of(fwd_codes[p]) * fwd_values[p]
        else:
            d = row - n_base
            for p in range(d_ptr[d], d_ptr[d + 1]):
                out += weight_of(d_codes[p]) * d_values[p]
        return float(np.round(out, 6))

    seen = np.zeros(n_rows, np.bool_)
    found = np.empty(n_rows, np.int64)
    scores = np.empty(n_rows, np.float64)
    heap = np.empty(k, np.float64)
    n_found = 0
    n_heap = 0
    theta = -np.inf

    # 1. The delta segment, every row.
    for row in range(n_base, n_rows):
        seen[row] = True
        part = dense(row) if alive[row] else -1.0
        if part >= 0.0:
            found[n_found] = row
            scores[n_found] = full(row, part)
            n_heap = _push(heap, n_heap, scores[n_found])
            n_found += 1
    if n_heap == k:
        theta = heap[0]

    # 2. Posting lists by their bound, while an unseen row could still reach the k best.
    n_posted = len(post_ptr) - 1
    term_bounds = np.zeros(len(term_codes))
    for t in range(len(term_codes)):
        if term_codes[t] < n_posted:
            term_bounds[t] = term_weights[t] * post_top[term_codes[t]]
    order = np.argsort(-term_bounds, kind="mergesort")
    n_terms = len(order)
    remaining = np.zeros(n_terms + 1)
    sums = np.zeros(SLOTS)
    caps = np.zeros(SLOTS)
    for i in range(n_terms - 1, -1, -1):
        t = order[i]
        slot = term_codes[t] % SLOTS
        sums[slot] += term_bounds[t]
        # An offer's skill values add up to at most 1 per slot, and it has one occupation.
        caps[slot] = max(caps[slot], term_bounds[t] if slot == OCC else term_weights[t])
        remaining[i] = min(sums[0], caps[0]) + min(sums[1], caps[1]) + min(sums[2], caps[2])
    dense_bound = w_lang + w_place + w_start
    read_all = True
    for i in range(n_terms):
        if remaining[i] + dense_bound + SLACK < theta:
            read_all = False
            break
        if term_bounds[order[i]] <= 0.0:
            break  # this list and the rest have no base rows
        code = term_codes[order[i]]
        weight = term_weights[order[i]]
        # An unseen row of this list is in no list read before: its skill and occupation
        # parts are at most its value here plus what the lists after this one can add.
        rest = remaining[i + 1] + SLACK
        a, b = post_ptr[code], post_ptr[code + 1]
        for r in range(ranges.shape[0]):
            p = a + np.searchsorted(post_rows[a:b], ranges[r, 0])
            while p < b and post_rows[p] < ranges[r, 1]:
                row = post_rows[p]
                top = weight * post_values[p] + rest
                p += 1
                if seen[row]:
                    continue
                seen[row] = True  # theta only grows: a row that cannot reach it now never will
                if top + dense_bound < theta or not alive[row]:
                    continue
                part = dense(row)
                if part < 0.0 or top + part < theta:
                    continue
                found[n_found] = row
                scores[n_found] = full(row, part)
                n_heap = _push(heap, n_heap, scores[n_found])
                n_found += 1
                if n_heap == k:
                    theta = heap[0]

    # 3. Offers sharing nothing with the person could still be among the k best: every list
    # was read, so an unseen row has only its dense parts.
    if read_all and dense_bound + SLACK >= theta:
        for r in range(ranges.shape[0]):
            for row in range(ranges[r, 0], ranges[r, 1]):
                if seen[row] or not alive[row]:
                    continue
                part = dense(row)
                if part < 0.0 or part + SLACK < theta:
                    continue
                found[n_found] = row
                scores[n_found] = float(np.round(part, 6))
                n_heap = _push(heap, n_heap, scores[n_found])
                n_found += 1
                if n_heap == k:
                    theta = heap[0]

    keep = scores[:n_found] >= theta
    return found[:n_found][keep], scores[:n_found][keep]
