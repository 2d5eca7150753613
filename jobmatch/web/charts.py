"""Charts drawn on the server as accessible SVG: no script, no chart library, no style attribute.

Each chart has a ``<title>`` and a ``<desc>`` (named by ``aria-labelledby``), labelled axes and a
legend; the page puts the same numbers in a table beside it, so the chart is never the only way
to read them. Colours come from classes in ``static/charts.css`` (the CSP forbids inline styles).
A hidden count ("<5" or "x") is not drawn: a line breaks there and a bar is left out, with the
mark written in its place.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Value = int | str | None

WIDTH = 640
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64
MAX_SERIES = 6
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]


def _nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the y axis and its tick step (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 5.0, 1.0
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    return step * math.ceil(value / step), step


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _frame(
    *, title: str, description: str, x_label: str, y_label: str, top: float, step: float
) -> tuple[list[str], str]:
    n = next(_ids)
    title_id, desc_id = f"chart-{n}-title", f"chart-{n}-desc"
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    plot_h = HEIGHT - TOP - BOTTOM
    tick = 0.0
    while tick <= top + 1e-9:
        y = TOP + plot_h - plot_h * tick / top
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="chart-tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_number(tick)}</text>"
        )
        tick += step
    base = TOP + plot_h
    parts.append(
        f'<line class="chart-axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>'
    )
    parts.append(f'<line class="chart-axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{base}"/>')
    parts.append(
        f'<text class="chart-label" x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 6}" '
        f'text-anchor="middle">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text class="chart-label" x="14" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.1f})">{escape(y_label)}</text>'
    )
    return parts, title_id


def _top(series: Sequence[Series]) -> tuple[float, float]:
    numbers = [v for s in series for v in s.values if isinstance(v, int)]
    return _nice_ceiling(max(numbers, default=0))


def _x_labels(parts: list[str], labels: Sequence[str], centres: Sequence[float]) -> None:
    # Label every n-th category so that the labels never overlap.
    every = max(1, math.ceil(len(labels) / 12))
    base = HEIGHT - BOTTOM
    for i, (label, x) in enumerate(zip(labels, centres, strict=True)):
        if i % every == 0:
            text = label if len(label) <= 14 else label[:13] + "…"
            parts.append(
                f'<text class="chart-tick" x="{x:.1f}" y="{base + 16}" text-anchor="middle">'
                f"{escape(text)}</text>"
            )


def _legend(parts: list[str], series: Sequence[Series]) -> None:
    if len(series) < 2:
        return
    x = LEFT
    y = HEIGHT - 24
    for k, s in enumerate(series):
        parts.append(f'<rect class="chart-series-{k}" x="{x}" y="{y - 9}" width="10" height="10"/>')
        parts.append(f'<text class="chart-legend" x="{x + 14}" y="{y}">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
) -> Markup:
    """Grouped bars: one group per label, one bar per series."""
    series = list(series)[:MAX_SERIES]
    top, step = _top(series)
    parts, _ = _frame(
        title=title, description=description, x_label=x_label, y_label=y_label, top=top, step=step
    )
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    group = plot_w / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    centres = []
    for i, label in enumerate(labels):
        start = LEFT + i * group + group * 0.1
        centres.append(LEFT + i * group + group / 2)
        for k, s in enumerate(series):
            value = s.values[i]
            x = start + k * bar
            if isinstance(value, int):
                h = plot_h * value / top
                parts.append(
                    f'<rect class="chart-series-{k}" x="{x:.1f}" y="{base - h:.1f}" '
                    f'width="{max(bar - 1, 1):.1f}" height="{h:.1f}">'
                    f"<title>{escape(label)}, {escape(s.name)}: {value}</title></rect>"
                )
            elif value is not None:
                parts.append(
                    f'<text class="chart-mark" x="{x + bar / 2:.1f}" y="{base - 4}" '
                    f'text-anchor="middle">{escape(value)}</text>'
                )
    _x_labels(parts, labels, centres)
    _legend(parts, series)
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
) -> Markup:
    """One line per series over the labels (months); hidden values break the line."""
    series = list(series)[:MAX_SERIES]
    top, step = _top(series)
    parts, _ = _frame(
        title=title, description=description, x_label=x_label, y_label=y_label, top=top, step=step
    )
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    gap = plot_w / max(len(labels), 1)
    centres = [LEFT + gap * (i + 0.5) for i in range(len(labels))]
    for k, s in enumerate(series):
        run: list[str] = []
        for i, value in enumerate(s.values):
            if isinstance(value, int):
                y = base - plot_h * value / top
                run.append(f"{centres[i]:.1f},{y:.1f}")
                parts.append(
                    f'<circle class="chart-series-{k}" cx="{centres[i]:.1f}" cy="{y:.1f}" r="3">'
                    f"<title>{escape(labels[i])}, {escape(s.name)}: {value}</title></circle>"
                )
            else:
                if len(run) > 1:
                    parts.append(
                        f'<polyline class="chart-line-{k}" fill="none" points="{" ".join(run)}"/>'
                    )
                run = []
        if len(run) > 1:
            parts.append(f'<polyline class="chart-line-{k}" fill="none" points="{" ".join(run)}"/>')
    _x_labels(parts, labels, centres)
    _legend(parts, series)
    parts.append("</svg>")
    return Markup("".join(parts))
