"""XML sitemaps (``kind = "sitemap"``): each ``<url>``'s ``<loc>`` is an item.

A sitemap says where pages are, not what they are: it has no titles, and its ``<lastmod>`` is
when a page last changed (Isomer, Singapore's CMS, writes each page's last-modified time), not
when it was published. So an item here is a URL only, newest ``<lastmod>`` first so that a
poll's article budget goes to the pages changed last; the title and the date are read from the
article page (``article_date``).

A sitemap index (``<sitemapindex>``) lists sitemaps instead of pages: ``index_children`` gives
its ``CHILD_SITEMAPS`` most recently modified sitemaps on the source's own site, and
``merge_sitemaps`` makes one ``<urlset>`` answer of what they list, read like any sitemap
(``flows.core.sitemaps`` fetches them). ``parse_sitemap`` given an index itself refuses it,
naming its first sitemap.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from config import Source
from scrapers.dates import parse_datetime
from scrapers.errors import NotAFeedError, ParseError
from scrapers.model import Item, Response

_HTML_ROOT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_EPOCH = datetime.min.replace(tzinfo=UTC)
CHILD_SITEMAPS = 5  # sitemaps of an index read per poll, the most recently modified
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def index_children(response: Response) -> list[str] | None:
    """The sitemaps a ``<sitemapindex>`` answer lists on its own host, the most recently
    modified first (by ``<lastmod>``; in index order among equals), at most ``CHILD_SITEMAPS``;
    None when the answer is no sitemap index (or no XML: ``parse_sitemap`` says why)."""
    if b"sitemapindex" not in response.content[:4096] or b"<!ENTITY" in response.content:
        return None
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError:
        return None
    if _local(root.tag) != "sitemapindex":
        return None
    host = urlsplit(response.url).hostname
    listed: list[tuple[datetime, str]] = []
    for entry in root:
        fields = {_local(child.tag): _text(child) for child in entry}
        url = _absolute(response.url, fields.get("loc", ""))
        if url is not None and urlsplit(url).hostname == host:
            listed.append((parse_datetime(fields.get("lastmod")) or _EPOCH, url))
    listed.sort(key=lambda pair: pair[0], reverse=True)
    return list(dict.fromkeys(url for _, url in listed))[:CHILD_SITEMAPS]


def merge_sitemaps(index: Response, children: list[Response]) -> Response:
    """One ``<urlset>`` answer, at the index's URL, with every ``<url>`` of the ``children``
    (those that are no urlset are skipped); without the index's validators, so each poll reads
    the index and its sitemaps again."""
    merged = ElementTree.Element(f"{{{_NS}}}urlset")
    for child in children:
        if b"<!ENTITY" in child.content:
            continue
        try:
            root = ElementTree.fromstring(child.content)
        except ElementTree.ParseError:
            continue
        if _local(root.tag) == "urlset":
            merged.extend(e for e in root if _local(e.tag) == "url")
    headers = {k: v for k, v in index.headers.items() if k not in ("etag", "last-modified")}
    return Response(
        url=index.url,
        status=index.status,
        headers=headers,
        content=ElementTree.tostring(merged, encoding="utf-8", xml_declaration=True),
        elapsed=index.elapsed + sum(c.elapsed for c in children),
    )


def parse_sitemap(source: Source, response: Response) -> list[Item]:
    """The pages a ``<urlset>`` lists, as Items without title or date, newest ``<lastmod>``
    first (pages without one last, in sitemap order). Raises NotAFeedError for an HTML page
    and ParseError for anything else that is no ``<urlset>``."""
    if _HTML_ROOT.match(response.content[:512]):
        raise NotAFeedError(
            "expected a sitemap, got an HTML page", source=source.name, url=response.url
        )
    if b"<!ENTITY" in response.content:
        raise ParseError("a sitemap with entity declarations", source=source.name, url=response.url)
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as e:
        raise ParseError(f"not XML ({e})", source=source.name, url=response.url) from e
    tag = _local(root.tag)
    if tag == "sitemapindex":
        first = next((_text(e) for e in root.iter() if _local(e.tag) == "loc"), "")
        raise ParseError(
            f"a sitemap index, not a sitemap: set url to one of its sitemaps ({first or 'none'})",
            source=source.name,
            url=response.url,
        )
    if tag != "urlset":
        raise ParseError(
            f"expected a sitemap <urlset>, got <{tag}>", source=source.name, url=response.url
        )
    listed: list[tuple[datetime, Item]] = []
    seen: set[str] = set()
    for entry in root:
        if _local(entry.tag) != "url":
            continue
        fields = {_local(child.tag): _text(child) for child in entry}
        url = _absolute(response.url, fields.get("loc", ""))
        if url is None or url in seen:
            continue
        seen.add(url)
        modified = parse_datetime(fields.get("lastmod")) or _EPOCH
        listed.append((modified, Item(source=source.name, url=url, title="")))
    listed.sort(key=lambda pair: pair[0], reverse=True)  # stable: sitemap order among equals
    return [item for _, item in listed]


def _local(tag: str) -> str:
    """An element's name without its namespace (``{http://www.sitemaps.org/...}url`` is url)."""
    return tag.rpartition("}")[2]


def _text(element: ElementTree.Element) -> str:
    return (element.text or "").strip()


def _absolute(base: str, link: str) -> str | None:
    if not link:
        return None
    url = urljoin(base, link)
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None
