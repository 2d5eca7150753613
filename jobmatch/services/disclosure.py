"""Statistical disclosure control of the report tables: small counts are hidden, and so is
whatever would let someone work them out again.

A table is a grid of additive counts with, optionally, a total for each row, a total for each
column and a grand total. Publishing it publishes linear equations: each row's cells add up to
its total, each column's cells to theirs. So hiding a count below the threshold (*primary
suppression*) is not enough; other cells are hidden too (*secondary suppression*) until no hidden
value is fixed by the equations of the published cells and margins.

The check is exact, not a rule of thumb: a hidden cell can be recovered iff every solution of
the published equations gives it the same value. With both margins published that is a graph
property (a hidden cell is fixed exactly when it is a bridge of the bipartite graph of rows and
columns whose edges are the hidden cells); with one margin, each line is its own equation. On top
of the equations, a reader knows each "<5" is in ``1..threshold-1`` and each "x" at least the
threshold: interval bounds on each line, and a whole-table linear programme for the small counts
(tables with at most ``LP_LIMIT`` hidden cells), make sure no small count is pinned that way.

Hidden counts below the threshold are shown as ``"<5"``; cells hidden only to protect them are
shown as ``"x"`` (the statistical offices' "confidential" mark), so no published number is false.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.optimize import linprog

SECONDARY_MARK = "x"

Shown = int | str
Position = tuple[int, int]


def primary_mark(threshold: int) -> str:
    return f"<{threshold}"


@dataclass
class ProtectedTable:
    """A table ready to publish: every value is an ``int`` or a mark (``"<5"`` or ``"x"``)."""

    cells: list[list[Shown]]
    row_totals: list[Shown] | None
    column_totals: list[Shown] | None
    grand_total: Shown | None
    suppressed: int
    # Positions in the augmented grid (row R = column totals, column C = row totals).
    hidden: set[Position] = field(default_factory=set)


@dataclass
class _Grid:
    """The augmented grid: cells, then a column of row totals and a row of column totals."""

    values: dict[Position, int]
    equations: list[list[tuple[Position, int]]]
    # Lines whose members are all cells that add up to a published total (for the bounds check).
    sums: list[tuple[list[Position], Position]]


def _grid(
    counts: Sequence[Sequence[int]], *, row_totals: bool, column_totals: bool
) -> tuple[_Grid, int, int]:
    n_rows = len(counts)
    n_cols = len(counts[0]) if n_rows else 0
    values: dict[Position, int] = {}
    for i, row in enumerate(counts):
        if len(row) != n_cols:
            raise ValueError("every row of a table must have the same number of cells")
        for j, value in enumerate(row):
            if value < 0:
                raise ValueError("counts cannot be negative")
            values[(i, j)] = int(value)
    equations: list[list[tuple[Position, int]]] = []
    sums: list[tuple[list[Position], Position]] = []
    if row_totals:
        for i in range(n_rows):
            values[(i, n_cols)] = sum(values[(i, j)] for j in range(n_cols))
            members = [(i, j) for j in range(n_cols)]
            equations.append([(p, 1) for p in members] + [((i, n_cols), -1)])
            sums.append((members, (i, n_cols)))
    if column_totals:
        for j in range(n_cols):
            values[(n_rows, j)] = sum(values[(i, j)] for i in range(n_rows))
            members = [(i, j) for i in range(n_rows)]
            equations.append([(p, 1) for p in members] + [((n_rows, j), -1)])
            sums.append((members, (n_rows, j)))
    if row_totals and column_totals:
        grand = (n_rows, n_cols)
        values[grand] = sum(values[(i, j)] for i in range(n_rows) for j in range(n_cols))
        totals_row = [(n_rows, j) for j in range(n_cols)]
        totals_col = [(i, n_cols) for i in range(n_rows)]
        equations.append([(p, 1) for p in totals_row] + [(grand, -1)])
        equations.append([(p, 1) for p in totals_col] + [(grand, -1)])
        sums.append((totals_row, grand))
        sums.append((totals_col, grand))
    return _Grid(values=values, equations=equations, sums=sums), n_rows, n_cols


def recoverable(
    equations: Sequence[Sequence[tuple[Position, int]]], hidden: set[Position]
) -> set[Position]:
    """The hidden positions whose value the published equations fix exactly."""
    unknowns = sorted(hidden)
    if not unknowns:
        return set()
    index = {p: k for k, p in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = np.zeros(len(unknowns))
        for position, coefficient in equation:
            if position in index:
                row[index[position]] += coefficient
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    full = int(np.linalg.matrix_rank(matrix))
    found = set()
    for k, position in enumerate(unknowns):
        if int(np.linalg.matrix_rank(np.delete(matrix, k, axis=1))) < full:
            found.add(position)
    return found


def _tight_lines(
    grid: _Grid, hidden: set[Position], primary: set[Position], threshold: int
) -> list[list[Position]]:
    """Lines with a published total in which bounds alone pin a hidden cell.

    A reader knows each ``"<5"`` is in ``1..threshold-1`` and each ``"x"`` is at least the
    threshold; with the line's total that bounds each hidden cell, and equal bounds reveal it.
    """
    tight: list[list[Position]] = []
    for members, total in grid.sums:
        if total in hidden:
            continue
        unknown = [p for p in members if p in hidden]
        if len(unknown) < 2:
            continue
        rest = grid.values[total] - sum(grid.values[p] for p in members if p not in hidden)
        low = {p: 1 if p in primary else threshold for p in unknown}
        high = {p: threshold - 1 if p in primary else rest for p in unknown}
        for p in unknown:
            others = [q for q in unknown if q != p]
            lowest = max(low[p], rest - sum(high[q] for q in others))
            highest = min(high[p], rest - sum(low[q] for q in others))
            if lowest >= highest:
                tight.append([q for q in members if q not in hidden])
                break
    return tight


def pinned_by_bounds(
    grid_values: dict[Position, int],
    equations: Sequence[Sequence[tuple[Position, int]]],
    hidden: set[Position],
    primary: set[Position],
    threshold: int,
) -> set[Position]:
    """Hidden small counts that linear programming over the whole table pins to one value.

    The reader is assumed to know every published number, that each ``"<5"`` is in
    ``1..threshold-1`` and that each ``"x"`` is at least the threshold (a stronger reader than
    the equations alone); a cell whose smallest and largest possible values meet is revealed.
    """
    unknowns = sorted(hidden)
    if not unknowns:
        return set()
    index = {p: k for k, p in enumerate(unknowns)}
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for equation in equations:
        row = [0.0] * len(unknowns)
        rhs = 0.0
        for position, coefficient in equation:
            if position in index:
                row[index[position]] += coefficient
            else:
                rhs -= coefficient * grid_values[position]
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
    bounds: list[tuple[float, float | None]] = [
        (1, threshold - 1) if p in primary else (min(threshold, grid_values[p]), None)
        for p in unknowns
    ]
    # Every solution found shows a value each cell can take; a cell seen with two values is
    # not pinned, so most cells need no optimisation of their own.
    seen_low = [float("inf")] * len(unknowns)
    seen_high = [float("-inf")] * len(unknowns)
    pinned: set[Position] = set()

    def solve(objective: Sequence[float]) -> bool:
        result = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        if result.status != 0:
            return False
        for j, value in enumerate(result.x):
            seen_low[j] = min(seen_low[j], value)
            seen_high[j] = max(seen_high[j], value)
        return True

    # A few random directions first: their optima spread most cells at once (seeded, so the
    # same table is always protected the same way).
    rng = np.random.default_rng(len(unknowns))
    for _ in range(RANDOM_DIRECTIONS if len(unknowns) > 12 else 0):
        solve(rng.standard_normal(len(unknowns)).tolist())
    for k, position in enumerate(unknowns):
        if position not in primary:
            # A hidden count of at least the threshold is not itself a small count; the exact
            # linear check covers it, and this check is about the small ones.
            continue
        for sign in (1.0, -1.0):
            if seen_high[k] - seen_low[k] >= 0.5:
                break
            objective = [0.0] * len(unknowns)
            objective[k] = sign
            if not solve(objective):  # unbounded: the cell can take any value above
                seen_high[k] = float("inf")
        if seen_high[k] - seen_low[k] < 0.5:
            pinned.add(position)
    return pinned


Vertex = tuple[str, int]

# Past this many hidden cells, the whole-table LP check is skipped (its cost grows fast); the
# exact linear check and the per-line bounds check still apply.
LP_LIMIT = 60
RANDOM_DIRECTIONS = 8


def _bridges(hidden: set[Position]) -> list[tuple[Position, set[Vertex], set[Vertex]]]:
    """Hidden cells no cycle of hidden cells passes through, each with both sides of the cut.

    With row and column totals published, the table's equations are those of a bipartite graph
    (rows and columns, the totals included, as vertices; hidden cells as edges): a hidden cell
    is fixed by the equations exactly when it is a bridge of that graph.
    """
    adjacency: dict[Vertex, list[tuple[Vertex, Position]]] = {}
    for i, j in hidden:
        adjacency.setdefault(("r", i), []).append((("c", j), (i, j)))
        adjacency.setdefault(("c", j), []).append((("r", i), (i, j)))
    order: dict[Vertex, int] = {}
    low: dict[Vertex, int] = {}
    found: list[Position] = []
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[Vertex, Position | None, int]] = [(root, None, 0)]
        while stack:
            vertex, via, k = stack[-1]
            edges = adjacency[vertex]
            if k < len(edges):
                stack[-1] = (vertex, via, k + 1)
                other, edge = edges[k]
                if edge == via:
                    continue
                if other in order:
                    low[vertex] = min(low[vertex], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent] and via is not None:
                        found.append(via)

    def side(edge: Position, start: Vertex) -> set[Vertex]:
        reached = {start}
        todo = [start]
        while todo:
            vertex = todo.pop()
            for other, e in adjacency[vertex]:
                if e != edge and other not in reached:
                    reached.add(other)
                    todo.append(other)
        return reached

    return [(e, side(e, ("r", e[0])), side(e, ("c", e[1]))) for e in sorted(found)]


def protect(
    counts: Sequence[Sequence[int]],
    *,
    threshold: int,
    row_totals: bool = True,
    column_totals: bool = True,
) -> ProtectedTable:
    """Hide every count in ``1..threshold-1`` and enough others that none can be worked out.

    The same table always gets the same protection (and is computed once per process).
    """
    frozen = tuple(tuple(int(v) for v in row) for row in counts)
    kept = _protect(frozen, threshold, row_totals, column_totals)
    # A copy the caller may change; the values are ints and strings (deepcopy took a dashboard
    # more time than its counting).
    return ProtectedTable(
        cells=[list(row) for row in kept.cells],
        row_totals=list(kept.row_totals) if kept.row_totals is not None else None,
        column_totals=list(kept.column_totals) if kept.column_totals is not None else None,
        grand_total=kept.grand_total,
        suppressed=kept.suppressed,
        hidden=set(kept.hidden),
    )


@lru_cache(maxsize=512)
def _protect(
    counts: tuple[tuple[int, ...], ...], threshold: int, row_totals: bool, column_totals: bool
) -> ProtectedTable:
    """Hide every count in ``1..threshold-1`` and enough others that none can be worked out.

    ``row_totals`` / ``column_totals`` say which margins are published (a table whose columns
    are different measures, not parts of a whole, has no row totals). Zeros are published: a
    zero identifies no one.
    """
    grid, n_rows, n_cols = _grid(counts, row_totals=row_totals, column_totals=column_totals)
    values = grid.values
    primary = {p for p, v in values.items() if 0 < v < threshold}
    hidden = set(primary)
    both = row_totals and column_totals

    def cost(p: Position) -> tuple[int, int, int]:
        # The smallest non-zero interior cell loses least; totals and zeros come last.
        is_margin = int(p[0] == n_rows or p[1] == n_cols)
        return (int(values[p] == 0), is_margin, values[p])

    def cheapest(options: Iterable[Position]) -> Position | None:
        free = [p for p in options if p not in hidden and p in values]
        return min(sorted(free), key=cost) if free else None

    def line_of(p: Position) -> list[Position]:
        i, j = p
        return [(i, c) for c in range(n_cols + 1)] + [(r, j) for r in range(n_rows + 1)]

    def fix_one() -> bool:
        """Hide one more cell where the table gives something away; False when nothing does."""
        if both:
            bridges = _bridges(hidden)
            touched = {("r", i) for i, _ in hidden} | {("c", j) for _, j in hidden}
            for edge, row_side, column_side in bridges:
                # A cell joining the two sides of the cut closes a cycle through the bridge.
                across = [
                    (i, j)
                    for (i, j) in values
                    if (("r", i) in row_side and ("c", j) in column_side)
                    or (("r", i) in column_side and ("c", j) in row_side)
                ]
                choice = cheapest(across)
                if choice is None:
                    # Otherwise grow the bridge's line, towards cells already hidden if any.
                    line = line_of(edge)
                    near = [(i, j) for i, j in line if ("r", i) in touched and ("c", j) in touched]
                    choice = cheapest(near) or cheapest(line)
                if choice is not None:
                    hidden.add(choice)
                    return True
        else:
            for equation in grid.equations:
                unknown = [q for q, _ in equation if q in hidden]
                if len(unknown) == 1:
                    choice = cheapest(q for q, _ in equation)
                    if choice is not None:
                        hidden.add(choice)
                        return True
        for line in _tight_lines(grid, hidden, primary, threshold):
            choice = cheapest(line)
            if choice is not None:
                hidden.add(choice)
                return True
        return False

    # Each pass hides one more cell; the grid is finite, so this ends.
    while True:
        while fix_one():
            pass
        # With one margin only, each line is its own equation and the bounds check above is
        # already exact; with both, the whole table can pin a cell, which LP finds.
        if not both or len(hidden) > LP_LIMIT:
            break
        pinned = pinned_by_bounds(values, grid.equations, hidden, primary, threshold)
        choices = {c for p in sorted(pinned) if (c := cheapest(line_of(p)))}
        if not choices:
            break
        hidden |= choices
    mark = primary_mark(threshold)

    def shown(p: Position) -> Shown:
        if p not in hidden:
            return values[p]
        return mark if p in primary else SECONDARY_MARK

    cells = [[shown((i, j)) for j in range(n_cols)] for i in range(n_rows)]
    return ProtectedTable(
        cells=cells,
        row_totals=[shown((i, n_cols)) for i in range(n_rows)] if row_totals else None,
        column_totals=[shown((n_rows, j)) for j in range(n_cols)] if column_totals else None,
        grand_total=shown((n_rows, n_cols)) if row_totals and column_totals else None,
        suppressed=len(hidden),
        hidden=hidden,
    )


def protect_series(values: Sequence[int], *, threshold: int) -> ProtectedTable:
    """A single column of counts with its total (a 1-D table)."""
    return protect([[v] for v in values], threshold=threshold, row_totals=False, column_totals=True)


def published_equations(
    counts: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True
) -> list[list[tuple[Position, int]]]:
    """The equations a reader gets from the margins (for tests and audits of a table)."""
    grid, _, _ = _grid(counts, row_totals=row_totals, column_totals=column_totals)
    return grid.equations
