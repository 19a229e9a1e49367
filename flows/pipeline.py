"""The poll pipeline in plain Python: fetch a source, parse it, read new articles, judge, store.

Prefect wraps these functions (flows/poll.py) but nothing here imports it, so the whole path runs
and is tested without an orchestrator. Order of work for one source:

    state -> conditional GET -> 304: done
                             -> parse -> layout check (no items, selectors matching nothing:
                                         one more poll towards the drift alarm)
                                      -> for each item: known and listed the same? touch
                                                        else: fetch article, store_item:
                                                              analyse, save, file copies + event
          -> record success (validators kept only when every item was fully read)

Transient failures of the source's own URL (timeouts, 429, 5xx) are raised as
``TransientFetchError`` so the caller can retry; the caller records the failure once it gives up
(``record_failure``). Permanent failures come back as a failed ``SourceResult``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from random import Random

from config import ConfigError, ScheduleSettings, Settings, Source
from scrapers import (
    Fetcher,
    Item,
    RobotsDisallowedError,
    ScraperError,
    TransientFetchError,
    Validators,
    check_layout,
    extract_article,
    parser_for,
)
from scrapers.analysis import Rules, analyze, fingerprint, is_official
from scrapers.schedule import Hints, hints_from, is_due, next_check
from storage import Origin, SaveResult, SourceState, Store, listing_hash

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
    drift: str | None = None  # layout drift: what is wrong, once [poll] drift_after is reached

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


async def poll_source(
    source: Source,
    *,
    fetcher: Fetcher,
    store: Store,
    settings: Settings,
    now: datetime,
    rng: Random | None = None,
) -> SourceResult:
    """Poll one source; raise TransientFetchError for a retryable failure of its own URL.
    Its next check is recorded with its state (``scrapers.schedule``; ``rng`` draws jitter)."""
    rng = rng or Random()
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
        return record_failure(store, source, e, now=now, rules=settings.schedule, rng=rng)
    store.log_fetch(
        source=source.name,
        url=source.url,
        status=response.status,
        elapsed=response.elapsed,
        size=len(response.content),
        error=None,
        now=now,
    )
    hints = hints_from(response.headers, response.content)
    if response.not_modified:
        store.record_success(
            source.name,
            validators=response.validators,
            status=304,
            items=state.items_last_poll or 0,
            now=now,
            next_check=next_check(now, rules=settings.schedule, hints=hints, rng=rng),
        )
        return SourceResult(source.name, not_modified=True, items=state.items_last_poll or 0)
    try:
        items = parser_for(source.kind)(source, response)
    except ScraperError as e:
        return record_failure(store, source, e, now=now, rules=settings.schedule, rng=rng)
    # Layout drift: an answer without items, or with selectors matching nothing. Such a page
    # keeps no validators, so each poll reads and counts it again instead of getting a 304.
    problem = check_layout(source, response, items).problem
    streak = store.record_layout(source.name, problem=problem, now=now)
    result = await _ingest(
        source,
        items,
        fetcher=fetcher,
        store=store,
        settings=settings,
        now=now,
        validators=response.validators if problem is None else Validators(),
        status=response.status,
        hints=hints,
        rng=rng,
    )
    if problem is not None and streak >= settings.poll.drift_after:
        log.warning("%s: layout drift? %s (%d polls in a row)", source.name, problem, streak)
        return replace(result, drift=f"{problem} ({streak} polls in a row)")
    return result


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
    hints: Hints,
    rng: Random,
) -> SourceResult:
    done = await ingest_items(
        source, items, fetcher=fetcher, store=store, settings=settings, now=now
    )
    # Keep the validators only when every listed item was read: otherwise the next poll must
    # see the full list again instead of a 304 that would hide the items left behind.
    store.record_success(
        source.name,
        validators=validators if done.deferred == 0 else Validators(),
        status=status,
        items=len(items),
        now=now,
        next_check=next_check(now, rules=settings.schedule, hints=hints, rng=rng),
    )
    if done.deferred:
        log.warning("%s: %d items left for the next poll", source.name, done.deferred)
    return SourceResult(
        source.name,
        new=len(done.new_ids),
        updated=done.updated,
        unchanged=done.unchanged,
        items=len(items),
        deferred=done.deferred,
        new_ids=done.new_ids,
    )


@dataclass(frozen=True, slots=True)
class Ingested:
    """What storing a batch of listed items did."""

    new_ids: tuple[int, ...] = ()
    updated: int = 0
    unchanged: int = 0
    deferred: int = 0  # items not stored now (article unreadable or over the budget)


async def ingest_items(
    source: Source,
    items: Sequence[Item],
    *,
    fetcher: Fetcher,
    store: Store,
    settings: Settings,
    now: datetime,
    origin: Origin = "poll",
    budget: int | None = None,
) -> Ingested:
    """Store listed items: a known one listed the same is only touched; a new or changed one
    has its article read (at most ``budget`` pages, default ``[fetch] max_articles``), is
    judged and saved as coming from ``origin``. Used by polls and by backfill."""
    rules = Rules.compile(settings.analysis)
    unchanged = 0
    pending: list[Item] = []
    for item in items:
        known = store.lookup(item)
        if known is not None and known.listing_hash == listing_hash(item):
            store.touch(known.id, now=now)
            unchanged += 1
        else:
            pending.append(item)
    if not source.fetch_article:
        budget = len(pending)
    elif budget is None:
        budget = settings.fetch.max_articles
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
        saved = store_item(
            store, read, rules=rules, now=now, origin=origin, listed=not source.aggregator
        )
        if saved.outcome == "new":
            new_ids.append(saved.id)
        elif saved.outcome == "updated":
            updated += 1
        else:
            unchanged += 1
    return Ingested(new_ids=tuple(new_ids), updated=updated, unchanged=unchanged, deferred=deferred)


def store_item(
    store: Store,
    item: Item,
    *,
    rules: Rules,
    now: datetime,
    origin: Origin = "poll",
    listed: bool = True,
) -> SaveResult:
    """Judge, extract, save and file one release: the one path of polls, backfill and import.

    The item is classified and extracted (``scrapers.analysis``), saved with its verdict, then
    its copies and event are filed. ``listed``: it comes from a source of the catalogue (an
    official publisher, unless its host is an aggregator's). A release seen again unchanged, or
    changed without new text, keeps its filed analysis.
    """
    text = item.body or item.summary
    analysis = analyze(item.title, text, published=item.published, url=item.url, rules=rules)
    saved = store.save(
        replace(item, relevant=analysis.relevant, score=analysis.score, reasons=analysis.reasons),
        now=now,
        origin=origin,
    )
    if saved.outcome == "new" or (saved.outcome == "updated" and item.body):
        settings = rules.settings
        store.file_analysis(
            saved.id,
            analysis,
            fingerprint(item.title, text, rules),
            official=is_official(item.url, rules, listed=listed),
            near_duplicate=settings.near_duplicate,
            window=settings.event_window,
            report_window=settings.report_window,
            now=now,
        )
    return saved


async def _complete(
    source: Source, item: Item, *, fetcher: Fetcher, store: Store, now: datetime
) -> Item | None:
    """Read the item's article page, or return None when it cannot be read now. A page that
    robots.txt disallows is never read: the item is kept with what its listing says."""
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
        if isinstance(e, RobotsDisallowedError):
            return replace(item, body=item.body or item.summary)
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
    article = extract_article(
        response,
        selector=source.body,
        date=source.article_date,
        date_format=source.date_format,
        original_link=source.original_link,
    )
    return replace(
        item,
        body=article.text or item.body or item.summary,
        published=item.published or article.published,
        title=item.title or article.title or "",
        original_url=article.original_url or item.original_url,
    )


def record_failure(
    store: Store,
    source: Source,
    error: Exception,
    *,
    now: datetime,
    rules: ScheduleSettings,
    rng: Random | None = None,
) -> SourceResult:
    """Record that a source failed this poll, and when to try it again (backing off with each
    failure in a row, at least as long as a Retry-After it sent), and say so in its result."""
    reason = str(error) or type(error).__name__
    failures = store.source_state(source.name).consecutive_failures + 1
    waited = error.retry_after if isinstance(error, TransientFetchError) else None
    retry_at = next_check(
        now, rules=rules, hints=Hints(retry_after=waited), failures=failures, rng=rng or Random()
    )
    store.record_failure(
        source.name,
        error=reason,
        status=getattr(error, "status", None),
        now=now,
        next_check=retry_at,
    )
    when = retry_at.isoformat(timespec="seconds")
    log.warning("%s: failed (%d in a row; next try %s): %s", source.name, failures, when, reason)
    return SourceResult(source.name, error=reason)


def split_due(
    sources: Sequence[Source],
    states: Mapping[str, SourceState],
    *,
    now: datetime,
    rules: ScheduleSettings,
) -> tuple[tuple[Source, ...], tuple[Source, ...]]:
    """The sources that are due now (never polled, or their next check has come), and the
    others."""
    due: list[Source] = []
    waiting: list[Source] = []
    for source in sources:
        state = states.get(source.name)
        at = state.next_check if state is not None else None
        (due if is_due(at, now, rules=rules) else waiting).append(source)
    return tuple(due), tuple(waiting)


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
