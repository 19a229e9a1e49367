"""Which release is the original of a text and which a copy: the copy rules, pure.

The archive finds the stored releases a new one may copy (same normalised text, else shared
LSH bands) and hands their ids and signatures here; these functions say which one it copies
and what that means for the cluster of copies, as an intent the archive applies:

- ``candidates_by_shared_bands``: the releases worth comparing in full, those sharing the most
  bands; a band shared by too many releases (boilerplate) is skipped like a stop word;
- ``most_similar``: the candidate whose estimated Jaccard similarity is highest, at or above
  the threshold (on a tie, the later candidate);
- ``link_copy``: given the original of the matched release's cluster (its root), whether this
  release copies it, is that root already, or, being official while the root is not, becomes
  the original of the whole cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scrapers.analysis.fingerprint import similarity


@dataclass(frozen=True, slots=True)
class Root:
    """The original of a cluster of copies: the release the others point to."""

    id: int
    official: bool


@dataclass(frozen=True, slots=True)
class NotACopy:
    """The release copies no stored release: it points to none."""


@dataclass(frozen=True, slots=True)
class IsTheRoot:
    """The matched text is a copy of this very release: nothing changes."""


@dataclass(frozen=True, slots=True)
class CopyOf:
    """The release copies ``original``, its cluster's root, and points to it."""

    original: int


@dataclass(frozen=True, slots=True)
class BecomesOriginal:
    """The official text arrived after its copies: the release points to none, and the cluster
    of ``previous`` (that root included) is re-pointed to it. Those of the re-pointed releases
    filed in an event as ``original`` are ``copy`` there from now on."""

    previous: int


CopyLink = NotACopy | IsTheRoot | CopyOf | BecomesOriginal


def link_copy(release_id: int, *, official: bool, root: Root | None) -> CopyLink:
    """What a release is, given the root of the cluster of the release it matches (None: it
    matched none). An official release is preferred as the original over syndicated ones."""
    if root is None:
        return NotACopy()
    if root.id == release_id:
        return IsTheRoot()
    if official and not root.official:
        return BecomesOriginal(previous=root.id)
    return CopyOf(original=root.id)


def candidates_by_shared_bands(
    postings: Iterable[Sequence[int]], *, max_postings: int, limit: int
) -> list[int]:
    """The ``limit`` releases sharing the most bands with a text (ties: lower id first).

    ``postings``: for each band of the text, the other releases having that band; a band with
    more than ``max_postings`` of them tells nothing and is skipped.
    """
    shared: dict[int, int] = {}
    for band in postings:
        if len(band) > max_postings:
            continue
        for candidate in band:
            shared[candidate] = shared.get(candidate, 0) + 1
    return sorted(shared, key=lambda c: (-shared[c], c))[:limit]


def most_similar(
    signature: Sequence[int], candidates: Iterable[tuple[int, Sequence[int]]], *, threshold: float
) -> int | None:
    """The id of the candidate ``(id, signature)`` most similar to ``signature``, if at least
    ``threshold``; of equally similar ones, the last."""
    best, best_score = None, threshold
    for candidate_id, other in candidates:
        score = similarity(signature, other)
        if score >= best_score:
            best, best_score = candidate_id, score
    return best
