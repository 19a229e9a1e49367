"""Poll one source: conditional GET, parse, layout check, ingest, and its next check.

Prefect wraps this (flows/orchestration/poll_flow.py) but nothing here imports it, so the whole
path runs and is tested without an orchestrator. Order of work for one source:

    state -> conditional GET (a sitemap index: its newest sitemaps, flows/core/sitemaps.py)
                             -> 304: done
                             -> parse -> layout check (no items, selectors matching nothing:
                                         one more poll towards the drift alarm)
                                      -> ingest the items (flows/core/ingest.py)
          -> record success (validators kept only when every item was fully read) and the next
             check (from the server's hints, the source's publishing rhythm in the archive and
             its host's share: ``scrapers.schedule``, ``scrapers.cadence``)

Transient failures of the source's own URL (timeouts, 429, 5xx) are raised as
``TransientFetchError`` so the caller can retry; the caller records the failure once it gives up
(``record_failure``). Permanent failures come back as a failed ``SourceResult``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from random import Random

from config import ScheduleSettings, Settings, Source
from flows.core.fetch_log import log_request
from flows.core.ingest import ingest_items
from flows.core.judging import Judges
from flows.core.listing import read_listing
from flows.core.results import SourceResult
from flows.core.sitemaps import expand_index
from scrapers import (
    Fetcher,
    Item,
    ScraperError,
    TransientFetchError,
    Validators,
    site_policy,
)
from scrapers.cadence import RECENT, publishing_gap
from scrapers.schedule import Hints, hints_from, next_check
from storage import Store

log = logging.getLogger("cyberwatch.pipeline")


async def poll_source(
    source: Source,
    *,
    fetcher: Fetcher,
    store: Store,
    settings: Settings,
    now: datetime,
    rng: Random | None = None,
    shares: int = 1,
    judges: Judges | None = None,
    deadline: asyncio.Timeout | None = None,
) -> SourceResult:
    """Poll one source; raise TransientFetchError for a retryable failure of its own URL.
    Its next check is recorded with its state (``scrapers.schedule``; ``rng`` draws jitter;
    ``shares``: the sources polled on its host, who share the host's budget; ``judges``: the
    run's, ``Runtime.judges``, else rules compiled for this source alone; ``deadline``: the
    ``asyncio.timeout`` the caller holds the poll to, paused while its releases are judged)."""
    rng = rng or Random()
    state = store.source_state(source.name)
    validators = Validators(etag=state.etag, last_modified=state.last_modified)
    try:
        response = await fetcher.get(
            source.url, validators=validators, source=source.name, policy=site_policy(source)
        )
    except ScraperError as e:
        log_request(store, source=source.name, url=source.url, now=now, error=e)
        if isinstance(e, TransientFetchError):
            raise
        return record_failure(
            store, source, e, now=now, rules=settings.schedule, rng=rng, shares=shares
        )
    try:
        response = await expand_index(source, response, fetcher=fetcher)  # a sitemap index
    except ScraperError as e:
        log_request(store, source=source.name, url=source.url, now=now, response=response)
        return record_failure(
            store, source, e, now=now, rules=settings.schedule, rng=rng, shares=shares
        )
    hints = hints_from(response.headers, response.content)
    if response.not_modified:
        with store.batch():
            log_request(store, source=source.name, url=source.url, now=now, response=response)
            store.record_success(
                source.name,
                validators=response.validators,
                status=304,
                items=state.items_last_poll or 0,
                now=now,
                next_check=_next_check(store, source, settings, now, hints, rng, shares),
            )
        return SourceResult(source.name, not_modified=True, items=state.items_last_poll or 0)
    try:
        listing = await read_listing(source, response, judges=judges, deadline=deadline)
    except ScraperError as e:
        log_request(store, source=source.name, url=source.url, now=now, response=response)
        return record_failure(
            store, source, e, now=now, rules=settings.schedule, rng=rng, shares=shares
        )
    items = listing.items
    # Layout drift: an answer without items, or with selectors matching nothing. Such a page
    # keeps no validators, so each poll reads and counts it again instead of getting a 304.
    problem = listing.layout.problem
    with store.batch():
        log_request(store, source=source.name, url=source.url, now=now, response=response)
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
        shares=shares,
        judges=judges,
        deadline=deadline,
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
    shares: int,
    judges: Judges | None,
    deadline: asyncio.Timeout | None,
) -> SourceResult:
    done = await ingest_items(
        source,
        items,
        fetcher=fetcher,
        store=store,
        settings=settings,
        now=now,
        judges=judges,
        deadline=deadline,
    )
    # Keep the validators only when every listed item was read: otherwise the next poll must
    # see the full list again instead of a 304 that would hide the items left behind.
    store.record_success(
        source.name,
        validators=validators if done.deferred == 0 else Validators(),
        status=status,
        items=len(items),
        now=now,
        next_check=_next_check(store, source, settings, now, hints, rng, shares),
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


def _next_check(
    store: Store,
    source: Source,
    settings: Settings,
    now: datetime,
    hints: Hints,
    rng: Random,
    shares: int,
) -> datetime:
    """When a source that answered is checked next: its hints, its rhythm, its host's share."""
    gap = publishing_gap(store.publication_dates(source.name, limit=RECENT), now=now)
    return next_check(now, rules=settings.schedule, hints=hints, rng=rng, gap=gap, shares=shares)


def record_failure(
    store: Store,
    source: Source,
    error: Exception,
    *,
    now: datetime,
    rules: ScheduleSettings,
    rng: Random | None = None,
    shares: int = 1,
) -> SourceResult:
    """Record that a source failed this poll, and when to try it again (backing off with each
    failure in a row, at least as long as a Retry-After it sent and its host's floor for
    ``shares`` sources), and say so in its result."""
    reason = str(error) or type(error).__name__
    failures = store.source_state(source.name).consecutive_failures + 1
    waited = error.retry_after if isinstance(error, TransientFetchError) else None
    retry_at = next_check(
        now,
        rules=rules,
        hints=Hints(retry_after=waited),
        failures=failures,
        rng=rng or Random(),
        shares=shares,
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
