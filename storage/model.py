"""Data the archive hands back to callers: frozen values, never row dicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

SaveOutcome = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class Release:
    """One archived release, with when it was first and last seen in its source."""

    id: int
    source: str
    url: str
    canonical_url: str
    guid: str | None
    title: str
    summary: str
    body: str
    published: datetime | None
    content_hash: str
    first_seen: datetime
    last_seen: datetime
    updated_at: datetime | None  # when the title or body last changed; None if never edited
    relevant: bool
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KnownRelease:
    """Enough of a stored release to decide whether its article page needs fetching again."""

    id: int
    listing_hash: str


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving an item did: inserted it, edited a stored release in place, or nothing."""

    id: int
    outcome: SaveOutcome


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result; ``rank`` is bm25 (lower is better)."""

    id: int
    title: str
    url: str
    source: str
    published: datetime | None
    snippet: str  # body text around the match, terms in [brackets], cuts marked with …
    rank: float


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the archive remembers about polling one source; all-empty for a source never polled."""

    name: str
    etag: str | None = None
    last_modified: str | None = None
    last_success: datetime | None = None
    last_attempt: datetime | None = None
    last_error: str | None = None  # kept after a later success, as history
    last_error_at: datetime | None = None
    last_status: int | None = None
    consecutive_failures: int = 0
    items_last_poll: int | None = None

    @property
    def failing(self) -> bool:
        """True while the latest attempts have failed (cleared by the next success)."""
        return self.consecutive_failures > 0
