"""Data the archive hands back to callers: frozen values, never row dicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from scrapers.analysis import Role as Role  # a release's part in an event, re-exported

if TYPE_CHECKING:
    from scrapers.analysis import Analysis, Fingerprint

SaveOutcome = Literal["new", "updated", "unchanged"]
Origin = Literal["poll", "backfill", "import"]


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
    origin: Origin = "poll"  # how it first came in: a poll, a backfill of the archive, an import
    original_url: str | None = None  # an aggregator's copy: the release it copies


@dataclass(frozen=True, slots=True)
class ReleaseVersion:
    """One text of a release, as its publisher had it from ``seen_from`` until ``replaced_at``
    (None: the current text)."""

    title: str
    body: str
    content_hash: str
    seen_from: datetime
    replaced_at: datetime | None


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
class Analysed:
    """A release's analysis, its text's fingerprint and whether it is official: what
    ``file_analysis`` files, and what the INSERT of a new release judged before it was saved
    writes with it (``save``'s ``analysed``)."""

    analysis: Analysis
    fingerprint: Fingerprint
    official: bool


MARK_START, MARK_END = "\x02", "\x03"  # around the matched words of a snippet


@dataclass(frozen=True, slots=True)
class Copy:
    """A copy of a release published elsewhere (a syndicating site, another office)."""

    id: int
    source: str
    url: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A release found by a query, with what a citation needs. ``rank`` is bm25 (lower is
    better; 0 without a text query); ``copies`` the other places that published it when they
    were folded under it."""

    id: int
    title: str
    url: str
    source: str
    published: datetime | None
    snippet: str  # text around the match, words between MARK_START and MARK_END, cuts as …
    rank: float
    first_seen: datetime | None = None
    content_hash: str = ""
    kind: str | None = None  # 'dialogue', 'commentary', 'other'; None: not analysed
    parties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    copy_of: int | None = None  # the original, when this release is a copy
    event_id: int | None = None  # the meeting it reports
    copies: tuple[Copy, ...] = ()

    def marked(self, start: str = "[", end: str = "]") -> str:
        """The snippet with the matched words between ``start`` and ``end``."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


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
    empty_polls: int = 0  # answered polls in a row with no items or unmatched selectors
    drift_since: datetime | None = None  # the first of those polls
    drift_reason: str | None = None  # what the latest of them found wrong
    next_check: datetime | None = None  # when it is due again (None: now); scrapers.schedule
    checked_at: datetime | None = None  # the latest `sources check` of it
    check_problem: str | None = None  # what that check found wrong (None: it worked)

    @property
    def failing(self) -> bool:
        """True while the latest attempts have failed (cleared by the next success)."""
        return self.consecutive_failures > 0

    @property
    def broken(self) -> bool:
        """True when the latest ``sources check`` found it broken."""
        return self.check_problem is not None

    def drifting(self, *, after: int) -> bool:
        """True once ``after`` answered polls in a row (``[poll] drift_after``) gave no items or
        unmatched selectors: the site's layout has probably changed. The threshold is the
        caller's, from the settings, so changing it applies to the states already stored."""
        return self.empty_polls >= after


@dataclass(frozen=True, slots=True)
class BackfillState:
    """Progress of one backfill walk of a source from ``since`` to ``until`` (None: open-ended).

    ``until_used`` is the end date the walk's URLs use (today, when it was started open-ended),
    kept so a resumed walk asks for the same pages.
    """

    source: str
    since: date
    until: date | None
    until_used: date
    pages_done: int
    next_url: str | None  # the page to read next when the walk follows next-page links
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True, slots=True)
class Filed:
    """Where analysing a release put it: the original it copies, its event and role there."""

    release_id: int
    copy_of: int | None
    event_id: int | None
    role: Role | None


@dataclass(frozen=True, slots=True)
class EventRelease:
    """A release reporting an event."""

    release_id: int
    url: str
    source: str
    title: str
    published: datetime | None
    role: Role
    official: bool
    copy_of: int | None


@dataclass(frozen=True, slots=True)
class Event:
    """A meeting and the releases reporting it: official ones first, then originals, copies,
    reports."""

    id: int
    key: str
    parties: tuple[str, ...]
    round: int | None
    held_on: date | None
    location: str | None
    first_seen: datetime
    releases: tuple[EventRelease, ...]
    chairs: tuple[str, ...] = ()  # as named by the first of its releases naming any
