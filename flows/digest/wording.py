"""How a digest words things: headlines, ordinals, dates, excerpts.

Dates are written the way British government releases write them ("6 November 2024"),
with English month names whatever the machine's locale.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flows.digest.model import Party

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd, 111th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(day: date) -> str:
    """``6 November 2024``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """``6 Nov 2024``."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def local(moment: datetime, timezone: str) -> datetime:
    """``moment`` in the named time zone."""
    return moment.astimezone(ZoneInfo(timezone))


def date_range(start: date, end: date) -> str:
    """``6–13 November 2024``, ``30 October – 6 November 2024``, ``28 Dec 2024 – 3 Jan 2025``."""
    if start == end:
        return long_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def headline(
    parties: Sequence[Party],
    *,
    round: int | None = None,
    location: str = "",
    held_on: date | None = None,
    series: str = "Cyber Dialogue",
) -> str:
    """``4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024``.

    Parties are named in the order given; a missing round, place or date is left out.
    """
    names = "-".join(p.name for p in parties)
    title = " ".join(part for part in (ordinal(round) if round else "", names, series) if part)
    return ", ".join(
        part for part in (title, location, long_date(held_on) if held_on else "") if part
    )


def excerpt(text: str, *, sentences: int = 3, max_chars: int = 600) -> str:
    """The first ``sentences`` sentences of ``text``, cut at a word to ``max_chars``."""
    flat = " ".join(text.split())
    picked = ""
    for sentence in _SENTENCE_END.split(flat)[:sentences]:
        candidate = f"{picked} {sentence}".strip()
        if picked and len(candidate) > max_chars:
            break
        picked = candidate
    if len(picked) <= max_chars:
        return picked
    return picked[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
