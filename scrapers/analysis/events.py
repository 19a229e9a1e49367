"""Which releases report the same meeting: the event rule, pure.

Two releases (or a release and an event) are the same event when they have the same parties
(two or more) and:

1. both give the date held: the dates are at most ``window`` days apart (a meeting over
   several days, time zones), whatever rounds they state (sources disagree on rounds);
2. else both give a round: the rounds are equal, and when both are dated (date held, else
   published) those dates are within a year;
3. else (one gives only a round, the other only a date, or neither): both are dated (date
   held, else published) within ``report_window`` days.

An event's key is its parties, round and date held as first known, e.g. ``GB-KR|4|2024-11-06``
(``-`` for a part not known); it names the event and does not change when it learns more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SAME_SERIES_DAYS = 366


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the event rule compares."""

    parties: tuple[str, ...]
    round: int | None = None
    held_on: date | None = None
    dated: date | None = None  # date held, else the publication date

    @property
    def groupable(self) -> bool:
        return len(self.parties) >= 2


def same_event(a: EventFacts, b: EventFacts, *, window: int, report_window: int) -> bool:
    """True when ``a`` and ``b`` report the same meeting (the rule above)."""
    if not a.groupable or tuple(sorted(a.parties)) != tuple(sorted(b.parties)):
        return False
    if a.held_on is not None and b.held_on is not None:
        return abs((a.held_on - b.held_on).days) <= window
    if a.round is not None and b.round is not None:
        if a.round != b.round:
            return False
        return not (_both_dated(a, b) and _apart(a, b) > SAME_SERIES_DAYS)
    return _both_dated(a, b) and _apart(a, b) <= report_window


def event_key(facts: EventFacts) -> str:
    parties = "-".join(sorted(facts.parties))
    round_ = str(facts.round) if facts.round is not None else "-"
    held = facts.held_on.isoformat() if facts.held_on else "-"
    return f"{parties}|{round_}|{held}"


def _both_dated(a: EventFacts, b: EventFacts) -> bool:
    return a.dated is not None and b.dated is not None


def _apart(a: EventFacts, b: EventFacts) -> int:
    assert a.dated is not None and b.dated is not None
    return abs((a.dated - b.dated).days)
