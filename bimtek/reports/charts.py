"""Chart geometry for the small Jinja SVG templates: bars per region and completion over time.

Plain server-side SVG (templates/reports/_charts.html) rather than a plotting library: two
chart shapes, no JavaScript, a few hundred bytes each, crisp at 360 px and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from bimtek.reports.queries import CoverageRow, Timeline

WIDTH = 360
BAR_HEIGHT = 18
LABEL_WIDTH = 120
LINE_HEIGHT = 160
MARGIN = 28


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int | None  # None: nobody registered
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    plot_width: int


def bars(rows: list[CoverageRow]) -> BarChart:
    """Lay out one horizontal bar per region: the share of learners finished."""
    plot = WIDTH - LABEL_WIDTH - 36
    laid_out = []
    for index, row in enumerate(rows):
        percent = None if row.is_empty else (row.finished_percent or 0)
        label = row.name if len(row.name) <= 18 else row.name[:17] + "…"
        laid_out.append(Bar(label, percent, index * (BAR_HEIGHT + 4), plot * (percent or 0) / 100))
    return BarChart(laid_out, WIDTH, max(1, len(rows)) * (BAR_HEIGHT + 4) + 4, LABEL_WIDTH, plot)


@dataclass(frozen=True)
class LineChart:
    points: str  # "x,y x,y ..." for <polyline>
    width: int
    height: int
    margin: int
    first_day: str
    last_day: str
    last_percent: int
    last_count: int
    base: int
    empty: bool


def line(timeline: Timeline) -> LineChart:
    """Lay out the cumulative share of learners finished, one point per day."""
    plot_w, plot_h = WIDTH - 2 * MARGIN, LINE_HEIGHT - 2 * MARGIN
    if not timeline.days:
        return LineChart("", WIDTH, LINE_HEIGHT, MARGIN, "", "", 0, 0, timeline.base, True)
    steps = max(1, len(timeline.days) - 1)
    base = max(1, timeline.base)
    points = []
    for index, count in enumerate(timeline.finished):
        x = MARGIN + plot_w * index / steps
        y = MARGIN + plot_h * (1 - min(1, count / base))
        points.append(f"{x:.1f},{y:.1f}")
    if len(points) == 1:
        points.append(f"{MARGIN + plot_w:.1f},{points[0].split(',')[1]}")
    last = timeline.finished[-1]
    return LineChart(
        " ".join(points), WIDTH, LINE_HEIGHT, MARGIN, _short(timeline.days[0]),
        _short(timeline.days[-1]), round(100 * last / base) if timeline.base else 0, last,
        timeline.base, False,
    )


def _short(day) -> str:
    """Write an axis date briefly: '24 Jun 2024'."""
    return format_date(day, "d MMM y", locale="id")
