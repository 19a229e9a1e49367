"""Scrapers: fetch a source and read it into Items (config <- scrapers; no storage, no Prefect)."""

from scrapers.dates import from_struct_time, parse_datetime
from scrapers.errors import (
    BodyTooLargeError,
    FetchError,
    NotAFeedError,
    ParseError,
    ScraperError,
    TransientFetchError,
)
from scrapers.feed import parse_feed
from scrapers.fetch import Fetcher, retry_after_seconds
from scrapers.html import decode_html, extract_article, parse_list_page
from scrapers.model import Article, Item, Relevance, Response, Validators
from scrapers.registry import Parser, parser_for
from scrapers.relevance import judge
from scrapers.text import clean, html_to_text, node_text

__all__ = [
    "Article",
    "BodyTooLargeError",
    "FetchError",
    "Fetcher",
    "Item",
    "NotAFeedError",
    "ParseError",
    "Parser",
    "Relevance",
    "Response",
    "ScraperError",
    "TransientFetchError",
    "Validators",
    "clean",
    "decode_html",
    "extract_article",
    "from_struct_time",
    "html_to_text",
    "judge",
    "node_text",
    "parse_datetime",
    "parse_feed",
    "parse_list_page",
    "parser_for",
    "retry_after_seconds",
]
