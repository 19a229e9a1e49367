"""A source pointed at a sitemap index: its most recently modified sitemaps fetched and read as
one sitemap (``scrapers.sitemap.index_children``, ``merge_sitemaps``). Bounded: at most
``CHILD_SITEMAPS`` sitemaps a poll, each through the polite fetcher; one that fails is left out
(the others still count), and an index none of whose sitemaps answers fails the source."""

from __future__ import annotations

from config import Source
from scrapers import Fetcher, FetchError, Response, ScraperError, site_policy
from scrapers.sitemap import index_children, merge_sitemaps


async def expand_index(source: Source, response: Response, *, fetcher: Fetcher) -> Response:
    """``response`` itself, or for a sitemap source answered with a sitemap index, one
    ``<urlset>`` answer of its newest sitemaps."""
    if source.kind != "sitemap" or response.not_modified:
        return response
    children = index_children(response)
    if not children:  # no index, or none of its sitemaps on the site: parse_sitemap says so
        return response
    read: list[Response] = []
    errors: list[str] = []
    for url in children:
        try:
            read.append(await fetcher.get(url, source=source.name, policy=site_policy(source)))
        except ScraperError as e:
            errors.append(str(e))
    if not read:
        raise FetchError(
            f"no sitemap of the index could be read ({errors[0]})",
            source=source.name,
            url=response.url,
        )
    return merge_sitemaps(response, read)
