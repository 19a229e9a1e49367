"""``cyberwatch sources check``: fetch each source live and say whether it still works.

For each source: a plain GET of its URL (no conditional GET, so the page is really read; nothing
is stored) through the polite Fetcher, the source's own parser, the list-page selector check
(``scrapers.layout``), then the newest item's article page and its ``body`` selector. A source
is broken when its page cannot be fetched or parsed, gives no items, a selector matches nothing,
or the newest article cannot be read. Plain Python: no Prefect, no archive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from config import Settings, Source
from flows.core.sitemaps import expand_index
from scrapers import (
    Fetcher,
    Item,
    LayoutReport,
    ScraperError,
    SelectorMatch,
    check_article,
    read_page,
    site_policy,
)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What checking one source found."""

    source: str
    status: int | None = None  # HTTP status of the source's URL; None if it was not answered
    items: int = 0
    newest: datetime | None = None
    layout: LayoutReport | None = None
    article: SelectorMatch | None = None  # the body selector on the newest item's page
    error: str | None = None  # the source's URL could not be fetched or parsed
    article_error: str | None = None  # the newest item's page could not be fetched

    @property
    def selectors(self) -> tuple[SelectorMatch, ...]:
        found = self.layout.selectors if self.layout is not None else ()
        return (*found, self.article) if self.article is not None else found

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the source is broken; empty when it works."""
        if self.error is not None:
            return (self.error,)
        found: list[str] = []
        if self.layout is not None and self.layout.problem is not None:
            found.append(self.layout.problem)
        if self.article_error is not None:
            found.append(f"newest article: {self.article_error}")
        if self.article is not None and self.article.failed:
            found.append(f"newest article: {self.article.describe()}")
        return tuple(found)

    @property
    def broken(self) -> bool:
        return bool(self.problems)


async def check_sources(sources: Sequence[Source], *, settings: Settings) -> list[CheckResult]:
    """Check ``sources`` concurrently (``[fetch] concurrency`` at a time), in their order."""
    limit = asyncio.Semaphore(settings.fetch.concurrency)
    async with Fetcher(settings.fetch) as fetcher:

        async def one(source: Source) -> CheckResult:
            async with limit:
                return await check_source(source, fetcher=fetcher)

        return list(await asyncio.gather(*(one(s) for s in sources)))


async def check_source(source: Source, *, fetcher: Fetcher) -> CheckResult:
    """Fetch and read ``source`` as a poll would, and report how it went."""
    try:
        response = await fetcher.get(source.url, source=source.name, policy=site_policy(source))
        response = await expand_index(source, response, fetcher=fetcher)  # a sitemap index
    except ScraperError as e:
        return CheckResult(source.name, status=getattr(e, "status", None), error=str(e))
    try:
        listing = read_page(source, response)
    except ScraperError as e:
        return CheckResult(source.name, status=response.status, error=str(e))
    items = listing.items
    result = CheckResult(
        source.name,
        status=response.status,
        items=len(items),
        newest=max((i.published for i in items if i.published), default=None),
        layout=listing.layout,
    )
    newest = _newest(items)
    if newest is None or not source.fetch_article:
        return result
    try:
        page = await fetcher.get(newest.url, source=source.name, policy=site_policy(source))
    except ScraperError as e:
        return replace(result, article_error=str(e))
    return replace(result, article=check_article(source, page))


def _newest(items: Sequence[Item]) -> Item | None:
    dated = [i for i in items if i.published is not None]
    if dated:
        return max(dated, key=lambda i: i.published or datetime.min)
    return items[0] if items else None
