"""Which parser reads which kind of source, and reading an answer with its layout check."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from config import Source
from scrapers.errors import ParseError
from scrapers.feed import parse_feed
from scrapers.html import parse_list_page, read_list_page
from scrapers.jsonapi import parse_json
from scrapers.layout import LayoutReport, ListPage
from scrapers.model import Item, Response
from scrapers.sitemap import parse_sitemap


class Parser(Protocol):
    """Reads a fetched answer into the source's items; pure (no network, clock or database)."""

    def __call__(self, source: Source, response: Response, /) -> list[Item]: ...


def parser_for(kind: str) -> Parser:
    """The parser for a source ``kind`` (see ``config.KINDS``)."""
    parsers: dict[str, Parser] = {
        "feed": parse_feed,
        "html": parse_list_page,
        "sitemap": parse_sitemap,
        "json": parse_json,
    }
    try:
        return parsers[kind]
    except KeyError as e:
        raise ParseError(f"no parser for source kind {kind!r}") from e


def read_page(source: Source, response: Response) -> ListPage:
    """The source's items and how its selectors fared on ``response``, which is parsed once:
    an html list page by ``read_list_page``, the other kinds by their parser (judged by their
    item count). With ``url_filter`` only the items whose URL it matches are kept."""
    if source.kind == "html":
        listing = read_list_page(source, response)
    else:
        items = parser_for(source.kind)(source, response)
        listing = ListPage(items=tuple(items), layout=LayoutReport(items=len(items)))
    if not source.url_filter:
        return listing
    wanted = re.compile(source.url_filter)
    kept = tuple(item for item in listing.items if wanted.search(item.url))
    return replace(listing, items=kept, layout=replace(listing.layout, items=len(kept)))
