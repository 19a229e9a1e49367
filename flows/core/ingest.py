"""Ingest listed items: skip the known ones, read the new or changed articles, judge and store.

``store_item`` is the one path by which polls, backfill and import put a release in the archive:
judge and extract it (``scrapers.analysis``), save it, then file its copies and its event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from config import Settings, Source
from flows.core.articles import Page, complete
from flows.core.budget import paused
from flows.core.fetch_log import log_request
from flows.core.judging import Judged, Judges, Unjudged, Work
from flows.core.results import Ingested
from scrapers import (
    Fetcher,
    Item,
    RefusedURLError,
    Response,
    RobotsDisallowedError,
    ScraperError,
    site_policy,
)
from scrapers.dates import plausible
from storage import Analysed, Origin, SaveResult, Store, listing_hash

if TYPE_CHECKING:  # the analysis loads when a release is judged: a warm poll never needs it
    from scrapers.analysis import Rules

log = logging.getLogger("cyberwatch.pipeline")

YIELD_EVERY = 200  # listed items checked against the archive between two yields to the loop


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
    judges: Judges | None = None,
    deadline: asyncio.Timeout | None = None,
) -> Ingested:
    """Store listed items: a known one listed the same is only touched; a new or changed one
    has its article read (at most ``budget`` pages, default ``[fetch] max_articles``), is
    judged (by the run's ``judges``, else here with rules compiled for this call) and saved as
    coming from ``origin``; one that could not be judged is left for the next poll, like an
    unreadable one. ``deadline``: the source's (an entered ``asyncio.timeout``), paused while
    its releases wait to be judged. Used by polls and by backfill."""
    judges = judges or Judges(settings.analysis)
    # A date far in the future is not believed (scrapers.dates.plausible): unknown instead.
    items = [replace(i, published=plausible(i.published, now)) for i in items]
    pending: list[Item] = []
    listings: list[str] = []  # the listing hash of each pending item, computed once
    seen_again: list[int] = []
    for count, item in enumerate(items, 1):
        if count % YIELD_EVERY == 0:  # a long listing: let the other sources' work go on
            await asyncio.sleep(0)
        known = store.lookup(item)
        listing = listing_hash(item)
        if known is not None and known.listing_hash == listing:
            seen_again.append(known.id)
        else:
            pending.append(item)
            listings.append(listing)
    unchanged = len(seen_again)
    with store.batch():  # no await inside a batch: other sources share the connection
        for release_id in seen_again:
            store.touch(release_id, now=now)
    if not source.fetch_article:
        budget = len(pending)
    elif budget is None:
        budget = settings.fetch.max_articles
    to_read, over_budget = pending[:budget], pending[budget:]
    judges.expect(len(to_read))  # a large run's pool starts while these pages are fetched
    completed = await asyncio.gather(*(_fetch(source, item, fetcher=fetcher) for item in to_read))
    listed = not source.aggregator
    # The CPU work, reading the article pages and judging the releases: in worker processes in
    # a large run (its pages read here while they are behind), else here, letting other
    # sources' I/O in.
    here = judges.backlogged
    works = [_read_here(read.work) if here else read.work for read in completed]
    async with paused(deadline):  # waiting behind the whole run's judging is not the source's
        verdicts = iter(await judges.judge([w for w in works if w is not None], listed=listed))
    judged = [None if work is None else next(verdicts) for work in works]
    new_ids: list[int] = []
    updated = 0
    deferred = len(over_budget)
    with store.batch():  # the source's writes, all or nothing (``Store.batch``)
        for place, (read, work, verdict) in enumerate(zip(completed, works, judged, strict=True)):
            if read.response is not None or read.error is not None:
                log_request(
                    store,
                    source=source.name,
                    url=read.url,
                    now=now,
                    response=read.response,
                    error=read.error,
                )
            if work is None or verdict is None:
                deferred += 1
                continue
            if isinstance(verdict, Unjudged):
                log.warning(
                    "%s: %s %s: left for the next poll", source.name, read.url, verdict.reason
                )
                deferred += 1
                continue
            # The listing as the source gave it, before the article page added a title or a
            # date (a sitemap's items, article_date): the next poll compares its listing with it.
            saved = store_item(
                store,
                verdict.item or _listed(work),
                rules=judges.rules,
                now=now,
                origin=origin,
                listed=listed,
                judged=verdict,
                listing=listings[place],
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
    judged: Judged | None = None,
    listing: str | None = None,
) -> SaveResult:
    """Judge, extract, save and file one release: the one path of polls, backfill and import.

    The item is classified and extracted (``scrapers.analysis``; ``judged`` when done already
    by ``judge``), saved with its verdict, then its copies and event are filed. ``listed``: it
    comes from a source of the catalogue (an official publisher, unless its host is an
    aggregator's); ``listing``: the hash of its listing (``Store.save``). A release seen again
    unchanged, or changed without new text, keeps its filed analysis.
    """
    text = item.body or item.summary
    if judged is not None:
        analysis = judged.analysis
    else:
        from scrapers.analysis import analyze  # loaded on first use

        analysis = analyze(item.title, text, published=item.published, url=item.url, rules=rules)
    # Judged already (a run's workers, an import): a new release is inserted with its analysis.
    analysed = None if judged is None else Analysed(analysis, judged.fingerprint, judged.official)
    saved = store.save(
        item,
        verdict=analysis.verdict,
        now=now,
        origin=origin,
        listing=listing,
        analysed=analysed,
    )
    if saved.outcome == "new" or (saved.outcome == "updated" and item.body):
        if analysed is None:  # only now: a release seen again unchanged needs no fingerprint
            from scrapers.analysis import is_official
            from scrapers.analysis.fingerprint import fingerprint

            analysed = Analysed(
                analysis,
                fingerprint(item.title, text, rules),
                is_official(item.url, rules, listed=listed),
            )
        settings = rules.settings
        store.file_analysis(
            saved.id,
            analysis,
            analysed.fingerprint,
            official=analysed.official,
            near_duplicate=settings.near_duplicate,
            window=settings.event_window,
            report_window=settings.report_window,
            now=now,
            written=saved.outcome == "new" and judged is not None,
        )
    return saved


@dataclass(frozen=True, slots=True)
class _Read:
    """What to judge of a listed item: the item as it stands, or its article page still to be
    read (a ``Page``; None: not readable now), and the request made for it (its answer or
    error, both None when none was made), for the fetch log."""

    work: Work | None
    url: str
    response: Response | None = None
    error: ScraperError | None = None


def _listed(work: Work | None) -> Item:
    """The item judged as it stands (a ``Page`` comes back read, in ``Judged.item``)."""
    if not isinstance(work, Item):
        raise TypeError(f"an article page came back unread: {work!r:.80}")
    return work


def _read_here(work: Work | None) -> Work | None:
    """A page read in this process; as it was when that fails (its judging reports why)."""
    if not isinstance(work, Page):
        return work
    try:
        return complete(work)
    except Exception:  # read again where it is judged, which makes the failure its Unjudged
        return work


async def _fetch(source: Source, item: Item, *, fetcher: Fetcher) -> _Read:
    """Fetch the item's article page, to be read where it is judged; nothing to judge when it
    cannot be fetched now. A page that robots.txt disallows, or that is off the source's site
    or at a private address (``scrapers.sites``), is never fetched: the item is kept, a link,
    with what its listing says."""
    if not source.fetch_article:
        return _Read(replace(item, body=item.body or item.summary), item.url)
    try:
        response = await fetcher.get(item.url, source=source.name, policy=site_policy(source))
    except ScraperError as e:
        if isinstance(e, RobotsDisallowedError | RefusedURLError):
            return _Read(replace(item, body=item.body or item.summary), item.url, error=e)
        log.warning("%s: article not read: %s", source.name, e)
        return _Read(None, item.url, error=e)
    return _Read(Page.of(source, item, response), item.url, response=response)
