"""Scrapers: fetch a source and read it into Items (config <- scrapers; no storage, no Prefect)."""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names, for type checkers; at run time each loads on first use
    from scrapers.dates import from_struct_time, parse_datetime
    from scrapers.errors import (
        BodyTooLargeError,
        DeadlineError,
        FetchError,
        NotAFeedError,
        ParseError,
        RefusedURLError,
        RobotsDisallowedError,
        ScraperError,
        TransientFetchError,
    )
    from scrapers.feed import parse_feed
    from scrapers.fetch import Fetcher
    from scrapers.html import extract_article, parse_list_page, read_list_page
    from scrapers.http_dates import retry_after_seconds
    from scrapers.layout import LayoutReport, ListPage, SelectorMatch, check_article
    from scrapers.markup import decode_html
    from scrapers.model import Article, Item, Response, Validators
    from scrapers.pacing import Pacer
    from scrapers.paging import next_page_url
    from scrapers.registry import Parser, parser_for, read_page
    from scrapers.robots import RobotsRules
    from scrapers.sites import SitePolicy, site_policy
    from scrapers.text import clean, html_to_text, node_text

# Each name and the module it comes from: importing `scrapers.model` for `Item` does not
# import the HTTP client or the feed parser (`cyberwatch --help` and `search` need neither).
_LAZY = {
    "Article": "scrapers.model",
    "BodyTooLargeError": "scrapers.errors",
    "DeadlineError": "scrapers.errors",
    "FetchError": "scrapers.errors",
    "Fetcher": "scrapers.fetch",
    "Item": "scrapers.model",
    "LayoutReport": "scrapers.layout",
    "ListPage": "scrapers.layout",
    "NotAFeedError": "scrapers.errors",
    "Pacer": "scrapers.pacing",
    "ParseError": "scrapers.errors",
    "Parser": "scrapers.registry",
    "RefusedURLError": "scrapers.errors",
    "Response": "scrapers.model",
    "RobotsDisallowedError": "scrapers.errors",
    "RobotsRules": "scrapers.robots",
    "ScraperError": "scrapers.errors",
    "SelectorMatch": "scrapers.layout",
    "SitePolicy": "scrapers.sites",
    "TransientFetchError": "scrapers.errors",
    "Validators": "scrapers.model",
    "check_article": "scrapers.layout",
    "clean": "scrapers.text",
    "decode_html": "scrapers.markup",
    "extract_article": "scrapers.html",
    "from_struct_time": "scrapers.dates",
    "html_to_text": "scrapers.text",
    "next_page_url": "scrapers.paging",
    "node_text": "scrapers.text",
    "parse_datetime": "scrapers.dates",
    "parse_feed": "scrapers.feed",
    "parse_list_page": "scrapers.html",
    "parser_for": "scrapers.registry",
    "read_list_page": "scrapers.html",
    "read_page": "scrapers.registry",
    "retry_after_seconds": "scrapers.http_dates",
    "site_policy": "scrapers.sites",
}

__all__ = [
    "Article",
    "BodyTooLargeError",
    "DeadlineError",
    "FetchError",
    "Fetcher",
    "Item",
    "LayoutReport",
    "ListPage",
    "NotAFeedError",
    "Pacer",
    "ParseError",
    "Parser",
    "RefusedURLError",
    "Response",
    "RobotsDisallowedError",
    "RobotsRules",
    "ScraperError",
    "SelectorMatch",
    "SitePolicy",
    "TransientFetchError",
    "Validators",
    "check_article",
    "clean",
    "decode_html",
    "extract_article",
    "from_struct_time",
    "html_to_text",
    "next_page_url",
    "node_text",
    "parse_datetime",
    "parse_feed",
    "parse_list_page",
    "parser_for",
    "read_list_page",
    "read_page",
    "retry_after_seconds",
    "site_policy",
]


def __getattr__(name: str) -> object:
    """A name of `__all__`, imported from its module on first use (PEP 562) and kept here, so
    that a later use is a plain lookup rather than a call of this function (an import inside a
    function run for each release cost the write path about 2% of its time)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
