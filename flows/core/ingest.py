"""Ingest listed items: skip the known ones, read the new or changed articles, judge and store.

``store_item`` is the one path by which polls, backfill and import put a release in the archive:
judge and extract it (``scrapers.analysis``), save it, then file its copies and its event.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from config import Settings, Source
from flows.core.fetch_log import log_request
from flows.core.results import Ingested
from scrapers import Fetcher, Item, RobotsDisallowedError, ScraperError, extract_article
from scrapers.analysis import Rules, analyze, fingerprint, is_official
from storage import Origin, SaveResult, Store, listing_hash

log = logging.getLogger("cyberwatch.pipeline")


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
    for listed_item, read in zip(to_read, completed, strict=True):
        if read is None:
            deferred += 1
            continue
        # The listing as the source gave it, before the article page added a title or a date
        # (a sitemap's items, article_date): the next poll compares its listing with this.
        saved = store_item(
            store,
            read,
            rules=rules,
            now=now,
            origin=origin,
            listed=not source.aggregator,
            listing=listing_hash(listed_item),
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
    listing: str | None = None,
) -> SaveResult:
    """Judge, extract, save and file one release: the one path of polls, backfill and import.

    The item is classified and extracted (``scrapers.analysis``), saved with its verdict, then
    its copies and event are filed. ``listed``: it comes from a source of the catalogue (an
    official publisher, unless its host is an aggregator's); ``listing``: the hash of its
    listing (``Store.save``). A release seen again unchanged, or
    changed without new text, keeps its filed analysis.
    """
    text = item.body or item.summary
    analysis = analyze(item.title, text, published=item.published, url=item.url, rules=rules)
    saved = store.save(item, verdict=analysis.verdict, now=now, origin=origin, listing=listing)
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
        log_request(store, source=source.name, url=item.url, now=now, error=e)
        if isinstance(e, RobotsDisallowedError):
            return replace(item, body=item.body or item.summary)
        log.warning("%s: article not read: %s", source.name, e)
        return None
    log_request(store, source=source.name, url=item.url, now=now, response=response)
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
