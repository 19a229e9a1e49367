"""Australia DFAT: a Drupal-style RSS feed with Canberra offsets, generic article extraction."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Response, extract_article, parser_for

Fetch = Callable[[str], Response]


def test_news_feed_and_article(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["australia-dfat-news"]
    cyber, flood = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.split("/dfat/")[0]
    assert cyber.title == "Australia and Singapore hold cyber and critical technology dialogue"
    assert cyber.url == (
        base + "/dfat/news/news/australia-and-singapore-hold-cyber-and-critical-technology-dialogue"
    )
    assert cyber.published == datetime(2024, 11, 25, 22, 0, tzinfo=UTC)  # 26 Nov 09:00 +1100
    assert flood.title == "Australian humanitarian support for flood-affected communities"
    assert flood.published == datetime(2024, 11, 14, 4, 30, tzinfo=UTC)
    text = extract_article(fetch(cyber.url), selector=source.body).text
    assert text.split("\n\n")[1] == (
        "Australia and Singapore held a bilateral dialogue on cyber and critical technology in "
        "Canberra on 25 November 2024."
    )


def test_foreign_minister_feed_carries_the_whole_release(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    source = catalogue["australia-fm-media-releases"]
    assert source.fetch_article is False  # the department's pages block non-browser clients
    (item,) = parser_for(source.kind)(source, fetch(source.url))
    assert item.title == "Australia-India Cyber and Critical Technology Dialogue"
    assert item.published == datetime(2024, 11, 29, 23, 0, tzinfo=UTC)  # 10:00 +1100
    text = item.body or item.summary
    assert "held the fourth Australia-India Cyber and Critical Technology Dialogue" in text
    assert "<p>" not in text
