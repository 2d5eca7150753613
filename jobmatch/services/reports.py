"""Network reports: counts of offers, people and outcomes, never a list of people.

Every table is built the same way: the rows of the database in the coordinator's networks become
*facts* (one per offer, profile, introduction or outcome, with its month, region, sector,
organisation and offer kind), the filters drop facts, and the facts are counted into a grid
whose rows are one dimension (month, region, sector, organisation) and whose columns are the
categories of the measure. The grid then goes through :mod:`jobmatch.services.disclosure`, so
small counts (and whatever would reveal them) are hidden before anything leaves this module.

The scope (which networks) is :mod:`jobmatch.services.network_scope`; the facts are
:mod:`jobmatch.services.report_facts`.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from jobmatch.config import Settings
from jobmatch.errors import Invalid, Message, NotFound, Plural
from jobmatch.models import User
from jobmatch.models.enums import DeclineReason, IntroductionStatus, OfferKind
from jobmatch.policy import NetworkScope
from jobmatch.services.disclosure import ProtectedTable, Shown, protect
from jobmatch.services.network_scope import (
    narrow_scope,
    network_scope,
    networks_in_scope,
    organisations_in_scope,
)
from jobmatch.services.organisations import REGION_MESSAGE
from jobmatch.services.report_facts import (
    RETENTION_MONTHS,
    Fact,
    World,
    facts_for,
    load_world,
)

__all__ = [
    "DIMENSIONS",
    "REPORTS",
    "TABLES",
    "ReportFilters",
    "ReportTable",
    "dashboard",
    "make_table",
    "narrow_scope",
    "network_scope",
    "networks_in_scope",
    "organisations_in_scope",
    "parse_filters",
    "report",
    "to_csv",
]

DIMENSIONS = ("month", "region", "sector", "organisation")
MAX_MONTHS = 60


@dataclass(frozen=True)
class ReportFilters:
    """What a coordinator narrows a report to; ``None`` means everything in their networks."""

    date_from: date | None = None
    date_to: date | None = None
    region: str | None = None
    organisation_id: int | None = None
    kind: str | None = None
    network_id: int | None = None


@dataclass
class ReportTable:
    """A protected table: every number in it is safe to show, export or send."""

    key: str
    title: str
    by: str
    rows: list[str]
    row_labels: list[str]
    columns: list[str]
    column_labels: list[str]
    cells: list[list[Shown]]
    row_totals: list[Shown] | None
    column_totals: list[Shown] | None
    grand_total: Shown | None
    suppressed: int
    note: str = ""
    extra: dict[str, list[Shown | float | None]] = field(default_factory=dict)

    def records(self) -> list[dict[str, Shown | float | None]]:
        """One dict per row (``by`` and each column), for JSON and CSV."""
        out: list[dict[str, Shown | float | None]] = []
        for i, key in enumerate(self.rows):
            record: dict[str, Shown | float | None] = {self.by: key}
            if self.by == "organisation":
                record["organisation_name"] = self.row_labels[i]
            for j, column in enumerate(self.columns):
                record[column] = self.cells[i][j]
            if self.row_totals is not None:
                record["total"] = self.row_totals[i]
            for name, values in self.extra.items():
                record[name] = values[i]
            out.append(record)
        return out

    def totals(self) -> dict[str, Shown]:
        totals: dict[str, Shown] = {}
        if self.column_totals is not None:
            totals.update(zip(self.columns, self.column_totals, strict=True))
        if self.grand_total is not None:
            totals["total"] = self.grand_total
        return totals


# --- filters -------------------------------------------------------------------------------


def parse_filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    region: str | None = None,
    organisation: str | None = None,
    kind: str | None = None,
    network: str | None = None,
    today: date | None = None,
) -> ReportFilters:
    """Filters from query text (pages and API share it); bad values → ``Invalid``."""
    errors: dict[str, str] = {}
    parsed: dict[str, date | None] = {}
    for name, text in (("from", date_from), ("to", date_to)):
        parsed[name] = None
        if text:
            try:
                parsed[name] = date.fromisoformat(text)
            except ValueError:
                errors[name] = "Give a date as YYYY-MM-DD."
    start, end = parsed["from"], parsed["to"]
    if start and end and start > end:
        errors["to"] = "The end of the period must be after its start."
    region = (region or "").strip().upper() or None
    if region and (not region.isalnum() or len(region) > 5):
        errors["region"] = REGION_MESSAGE
    kind = (kind or "").strip() or None
    if kind and kind not in {k.value for k in OfferKind}:
        errors["kind"] = Message(
            "Choose one of: %(kinds)s.", kinds=[Message(k.value) for k in OfferKind]
        )
    ids: dict[str, int | None] = {}
    for name, text in (("organisation", organisation), ("network", network)):
        ids[name] = None
        if text:
            try:
                ids[name] = int(text)
            except ValueError:
                errors[name] = "Choose one from the list."
    if errors:
        raise Invalid("Some filters are not valid.", errors)
    return ReportFilters(
        date_from=start,
        date_to=end,
        region=region,
        organisation_id=ids["organisation"],
        kind=kind,
        network_id=ids["network"],
    )


def _period(filters: ReportFilters, today: date) -> tuple[date, date]:
    """The period of a report: the last twelve months unless the filters say otherwise."""
    end = filters.date_to or today
    start = filters.date_from or date(end.year - 1, end.month, 1)
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        raise Invalid(
            "Some filters are not valid.",
            {"from": Message("Choose a period of at most %(n)s years.", n=MAX_MONTHS // 12)},
        )
    return start, end


def _months(start: date, end: date) -> list[str]:
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month) and len(months) < MAX_MONTHS:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _keep(fact: Fact, filters: ReportFilters, start: date, end: date) -> bool:
    if not start <= fact.day <= end:
        return False
    if filters.region and not fact.region.startswith(filters.region):
        return False
    if filters.organisation_id is not None and filters.organisation_id not in fact.organisations:
        return False
    return not (filters.kind and fact.kind is not None and fact.kind != filters.kind)


# --- tables --------------------------------------------------------------------------------

SECTORS = {
    "A": "Agriculture, forestry and fishing",
    "C": "Manufacturing",
    "F": "Construction",
    "G": "Wholesale and retail trade",
    "H": "Transport and storage",
    "I": "Accommodation and food services",
    "N": "Administrative and support services",
    "Q": "Health and social work",
    "S": "Other services",
}


@dataclass(frozen=True)
class TableSpec:
    title: str
    columns: list[tuple[str, str]]
    row_totals: bool
    note: str = ""


def _row_key(fact: Fact, by: str) -> str:
    if by == "month":
        return f"{fact.day.year:04d}-{fact.day.month:02d}"
    if by == "region":
        return fact.region or "unknown"
    if by == "sector":
        return fact.sector or "unknown"
    return str(fact.organisation_id) if fact.organisation_id is not None else "unknown"


def _row_label(world: World, by: str, key: str) -> str:
    if by == "organisation" and key != "unknown":
        organisation = world.organisations.get(int(key))
        return organisation.name if organisation else key
    if by == "sector" and key in SECTORS:
        return f"{key} – {SECTORS[key]}"
    return key


def _build(
    world: World,
    *,
    key: str,
    spec: TableSpec,
    facts: Iterable[Fact],
    by: str,
    filters: ReportFilters,
    today: date,
    threshold: int,
) -> ReportTable:
    start, end = _period(filters, today)
    kept = [f for f in facts if _keep(f, filters, start, end)]
    columns = [c for c, _ in spec.columns]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for fact in kept:
        if fact.column in columns:
            counts[(_row_key(fact, by), fact.column)] += fact.weight
    rows = _months(start, end) if by == "month" else sorted({r for r, _ in counts})
    grid = [[counts.get((r, c), 0) for c in columns] for r in rows] or [[0] * len(columns)]
    protected: ProtectedTable = protect(
        grid, threshold=threshold, row_totals=spec.row_totals and len(columns) > 1
    )
    if not rows:
        protected.cells = []
        protected.row_totals = [] if protected.row_totals is not None else None
    return ReportTable(
        key=key,
        title=spec.title,
        by=by,
        rows=rows,
        row_labels=[_row_label(world, by, r) for r in rows],
        columns=columns,
        column_labels=[label for _, label in spec.columns],
        cells=protected.cells,
        row_totals=protected.row_totals,
        column_totals=protected.column_totals,
        grand_total=protected.grand_total,
        suppressed=protected.suppressed if rows else 0,
        note=spec.note,
    )


KIND_COLUMNS = [(k.value, k.value.capitalize()) for k in OfferKind]
STATUS_COLUMNS = [(s.value, s.value.capitalize()) for s in IntroductionStatus]
REASON_COLUMNS = [(r.value, r.value.replace("_", " ").capitalize()) for r in DeclineReason]
RETENTION_COLUMNS = [
    (f"retained_{m}m", Plural("At %(n)s month", "At %(n)s months", n=m)) for m in RETENTION_MONTHS
]
OUTCOME_COLUMNS = [
    ("introductions", "Introductions"),
    ("approved", "Introductions approved"),
    ("hired", "Placements"),
    ("started", "Started work"),
    *RETENTION_COLUMNS,
    ("ended", "Ended"),
]

TABLES: dict[str, TableSpec] = {
    "offers": TableSpec("Offers published", KIND_COLUMNS, True),
    "places": TableSpec("Places offered", KIND_COLUMNS, True),
    "profiles": TableSpec(
        "Active profiles",
        [("active", "Active profiles")],
        False,
        "By the region of the supporting organisation; profiles have no sector or offer kind.",
    ),
    "introductions": TableSpec("Introductions by status", STATUS_COLUMNS, True),
    "placements": TableSpec(
        "Placements and retention",
        [("hired", "Placements"), *RETENTION_COLUMNS],
        False,
        "Retention counts people still in work at each check-in.",
    ),
    "time_to_placement": TableSpec(
        "Days from profile to placement",
        [("hired", "Placements counted")],
        False,
        "The median is shown only where the placements counted are shown.",
    ),
    "declines": TableSpec("Decline reasons", REASON_COLUMNS, True),
    "outcomes": TableSpec("Outcomes", OUTCOME_COLUMNS, False),
}
REPORTS = tuple(TABLES)


def report(
    session: Session,
    *,
    actor: User | None,
    settings: Settings,
    key: str,
    by: str = "month",
    filters: ReportFilters | None = None,
    today: date | None = None,
) -> ReportTable:
    """One protected table of the coordinator's networks (the dashboard's, on its own)."""
    if key not in TABLES:
        raise NotFound("No such report.")
    return dashboard(
        session, actor=actor, settings=settings, by=by, filters=filters, today=today, keys=(key,)
    )[0]


def _table(
    world: World, *, key: str, by: str, filters: ReportFilters, today: date, threshold: int
) -> ReportTable:
    facts, days = facts_for(world, key)
    table = _build(
        world,
        key=key,
        spec=TABLES[key],
        facts=facts,
        by=by,
        filters=filters,
        today=today,
        threshold=threshold,
    )
    if key == "time_to_placement":
        start, end = _period(filters, today)
        per_row: dict[str, list[int]] = defaultdict(list)
        for fact in facts:
            if _keep(fact, filters, start, end):
                per_row[_row_key(fact, by)].append(days[fact])
        medians: list[Shown | float | None] = []
        for i, row in enumerate(table.rows):
            shown = table.cells[i][0]
            values = per_row.get(row, [])
            # Only where the count itself is published: a median of 1–4 people is one of them.
            published = isinstance(shown, int) and shown >= threshold
            medians.append(float(statistics.median(values)) if published and values else None)
        table.extra["median_days"] = medians
    return table


def dashboard(
    session: Session,
    *,
    actor: User | None,
    settings: Settings,
    by: str = "month",
    filters: ReportFilters | None = None,
    today: date | None = None,
    keys: Iterable[str] = (
        "offers",
        "places",
        "profiles",
        "introductions",
        "placements",
        "time_to_placement",
        "declines",
    ),
    scope: NetworkScope | None = None,
) -> list[ReportTable]:
    """The dashboard's tables, loaded once (``scope``: the actor's ``network_scope``, when the
    page already has it)."""
    if by not in DIMENSIONS:
        raise Invalid(
            "Choose how to group the report.",
            {"by": Message("Choose one of: %(values)s.", values=", ".join(DIMENSIONS))},
        )
    filters = filters or ReportFilters()
    today = today or date.today()
    _period(filters, today)
    scope = narrow_scope(session, scope or network_scope(session, actor=actor), filters.network_id)
    world = load_world(session, scope, today)
    return [
        _table(
            world,
            key=k,
            by=by,
            filters=filters,
            today=today,
            threshold=settings.suppression_threshold,
        )
        for k in keys
    ]


def _cell_text(value: Shown | float | None) -> str:
    if value is None:
        return ""
    text = str(value)
    # A spreadsheet runs a cell starting with = + - @ as a formula: quote it.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(table: ReportTable) -> str:
    """The table as CSV, with a last row of totals; the same marks as everywhere else."""
    records = table.records()
    header = [table.by]
    if table.by == "organisation":
        header.append("organisation_name")
    header += table.columns
    if table.row_totals is not None:
        header.append("total")
    header += list(table.extra)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow([_cell_text(record.get(name)) for name in header])
    totals = table.totals()
    if totals:
        writer.writerow(["total"] + [_cell_text(totals.get(name)) for name in header[1:]])
    return buffer.getvalue()


def make_table(
    *,
    key: str,
    title: str,
    by: str,
    rows: list[str],
    row_labels: list[str],
    columns: list[tuple[str, str]],
    counts: list[list[int]],
    row_totals: bool,
    threshold: int,
    note: str = "",
) -> ReportTable:
    """A protected table from counts made elsewhere (e.g. an allocation run's summary)."""
    grid = counts or [[0] * len(columns)]
    protected = protect(grid, threshold=threshold, row_totals=row_totals and len(columns) > 1)
    return ReportTable(
        key=key,
        title=title,
        by=by,
        rows=rows,
        row_labels=row_labels,
        columns=[c for c, _ in columns],
        column_labels=[label for _, label in columns],
        cells=protected.cells if rows else [],
        row_totals=(protected.row_totals if rows else []) if protected.row_totals else None,
        column_totals=protected.column_totals,
        grand_total=protected.grand_total,
        suppressed=protected.suppressed if rows else 0,
        note=note,
    )
