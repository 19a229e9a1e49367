"""``cyberwatch report --html FILE``: one self-contained HTML page of the dialogues over time.

A timeline drawn as inline SVG (one row per pair of parties, a dot per meeting, a dashed red
tail on series quiet for longer than their usual interval), a table of the series and one of
the recent events with links. No script, no font, no image from elsewhere; the page's Content
Security Policy forbids any request, so it can be opened anywhere, offline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from jinja2 import Environment, PackageLoader, StrictUndefined

from flows.core.timeline import Series, Timeline

WIDTH = 1000
LABEL = 230  # the left column of pair names
RIGHT = 20
ROW = 34
TOP = 30  # room for the year labels


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    label: str  # the round, or empty
    tip: str
    url: str


@dataclass(frozen=True, slots=True)
class Row:
    series: Series
    y: float
    start: float
    end: float
    dots: tuple[Dot, ...]
    quiet_to: float | None  # x of today when the series is quiet


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    year: int


def render_report(timeline: Timeline, *, generated: datetime, archive: str) -> str:
    """The page for ``timeline``."""
    first, last = date(timeline.start.year, 1, 1), date(timeline.end.year + 1, 1, 1)

    def x(day: date) -> float:
        span = (last - first).days or 1
        return round(LABEL + (WIDTH - LABEL - RIGHT) * (day - first).days / span, 1)

    rows = [_row(series, n, x, timeline.today) for n, series in enumerate(timeline.series)]
    ticks = [Tick(x(date(y, 1, 1)), y) for y in range(first.year, last.year)]
    env = Environment(
        loader=PackageLoader("flows.core", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html").render(
        timeline=timeline,
        rows=rows,
        ticks=ticks,
        width=WIDTH,
        height=TOP + ROW * max(len(rows), 1) + 10,
        label=LABEL,
        top=TOP,
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
        archive=archive,
    )


def _row(series: Series, n: int, x: Callable[[date], float], today: date) -> Row:
    y = TOP + ROW * n + ROW / 2
    dots = tuple(
        Dot(
            x(m.day),
            str(m.round) if m.round is not None else "",
            f"{m.day.isoformat()}: {m.title}" + (f" ({m.location})" if m.location else ""),
            m.url,
        )
        for m in series.meetings
    )
    quiet_to = x(today) if series.quiet_days is not None else None
    return Row(series, y, dots[0].x, dots[-1].x, dots, quiet_to)
