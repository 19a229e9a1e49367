"""Subsets of a labelled set for ``make eval``: per file, per language, and two halves split by
meeting for an honest cross-check ("tune on one half, report the other").

A *meeting* is what a document reports (``group``) or, for a news article or other near miss
about one, the meeting it is about (``related_group``); a document tied to none is its own
meeting. Both halves hold whole meetings, so no meeting's wording is seen in both.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

DEFAULT_SEED = 10
TUNE = "half A (tune on it)"
HELD_OUT = "half B (held out)"


class Document(Protocol):
    """What splitting needs of a labelled document."""

    @property
    def id(self) -> str: ...

    @property
    def positive(self) -> bool: ...

    @property
    def group(self) -> str | None: ...

    @property
    def related_group(self) -> str | None: ...


D = TypeVar("D", bound=Document)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Subset(Generic[T]):
    """A named part of the labelled set."""

    name: str
    items: tuple[T, ...]


def meeting_of(item: Document) -> str:
    """The meeting a document belongs to, for splitting: its group, the group it is about, or
    (for an unrelated near miss) itself."""
    return item.group or item.related_group or f"id:{item.id}"


def split_by_meeting(items: Sequence[D], seed: int = DEFAULT_SEED) -> tuple[list[D], list[D]]:
    """Two halves of ``items`` with no meeting in both: meetings in a seeded random order, each
    given to the half with fewer documents of its label so far (positives and negatives are
    balanced separately). The same seed gives the same halves."""
    meetings: dict[str, list[D]] = {}
    for item in items:
        meetings.setdefault(meeting_of(item), []).append(item)
    order = sorted(meetings)
    random.Random(seed).shuffle(order)
    halves: tuple[list[D], list[D]] = ([], [])
    for key in order:
        docs = meetings[key]
        positive = any(d.positive for d in docs)

        def weight(half: list[D], positive: bool = positive) -> int:
            return sum(d.positive == positive for d in half)

        target = halves[0] if weight(halves[0]) <= weight(halves[1]) else halves[1]
        target.extend(docs)
    return halves


def subsets(
    items: Sequence[D],
    *,
    file_of: Callable[[D], str],
    lang_of: Callable[[D], str],
    seed: int = DEFAULT_SEED,
) -> list[Subset[D]]:
    """Every subset the report scores: each file, each language (in order of size), then the
    two halves."""
    rows: list[Subset[D]] = []
    for name in dict.fromkeys(file_of(i) for i in items):
        rows.append(Subset(name, tuple(i for i in items if file_of(i) == name)))
    languages: dict[str, list[D]] = {}
    for item in items:
        languages.setdefault(lang_of(item), []).append(item)
    for lang, docs in sorted(languages.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        rows.append(Subset(f"lang {lang}", tuple(docs)))
    tune, held_out = split_by_meeting(items, seed)
    rows += [Subset(TUNE, tuple(tune)), Subset(HELD_OUT, tuple(held_out))]
    return rows
