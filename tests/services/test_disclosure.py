"""Disclosure control: adversarial tables, and attackers who solve the published equations."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from jobmatch.services.disclosure import (
    SECONDARY_MARK,
    ProtectedTable,
    protect,
    protect_series,
    published_equations,
)

T = 5
Position = tuple[int, int]


def augmented(table: ProtectedTable) -> dict[Position, int | str]:
    """What a reader sees, on the grid with the totals in the last row and column."""
    n_rows, n_cols = len(table.cells), len(table.cells[0])
    seen: dict[Position, int | str] = {}
    for i, row in enumerate(table.cells):
        for j, value in enumerate(row):
            seen[(i, j)] = value
    if table.row_totals is not None:
        for i, value in enumerate(table.row_totals):
            seen[(i, n_cols)] = value
    if table.column_totals is not None:
        for j, value in enumerate(table.column_totals):
            seen[(n_rows, j)] = value
    if table.grand_total is not None:
        seen[(n_rows, n_cols)] = table.grand_total
    return seen


def solved_by_elimination(
    equations: list[list[tuple[Position, int]]], seen: dict[Position, int | str]
) -> set[Position]:
    """The attacker: exact Gauss-Jordan elimination over the hidden cells (no floating point).

    A hidden cell is recovered when a reduced row has its pivot on it and nothing else.
    """
    hidden = sorted(p for p, v in seen.items() if isinstance(v, str))
    index = {p: k for k, p in enumerate(hidden)}
    rows: list[list[Fraction]] = []
    for equation in equations:
        row = [Fraction(0)] * (len(hidden) + 1)
        for position, coefficient in equation:
            value = seen[position]
            if isinstance(value, str):
                row[index[position]] += coefficient
            else:
                row[-1] -= coefficient * value
        rows.append(row)
    pivot_row = 0
    pivots: list[int] = []
    for col in range(len(hidden)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append(col)
        pivot_row += 1
    recovered = set()
    for r, col in enumerate(pivots):
        if all(rows[r][c] == 0 for c in range(len(hidden)) if c != col):
            recovered.add(hidden[col])
    return recovered


def pinned_by_bounds(
    equations: list[list[tuple[Position, int]]], seen: dict[Position, int | str]
) -> set[Position]:
    """The stronger attacker: linear programming with "<5" in 1..4 and every count ≥ 0."""
    hidden = sorted(p for p, v in seen.items() if isinstance(v, str))
    if not hidden:
        return set()
    index = {p: k for k, p in enumerate(hidden)}
    a_eq, b_eq = [], []
    for equation in equations:
        row = np.zeros(len(hidden))
        rhs = 0.0
        for position, coefficient in equation:
            value = seen[position]
            if isinstance(value, str):
                row[index[position]] += coefficient
            else:
                rhs -= coefficient * value
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = [(1, T - 1) if seen[p] == f"<{T}" else (0, None) for p in hidden]
    pinned = set()
    for k, position in enumerate(hidden):
        c = np.zeros(len(hidden))
        c[k] = 1
        low = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        high = linprog(-c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        assert low.status == 0 and high.status in (0, 3)  # 3: no upper bound at all
        if high.status == 0 and abs(-high.fun - low.fun) < 1e-6:
            pinned.add(position)
    return pinned


def check(
    counts: list[list[int]], *, row_totals: bool = True, column_totals: bool = True
) -> ProtectedTable:
    table = protect(counts, threshold=T, row_totals=row_totals, column_totals=column_totals)
    seen = augmented(table)
    equations = published_equations(counts, row_totals=row_totals, column_totals=column_totals)
    true = {(i, j): v for i, row in enumerate(counts) for j, v in enumerate(row)}
    # Every small count is hidden, and every published number is the true one.
    for position, value in true.items():
        if 0 < value < T:
            assert seen[position] == "<5", (position, value)
    for equation in equations:
        published = [seen[p] for p, _ in equation]
        if all(isinstance(v, int) for v in published):
            assert sum(c * int(seen[p]) for p, c in equation) == 0
    for position, value in seen.items():
        if isinstance(value, int):
            assert position not in true or true[position] == value
        elif value == SECONDARY_MARK and position in true:
            assert not 0 < true[position] < T
    assert not solved_by_elimination(equations, seen), (counts, seen)
    return table


def test_a_lone_small_cell_takes_a_rectangle_with_it() -> None:
    table = check([[10, 2, 8], [7, 9, 12], [6, 6, 20]])
    assert table.cells[0][1] == "<5"
    assert table.suppressed == 4
    # the margins stay published
    assert table.row_totals == [20, 28, 32] and table.column_totals == [23, 17, 40]
    assert table.grand_total == 80


def test_no_small_counts_publishes_everything() -> None:
    table = check([[10, 20], [30, 40]])
    assert table.suppressed == 0
    assert table.cells == [[10, 20], [30, 40]]


def test_zeros_are_published() -> None:
    table = check([[0, 10], [0, 12]])
    assert table.cells == [[0, 10], [0, 12]]


def test_a_small_total_is_hidden_too() -> None:
    table = check([[1, 0, 0], [6, 7, 9], [8, 9, 10]])
    assert table.row_totals is not None and table.row_totals[0] == "<5"


def test_two_ones_in_a_line_are_not_left_pinned_by_its_total() -> None:
    # 1 + 1 = 2 with each "<5" at least 1 would reveal both: more is hidden.
    counts = [[1, 1, 30], [10, 12, 30]]
    table = check(counts)
    assert not pinned_by_bounds(published_equations(counts), augmented(table))


def test_single_cell_tables() -> None:
    assert check([[3]]).cells == [["<5"]]
    assert check([[7]]).cells == [[7]]


def test_series_with_a_total() -> None:
    table = protect_series([3, 10, 20], threshold=T)
    assert table.cells == [["<5"], ["x"], [20]]
    assert table.column_totals == [33]
    seen = augmented(table)
    equations = published_equations([[3], [10], [20]], row_totals=False, column_totals=True)
    assert not solved_by_elimination(equations, seen)
    assert not pinned_by_bounds(equations, seen)


def test_series_whose_small_cells_would_be_pinned_by_the_total() -> None:
    # 1 + x = 6 with x >= 5 pins the 1: a third value is hidden.
    table = protect_series([1, 5, 20], threshold=T)
    assert sum(1 for row in table.cells if isinstance(row[0], str)) == 3


def test_columns_of_different_measures_have_no_row_totals() -> None:
    table = check([[3, 20], [9, 2], [12, 11]], row_totals=False)
    assert table.row_totals is None and table.grand_total is None


@pytest.mark.parametrize(
    "counts",
    [
        [[1, 1], [1, 1]],
        [[1, 50], [50, 50]],
        [[4, 0, 0], [0, 4, 0], [0, 0, 4]],
        [[2, 9, 9, 9], [9, 9, 9, 9], [9, 9, 9, 2]],
        [[3, 3, 3], [3, 3, 3]],
        [[0, 0, 0], [0, 0, 1]],
        [[1], [0], [0], [40]],
        [[100, 1, 100, 100, 100]],
        [[1, 2, 3, 4], [4, 3, 2, 1], [5, 6, 7, 8]],
    ],
)
def test_adversarial_tables(counts: list[list[int]]) -> None:
    check(counts)
    check(counts, row_totals=False)
    check(counts, column_totals=False)


def test_random_tables_resist_elimination() -> None:
    rng = random.Random(7)
    for _ in range(80):
        n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 6)
        counts = [
            [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 11, 20, 45]) for _ in range(n_cols)]
            for _ in range(n_rows)
        ]
        check(counts)


def test_small_random_tables_resist_bounds_on_each_line() -> None:
    # A reader who also uses "<5" = 1..4 and counts >= 0 (linear programming) on 1-D tables.
    rng = random.Random(11)
    for _ in range(30):
        values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for _ in range(rng.randint(1, 6))]
        table = protect_series(values, threshold=T)
        counts = [[v] for v in values]
        seen = augmented(table)
        equations = published_equations(counts, row_totals=False, column_totals=True)
        assert not pinned_by_bounds(equations, seen), (values, table.cells)


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        protect([[1, -1]], threshold=T)


def test_small_random_tables_resist_linear_programming() -> None:
    # The strongest reader here: every published number, "<5" = 1..4, counts >= 0, whole table.
    rng = random.Random(3)
    for _ in range(40):
        n_rows, n_cols = rng.randint(1, 4), rng.randint(1, 4)
        counts = [
            [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for _ in range(n_cols)] for _ in range(n_rows)
        ]
        table = check(counts)
        assert not pinned_by_bounds(published_equations(counts), augmented(table)), counts


def test_a_caller_changing_its_table_does_not_change_the_next_answer() -> None:
    counts = [[3, 9, 12], [8, 2, 10], [15, 11, 7]]
    first = protect(counts, threshold=T)
    expected = (
        [list(row) for row in first.cells],
        list(first.row_totals or []),
        list(first.column_totals or []),
        set(first.hidden),
    )
    first.cells[0][0] = 999
    first.cells.clear()
    (first.row_totals or []).clear()
    (first.column_totals or []).clear()
    first.hidden.clear()
    again = protect(counts, threshold=T)
    assert (again.cells, again.row_totals, again.column_totals, again.hidden) == expected
    assert again.cells[0][0] == "<5" and again.hidden
