"""What a poll did: per source, for a whole run, and for a batch of listed items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What one poll of one source did."""

    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    items: int = 0
    not_modified: bool = False
    deferred: int = 0  # items left for the next poll (article unreadable or over the budget)
    error: str | None = None
    new_ids: tuple[int, ...] = ()
    drift: str | None = None  # layout drift: what is wrong, once [poll] drift_after is reached
    attempts: int = 1  # the first try and its retries within this poll

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "failed"
        if self.not_modified:
            return "not modified"
        if self.new:
            return "new"
        if self.updated:
            return "updated"
        return "unchanged"


@dataclass(frozen=True, slots=True)
class PollReport:
    """The outcome of polling several sources."""

    started: datetime
    results: tuple[SourceResult, ...]
    not_due: tuple[str, ...] = ()  # sources left for a later poll: not due yet
    next_due: datetime | None = None  # the soonest of their next checks

    @property
    def failed(self) -> tuple[SourceResult, ...]:
        return tuple(r for r in self.results if r.failed)

    @property
    def new_ids(self) -> tuple[int, ...]:
        return tuple(i for r in self.results for i in r.new_ids)


@dataclass(frozen=True, slots=True)
class Ingested:
    """What storing a batch of listed items did."""

    new_ids: tuple[int, ...] = ()
    updated: int = 0
    unchanged: int = 0
    deferred: int = 0  # items not stored now (article unreadable or over the budget)
