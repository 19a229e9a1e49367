"""Scrapers: fetch a source and read it into Items (config <- scrapers; no storage, no Prefect)."""

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
