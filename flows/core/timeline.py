"""The dialogues over time, as data for ``cyberwatch report``: one series per pair (or group)
of parties, with how often they meet, their last round, and whether the series has gone quiet
for longer than its usual interval. Pure: built from the archive's events."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scrapers.analysis.countries import display_name
from storage import Event

RECENT = 25  # events in the report's table


@dataclass(frozen=True, slots=True)
class Meeting:
    """One event of a series, as the report shows it."""

    event_id: int
    day: date  # held on, else the first report's publication day
    round: int | None
    location: str | None
    title: str
    url: str
    parties: tuple[str, ...]

    @property
    def names(self) -> str:
        return "-".join(display_name(code) for code in self.parties)


@dataclass(frozen=True, slots=True)
class Series:
    """The meetings of one pair of parties, oldest first."""

    parties: tuple[str, ...]
    meetings: tuple[Meeting, ...]
    usual_interval: int | None  # median days between meetings; None with fewer than two
    quiet_days: int | None  # days since the last meeting when past the usual interval

    @property
    def name(self) -> str:
        return "-".join(display_name(code) for code in self.parties)

    @property
    def key(self) -> str:
        return "-".join(self.parties)

    @property
    def last(self) -> Meeting:
        return self.meetings[-1]

    @property
    def last_round(self) -> int | None:
        return next((m.round for m in reversed(self.meetings) if m.round is not None), None)


@dataclass(frozen=True, slots=True)
class Timeline:
    series: tuple[Series, ...]  # most recently active first
    recent: tuple[Meeting, ...]  # newest first
    start: date
    end: date
    today: date


def timeline(events: Sequence[Event], *, today: date) -> Timeline:
    """The series of ``events`` (those with no date, or fewer than two parties, are left out)."""
    by_pair: dict[tuple[str, ...], list[Meeting]] = {}
    for event in events:
        meeting = _meeting(event)
        if meeting is not None and len(event.parties) >= 2:
            by_pair.setdefault(tuple(sorted(event.parties)), []).append(meeting)
    series = [_series(pair, meetings, today) for pair, meetings in by_pair.items()]
    series.sort(key=lambda s: (s.last.day, s.key), reverse=True)
    meetings = [m for s in series for m in s.meetings]
    days = [m.day for m in meetings] or [today]
    recent = sorted(meetings, key=lambda m: (m.day, m.event_id), reverse=True)[:RECENT]
    return Timeline(tuple(series), tuple(recent), min(days), max(max(days), today), today)


def _meeting(event: Event) -> Meeting | None:
    lead = event.releases[0] if event.releases else None
    published = min((r.published.date() for r in event.releases if r.published), default=None)
    day = event.held_on or published
    if day is None or lead is None:
        return None
    return Meeting(
        event.id, day, event.round, event.location, lead.title, lead.url, tuple(event.parties)
    )


def _series(pair: tuple[str, ...], meetings: list[Meeting], today: date) -> Series:
    meetings.sort(key=lambda m: (m.day, m.event_id))
    gaps = [(b.day - a.day).days for a, b in itertools.pairwise(meetings)]
    gaps = [gap for gap in gaps if gap > 0]
    usual = round(statistics.median(gaps)) if gaps else None
    since = (today - meetings[-1].day).days
    quiet = since if usual is not None and since > usual else None
    return Series(pair, tuple(meetings), usual, quiet)
