"""Which hits a page of search results shows, from the newest matches of a query (pure).

``Store.search`` reads the newest matches the filters keep, newest first, one more than its
window; this orders them as a full search would (``rank``: best first; ``date``: newest day
first) and folds copies whose original matched. When every match is in the window, the page is
the one ranking every match gives. When older matches exist, a copy whose original is older than
the window is folded only if that original matches (``matches`` asks the archive).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storage.query import Sort


@dataclass(frozen=True, slots=True)
class Candidate:
    """A match: its id, the original it copies (if any), the day it is dated by and its bm25
    rank (lower is better)."""

    id: int
    copy_of: int | None
    day: str
    rank: float


def ordered(candidates: Sequence[Candidate], sort: Sort) -> list[Candidate]:
    """``candidates`` in the order of a full search: by rank then id, or by day (newest first),
    then rank, then the newest id."""
    if sort == "rank":
        return sorted(candidates, key=lambda c: (c.rank, c.id))
    by_rank = sorted(candidates, key=lambda c: (c.rank, -c.id))
    return sorted(by_rank, key=lambda c: c.day, reverse=True)  # stable: ties keep rank order


def page_of(
    newest: Sequence[Candidate],
    *,
    window: int,
    sort: Sort,
    limit: int,
    fold: bool,
    matches: Callable[[int], bool],
) -> list[tuple[int, float]] | None:
    """The ids and ranks of the page of ``limit`` hits from ``newest`` (the newest matches,
    newest first, at most ``window + 1`` of them: one more than the window says older matches
    exist). ``fold``: leave out copies whose original matched. None when older matches exist
    and the window cannot fill the page (too many copies folded): rank every match instead."""
    complete = len(newest) <= window
    kept = newest[:window]
    inside = {c.id for c in kept}
    oldest = kept[-1].id if kept else 0
    page: list[tuple[int, float]] = []
    for candidate in ordered(kept, sort):
        if len(page) == limit:
            break
        original = candidate.copy_of
        if fold and original is not None:
            if original in inside:
                continue
            if not complete and original < oldest and matches(original):
                continue
        page.append((candidate.id, candidate.rank))
    if len(page) < limit and not complete:
        return None
    return page
