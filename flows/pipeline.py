"""The poll pipeline in plain Python: fetch a source, parse it, read new articles, judge, store.

Prefect wraps these functions (flows/poll.py) but nothing here imports it, so the whole path runs
and is tested without an orchestrator. Order of work for one source:

    state -> conditional GET -> 304: done
                             -> parse -> for each item: known and listed the same? touch
                                                        else: fetch article, judge, save
          -> record success (validators kept only when every item was fully read)

Transient failures of the source's own URL (timeouts, 429, 5xx) are raised as
``TransientFetchError`` so the caller can retry; the caller records the failure once it gives up
(``record_failure``). Permanent failures come back as a failed ``SourceResult``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from config import ConfigError, Settings, Source
from scrapers import (
    Fetcher,
    Item,
    ScraperError,
    TransientFetchError,
    Validators,
    extract_article,
    judge,
    parser_for,
)
from storage import Store, listing_hash

log = logging.getLogger("cyberwatch.pipeline")


@dataclass(frozen=True, slots=True)
class Runtime:
    """What a poll works with: the settings, the archive and the HTTP fetcher."""

    settings: Settings
    store: Store
    fetcher: Fetcher


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Open the archive and the fetcher for one run, and close both however it ends."""
    store = Store.open(settings.db)
    try:
        async with Fetcher(settings.fetch) as fetcher:
            yield Runtime(settings=settings, store=store, fetcher=fetcher)
    finally:
        store.close()


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

    @property
    def failed(self) -> tuple[SourceResult, ...]:
        return tuple(r for r in self.results if r.failed)

    @property
    def new_ids(self) -> tuple[int, ...]:
        return tuple(i for r in self.results for i in r.new_ids)


async def poll_source(
    source: Source, *, fetcher: Fetcher, store: Store, settings: Settings, now: datetime
) -> SourceResult:
    """Poll one source; raise TransientFetchError for a retryable failure of its own URL."""
    state = store.source_state(source.name)
    validators = Validators(etag=state.etag, last_modified=state.last_modified)
    try:
        response = await fetcher.get(source.url, validators=validators, source=source.name)
    except ScraperError as e:
        store.log_fetch(
            source=source.name,
            url=source.url,
            status=getattr(e, "status", None),
            elapsed=0.0,
            size=0,
            error=str(e),
            now=now,
        )
        if isinstance(e, TransientFetchError):
            raise
        return record_failure(store, source, e, now=now)
    store.log_fetch(
        source=source.name,
        url=source.url,
        status=response.status,
        elapsed=response.elapsed,
        size=len(response.content),
        error=None,
        now=now,
    )
    if response.not_modified:
        store.record_success(
            source.name,
            validators=response.validators,
            status=304,
            items=state.items_last_poll or 0,
            now=now,
        )
        return SourceResult(source.name, not_modified=True, items=state.items_last_poll or 0)
    try:
        items = parser_for(source.kind)(source, response)
    except ScraperError as e:
        return record_failure(store, source, e, now=now)
    return await _ingest(
        source,
        items,
        fetcher=fetcher,
        store=store,
        settings=settings,
        now=now,
        validators=response.validators,
        status=response.status,
    )


async def _ingest(
    source: Source,
    items: Sequence[Item],
    *,
    fetcher: Fetcher,
    store: Store,
    settings: Settings,
    now: datetime,
    validators: Validators,
    status: int,
) -> SourceResult:
    unchanged = 0
    pending: list[Item] = []
    for item in items:
        known = store.lookup(item)
        if known is not None and known.listing_hash == listing_hash(item):
            store.touch(known.id, now=now)
            unchanged += 1
        else:
            pending.append(item)
    budget = settings.fetch.max_articles if source.fetch_article else len(pending)
    to_read, over_budget = pending[:budget], pending[budget:]
    completed = await asyncio.gather(
        *(_complete(source, item, fetcher=fetcher, store=store, now=now) for item in to_read)
    )
    new_ids: list[int] = []
    updated = 0
    deferred = len(over_budget)
    for read in completed:
        if read is None:
            deferred += 1
            continue
        verdict = judge(read.title, read.body, settings.relevance)
        saved = store.save(
            replace(read, relevant=verdict.relevant, score=verdict.score, reasons=verdict.reasons),
            now=now,
        )
        if saved.outcome == "new":
            new_ids.append(saved.id)
        elif saved.outcome == "updated":
            updated += 1
        else:
            unchanged += 1
    # Keep the validators only when every listed item was read: otherwise the next poll must
    # see the full list again instead of a 304 that would hide the items left behind.
    store.record_success(
        source.name,
        validators=validators if deferred == 0 else Validators(),
        status=status,
        items=len(items),
        now=now,
    )
    if deferred:
        log.warning("%s: %d items left for the next poll", source.name, deferred)
    return SourceResult(
        source.name,
        new=len(new_ids),
        updated=updated,
        unchanged=unchanged,
        items=len(items),
        deferred=deferred,
        new_ids=tuple(new_ids),
    )


async def _complete(
    source: Source, item: Item, *, fetcher: Fetcher, store: Store, now: datetime
) -> Item | None:
    """Read the item's article page, or return None when it cannot be read now."""
    if not source.fetch_article:
        return replace(item, body=item.body or item.summary)
    try:
        response = await fetcher.get(item.url, source=source.name)
    except ScraperError as e:
        store.log_fetch(
            source=source.name,
            url=item.url,
            status=getattr(e, "status", None),
            elapsed=0.0,
            size=0,
            error=str(e),
            now=now,
        )
        log.warning("%s: article not read: %s", source.name, e)
        return None
    store.log_fetch(
        source=source.name,
        url=item.url,
        status=response.status,
        elapsed=response.elapsed,
        size=len(response.content),
        error=None,
        now=now,
    )
    article = extract_article(response, selector=source.body)
    return replace(
        item,
        body=article.text or item.body or item.summary,
        published=item.published or article.published,
        title=item.title or article.title or "",
    )


def record_failure(
    store: Store, source: Source, error: Exception, *, now: datetime
) -> SourceResult:
    """Record that a source failed this poll and say so in its result."""
    reason = str(error) or type(error).__name__
    store.record_failure(source.name, error=reason, status=getattr(error, "status", None), now=now)
    log.warning("%s: failed: %s", source.name, reason)
    return SourceResult(source.name, error=reason)


def select_sources(sources: tuple[Source, ...], names: list[str] | None) -> tuple[Source, ...]:
    """The enabled sources, or exactly the named ones; an unknown name is refused."""
    if not names:
        return tuple(s for s in sources if s.enabled)
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(
            f"unknown source {', '.join(map(repr, unknown))} (known: {', '.join(by_name)})"
        )
    return tuple(by_name[n] for n in names)
