"""Which event a release joins and what the event then knows: the grouping rules, pure.

A dialogue release, or a report about one, with two or more parties joins an event
(``role_in_event``): the event of the original it copies, and every stored event that
``same_event`` accepts; several are merged into the first (``choose_event``). Its role there is
``copy`` if it copies another release, ``report`` for news and commentary, else ``original``.

An event's meeting facts (round, date held, place, date) are filled in by its releases
(``learned``): an official release's round, date held and place replace what syndicated ones
said, a syndicated release only fills gaps; the event's date is always the first known. Events
merged into another only fill its gaps (``merged``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import TypeVar

from scrapers.analysis.events import EventFacts, same_event
from scrapers.analysis.model import Analysis, Role

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Meeting:
    """What an event knows about its meeting, learned from its releases."""

    round: int | None = None
    held_on: date | None = None
    location: str | None = None
    dated: date | None = None  # date held, else the first release's publication date


@dataclass(frozen=True, slots=True)
class KnownEvent:
    """A stored event that a release may report: its id and what the event rule compares."""

    id: int
    facts: EventFacts


@dataclass(frozen=True, slots=True)
class JoinEvent:
    """The release joins ``event_id``; the events ``absorbed`` are the same meeting and are
    merged into it (their releases move there, they are deleted), in this order."""

    event_id: int
    absorbed: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class NewEvent:
    """No stored event is the release's meeting: it starts one."""


EventChoice = JoinEvent | NewEvent


def role_in_event(analysis: Analysis, *, copies: bool) -> Role | None:
    """The release's role in the event it reports; None when it reports none (it is neither a
    dialogue release nor a report of one, or names fewer than two parties)."""
    if analysis.kind == "other" or len(analysis.parties) < 2:
        return None
    if copies:
        return "copy"
    return "report" if analysis.kind == "commentary" else "original"


def release_facts(
    analysis: Analysis, *, published: date | None, marks: frozenset[str] = frozenset()
) -> EventFacts:
    """What the event rule compares of a release: its parties, round and date held, dated by
    the date held, else its publication date; its place, its chairs' surnames and the
    ``marks`` of its text (``scrapers.analysis.marks``)."""
    from scrapers.analysis.marks import chair_surnames  # the text's rules: not for reading

    return EventFacts(
        tuple(sorted(analysis.parties)), analysis.round, analysis.held_on,
        analysis.held_on or published, analysis.location, chair_surnames(analysis.chairs),
        marks,
    )  # fmt: skip


def release_meeting(analysis: Analysis, facts: EventFacts) -> Meeting:
    """What a release says about its meeting, to be learned by its event."""
    return Meeting(facts.round, facts.held_on, analysis.location, facts.dated)


def choose_event(
    facts: EventFacts,
    candidates: Collection[KnownEvent],
    *,
    copied_event: int | None,
    window: int,
    report_window: int,
) -> EventChoice:
    """The event a release with ``facts`` joins: the event of the release it copies
    (``copied_event``, if that one has any), else the oldest of the ``candidates`` that
    ``same_event`` accepts. Every other accepted candidate is absorbed, oldest first."""
    matches = [copied_event] if copied_event is not None else []
    for candidate in sorted(candidates, key=lambda c: c.id):
        if candidate.id not in matches and same_event(
            facts, candidate.facts, window=window, report_window=report_window
        ):
            matches.append(candidate.id)
    if not matches:
        return NewEvent()
    return JoinEvent(matches[0], tuple(matches[1:]))


def learned(event: Meeting, release: Meeting, *, official: bool) -> Meeting:
    """The event's meeting after a release joins it: an official release's round, date held
    and place replace the event's, others only fill its gaps; the date stays the first known."""
    if official:
        return Meeting(
            round=_first(release.round, event.round),
            held_on=_first(release.held_on, event.held_on),
            location=_first(release.location, event.location),
            dated=_first(event.dated, release.dated),
        )
    return merged(event, release)


def merged(keep: Meeting, other: Meeting) -> Meeting:
    """The meeting of event ``keep`` once ``other`` is merged into it: ``other`` fills gaps."""
    return Meeting(
        round=_first(keep.round, other.round),
        held_on=_first(keep.held_on, other.held_on),
        location=_first(keep.location, other.location),
        dated=_first(keep.dated, other.dated),
    )


def joined_meeting(
    event: Meeting, absorbed: Sequence[Meeting], release: Meeting, *, official: bool
) -> Meeting:
    """The meeting of the event a release joins, after the events it absorbs are merged into
    it in order and it learns from the release."""
    return learned(reduce(merged, absorbed, event), release, official=official)


def unique_key(key: str, taken: Collection[str]) -> str:
    """``key``, or if it is ``taken``, the first of ``key#2``, ``key#3``... that is not."""
    unique, number = key, 1
    while unique in taken:
        number += 1
        unique = f"{key}#{number}"
    return unique


def _first(a: _T | None, b: _T | None) -> _T | None:
    """Like SQL's coalesce: ``a`` unless it is None (an empty or zero value counts)."""
    return a if a is not None else b
