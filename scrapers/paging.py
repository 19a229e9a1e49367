"""Pagination of a list page: the link to the next (older) page, for walking an archive."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from config import Source
from scrapers.markup import html_tree
from scrapers.model import Response


def next_page_url(source: Source, response: Response) -> str | None:
    """The absolute URL of the page after ``response``, found with the source's ``next_page``
    selector (the matched element's ``href``, or that of the first link inside it); None when
    the source has no such selector or the page has no such link (the last page)."""
    if not source.next_page:
        return None
    node = html_tree(response).css_first(source.next_page)
    if node is None:
        return None
    href = node.attributes.get("href")
    if href is None:
        anchor = node.css_first("a[href]")
        href = anchor.attributes.get("href") if anchor is not None else None
    if not href or not href.strip():
        return None
    try:
        url = urljoin(response.url, href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None
