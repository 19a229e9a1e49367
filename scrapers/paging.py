"""Pagination of a list page: the link to the next (older) page, for walking an archive."""

from __future__ import annotations

from config import Source
from scrapers.markup import html_tree, link_url
from scrapers.model import Response


def next_page_url(source: Source, response: Response) -> str | None:
    """The absolute URL of the page after ``response``, found with the source's ``next_page``
    selector (the matched element's ``href``, or that of the first link inside it); None when
    the source has no such selector or the page has no such link (the last page)."""
    if not source.next_page:
        return None
    return link_url(response.url, html_tree(response).css_first(source.next_page))
