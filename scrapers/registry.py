"""Which parser reads which kind of source, and reading an answer with its layout check."""

from __future__ import annotations

from typing import Protocol

from config import Source
from scrapers.errors import ParseError
from scrapers.feed import parse_feed
from scrapers.html import parse_list_page, read_list_page
from scrapers.layout import LayoutReport, ListPage
from scrapers.model import Item, Response


class Parser(Protocol):
    """Reads a fetched answer into the source's items; pure (no network, clock or database)."""

    def __call__(self, source: Source, response: Response, /) -> list[Item]: ...


def parser_for(kind: str) -> Parser:
    """The parser for a source ``kind`` (see ``config.KINDS``)."""
    parsers: dict[str, Parser] = {"feed": parse_feed, "html": parse_list_page}
    try:
        return parsers[kind]
    except KeyError as e:
        raise ParseError(f"no parser for source kind {kind!r}") from e


def read_page(source: Source, response: Response) -> ListPage:
    """The source's items and how its selectors fared on ``response``, which is parsed once:
    an html list page by ``read_list_page``, a feed by its parser (judged by its item count)."""
    if source.kind == "html":
        return read_list_page(source, response)
    items = parser_for(source.kind)(source, response)
    return ListPage(items=tuple(items), layout=LayoutReport(items=len(items)))
