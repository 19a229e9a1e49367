"""Reading a fixture catalogue source the way a poll does: its listing, then an article page."""

from collections.abc import Callable

from config import Source
from scrapers import Article, Item, Response, extract_article, read_page

Fetch = Callable[[str], Response]


def listing(source: Source, fetch: Fetch) -> list[Item]:
    """The items a poll would keep from the source's page (url_filter applied)."""
    return list(read_page(source, fetch(source.url)).items)


def article(source: Source, item: Item, fetch: Fetch) -> Article:
    return extract_article(
        fetch(item.url),
        selector=source.body,
        date=source.article_date,
        date_format=source.date_format,
        original_link=source.original_link,
        exclude=source.exclude_selectors,
    )
