"""Which releases report the same meeting: the event rule, pure.

Two releases (or a release and an event) with the same parties (two or more) are the same
meeting when what they say agrees and nothing contradicts it. Each fact both give adds to an
agreement score or takes from it (``agreement``); they join at ``JOIN`` or above:

    dates held within ``window`` days                         +4
    dates held that differ in the year alone or the month alone -1 (a slip, or the next
                                                                 round a year on: soft)
    dates held that differ otherwise                          -4
    no two dates held, both dated (held, else published):
      within ``report_window`` days                           +2
      more than a year apart                                  -4
    the same round / another round                            +2 / -2
    the same city / another city                              +1 / -1
    a chair's surname in common                               +1
    their untranslated marks (``marks``) overlap: at least ``MIN_COMMON_MARKS`` in common
      and ``MARKS_OVERLAP`` of the smaller set                +1.5

So the same date joins even when the rounds disagree (sources disagree on rounds); the same
round joins when a date is missing; releases near in time join when neither contradicts;
and a translation whose date has a slip in one field joins through its round and its marks.

An event's key is its parties, round and date held as first known, e.g. ``GB-KR|4|2024-11-06``
(``-`` for a part not known); it names the event and does not change when it learns more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SAME_SERIES_DAYS = 366
JOIN = 2.0
MIN_COMMON_MARKS = 3
MARKS_OVERLAP = 0.3
DETAIL = 2.5  # the most chairs (+1) and marks (+1.5) add


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the event rule compares."""

    parties: tuple[str, ...]
    round: int | None = None
    held_on: date | None = None
    dated: date | None = None  # date held, else the publication date
    location: str | None = None
    chairs: frozenset[str] = field(default_factory=frozenset)  # folded surnames
    marks: frozenset[str] = field(default_factory=frozenset)  # see scrapers.analysis.marks

    @property
    def groupable(self) -> bool:
        return len(self.parties) >= 2


def same_event(a: EventFacts, b: EventFacts, *, window: int, report_window: int) -> bool:
    """True when ``a`` and ``b`` report the same meeting (the rule above)."""
    score = agreement(a, b, window=window, report_window=report_window)
    return score is not None and score >= JOIN


def agreement(a: EventFacts, b: EventFacts, *, window: int, report_window: int) -> float | None:
    """The agreement score of ``a`` and ``b``; None when their parties differ."""
    score = _plain_agreement(a, b, window, report_window)
    if score is None:
        return None
    if a.chairs & b.chairs:
        score += 1.0
    common = len(a.marks & b.marks)
    smaller = min(len(a.marks), len(b.marks))
    if common >= MIN_COMMON_MARKS and common >= MARKS_OVERLAP * smaller:
        score += 1.5
    return score


def needs_detail(a: EventFacts, b: EventFacts, *, window: int, report_window: int) -> bool:
    """Whether chairs and marks can still decide: the score of dates, round and place alone is
    short of ``JOIN`` by no more than they can add. Reading them is dearer (the texts of the
    event's releases), so the archive reads them only then."""
    score = _plain_agreement(a, b, window, report_window)
    return score is not None and JOIN - DETAIL <= score < JOIN


def _plain_agreement(a: EventFacts, b: EventFacts, window: int, report_window: int) -> float | None:
    if not a.groupable or tuple(sorted(a.parties)) != tuple(sorted(b.parties)):
        return None
    score = _dates(a, b, window, report_window)
    if a.round is not None and b.round is not None:
        score += 2.0 if a.round == b.round else -2.0
    if a.location and b.location:
        score += 1.0 if _fold(a.location) == _fold(b.location) else -1.0
    return score


def event_key(facts: EventFacts) -> str:
    parties = "-".join(sorted(facts.parties))
    round_ = str(facts.round) if facts.round is not None else "-"
    held = facts.held_on.isoformat() if facts.held_on else "-"
    return f"{parties}|{round_}|{held}"


def _dates(a: EventFacts, b: EventFacts, window: int, report_window: int) -> float:
    if a.held_on is not None and b.held_on is not None:
        if abs((a.held_on - b.held_on).days) <= window:
            return 4.0
        return -1.0 if _one_field_apart(a.held_on, b.held_on) else -4.0
    if a.dated is not None and b.dated is not None:
        apart = abs((a.dated - b.dated).days)
        if apart <= report_window:
            return 2.0
        if apart > SAME_SERIES_DAYS:
            return -4.0
    return 0.0


def _one_field_apart(a: date, b: date) -> bool:
    """The same day of the month, and the same month or the same year."""
    return a.day == b.day and (a.month == b.month or a.year == b.year)


def _fold(place: str) -> str:
    return "".join(c for c in place.casefold() if c.isalnum())
