"""``cyberwatch backfill SOURCE --since DATE``: fill the archive with a source's past releases.

The walk reads the source's archive one page at a time, through the same polite Fetcher as a
poll (rate per host, robots.txt, Retry-After):

- with ``backfill_url``, page N is that template with ``{page}`` = N and ``{since}``/``{until}``
  set (a paginated list, or the publisher's date-range search);
- with ``next_page``, the next page is the link that selector finds on the page read last
  (starting at ``backfill_url`` page 1, else at the source's ``url``).

Each page is parsed by the source's own parser; its items dated from ``since`` to ``until``
(and those without a date) go through the poll's path (``ingest_items``: article page read,
judged, stored once) marked ``origin = 'backfill'``. The walk stops, finished, at a page with no
items, a page whose dated items are all older than ``since``, a page that repeats the one
before, or the last page (no next link); it pauses at ``[backfill] max_pages`` pages per run or
at a page that fails. Progress is recorded after each completed page (``backfill_state``), so
running the same command again continues after the last completed page and a finished walk is
not walked again (``restart=True`` starts over; stored releases are never duplicated).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime

from config import ConfigError, Settings, Source
from config.sources import render_backfill_url
from flows.core import progress
from flows.core.fetch_log import log_request
from flows.core.ingest import ingest_items
from flows.core.runtime import Runtime, open_runtime
from scrapers import Item, Response, ScraperError, next_page_url, parser_for, site_policy
from storage import BackfillState

log = logging.getLogger("cyberwatch.backfill")


@dataclass(frozen=True, slots=True)
class BackfillReport:
    """What one run of a backfill did, and where the walk stands."""

    source: str
    since: date
    until: date | None
    pages: int = 0  # pages read in this run
    pages_done: int = 0  # pages completed by the walk so far, over every run
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    outside: int = 0  # items listed outside since..until, not stored
    finished: bool = False
    stopped: str = ""  # why this run stopped
    error: str | None = None
    new_ids: tuple[int, ...] = ()

    @property
    def failed(self) -> bool:
        return self.error is not None


async def run_backfill(
    source: Source,
    *,
    settings: Settings,
    since: date,
    until: date | None,
    now: datetime,
    restart: bool = False,
) -> BackfillReport:
    """Open the archive and the fetcher, and backfill ``source`` (see ``backfill``)."""
    async with open_runtime(settings) as runtime:
        return await backfill(
            source, since=since, until=until, runtime=runtime, now=now, restart=restart
        )


async def backfill(
    source: Source,
    *,
    since: date,
    until: date | None,
    runtime: Runtime,
    now: datetime,
    restart: bool = False,
) -> BackfillReport:
    """Walk ``source``'s archive from ``since`` to ``until`` (None: today), resuming a walk
    over the same dates unless ``restart``; see the module docstring."""
    if not source.can_backfill:
        raise ConfigError("cannot be backfilled: set backfill_url or next_page", source=source.name)
    if until is not None and until < since:
        raise ConfigError(f"--until {until} is before --since {since}")
    store = runtime.store
    state = None if restart else store.backfill_state(source.name, since=since, until=until)
    if state is None:
        state = BackfillState(
            source=source.name,
            since=since,
            until=until,
            until_used=until or now.date(),
            pages_done=0,
            next_url=None,
            started_at=now,
            updated_at=now,
            finished_at=None,
        )
    report = BackfillReport(source.name, since, until, pages_done=state.pages_done)
    if state.finished:
        return replace(report, finished=True, stopped="already complete")
    previous: frozenset[str] = frozenset()
    for _ in range(runtime.settings.backfill.max_pages):
        url = _page_url(source, state)
        if url is None:
            state = replace(state, finished_at=now)
            store.save_backfill_state(state)
            return replace(report, finished=True, stopped="no next page")
        page = await _read_page(source, url, runtime=runtime, now=now)
        if isinstance(page, str):
            return replace(report, error=page, stopped="a page failed")
        response, items = page
        wanted = [i for i in items if _within(i, since=since, until=state.until_used)]
        done = await ingest_items(
            source,
            wanted,
            fetcher=runtime.fetcher,
            store=store,
            settings=runtime.settings,
            now=now,
            origin="backfill",
            budget=len(wanted),
            judges=runtime.judges,
        )
        report = replace(
            report,
            pages=report.pages + 1,
            new=report.new + len(done.new_ids),
            updated=report.updated + done.updated,
            unchanged=report.unchanged + done.unchanged,
            outside=report.outside + len(items) - len(wanted),
            new_ids=report.new_ids + done.new_ids,
        )
        if done.deferred:
            reason = f"{done.deferred} article pages could not be read; run again to retry"
            return replace(report, error=f"{url}: {reason}", stopped="a page failed")
        urls = frozenset(i.url for i in items)
        finished = _end_of_walk(items, since=since, repeated=urls == previous)
        previous = urls
        state = replace(
            state,
            pages_done=state.pages_done + 1,
            next_url=next_page_url(source, response) if source.next_page else None,
            updated_at=now,
            finished_at=now if finished else None,
        )
        store.save_backfill_state(state)
        report = replace(report, pages_done=state.pages_done)
        progress.report(
            "backfill",
            done=report.pages,
            total=runtime.settings.backfill.max_pages,
            item=f"{source.name} page {state.pages_done}, {report.new} new",
        )
        if finished:
            log.info(
                "%s: backfill finished at page %d: %s", source.name, state.pages_done, finished
            )
            return replace(report, finished=True, stopped=finished)
    cap = runtime.settings.backfill.max_pages
    return replace(report, stopped=f"read {cap} pages, the most per run; run again to continue")


def _page_url(source: Source, state: BackfillState) -> str | None:
    """The URL of the walk's next page, or None past the last page of a next-link walk."""
    page = state.pages_done + 1
    if source.next_page and state.pages_done > 0:
        return state.next_url
    if source.backfill_url:
        return render_backfill_url(
            source.backfill_url, page=page, since=state.since, until=state.until_used
        )
    return source.url


async def _read_page(
    source: Source, url: str, *, runtime: Runtime, now: datetime
) -> tuple[Response, list[Item]] | str:
    """The page and its items, or why they could not be had (the request is logged)."""
    store = runtime.store
    try:
        response = await runtime.fetcher.get(url, source=source.name, policy=site_policy(source))
    except ScraperError as e:
        log_request(store, source=source.name, url=url, now=now, error=e)
        log.warning("%s: backfill stopped: %s", source.name, e)
        return str(e)
    log_request(store, source=source.name, url=url, now=now, response=response)
    try:
        return response, parser_for(source.kind)(source, response)
    except ScraperError as e:
        log.warning("%s: backfill stopped: %s", source.name, e)
        return str(e)


def _within(item: Item, *, since: date, until: date) -> bool:
    """Whether ``item`` belongs to the walk's dates (an undated item is given the benefit)."""
    if item.published is None:
        return True
    return since <= item.published.date() <= until


def _end_of_walk(items: list[Item], *, since: date, repeated: bool) -> str | None:
    """Why the walk is complete after this page, or None to go on."""
    if not items:
        return "a page with no items"
    if repeated:
        return "a page that repeats the one before"
    dated = [i.published for i in items if i.published is not None]
    if dated and max(dated).date() < since:
        return f"a page with nothing newer than {since}"
    return None
