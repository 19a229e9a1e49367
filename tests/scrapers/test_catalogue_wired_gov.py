"""Wired-Gov, an aggregator: a feed without dates or GUIDs whose article URLs carry the posting
time (+DDMMYYYYHHMMSS), and copies that may link to their original."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Response, extract_article, parser_for

Fetch = Callable[[str], Response]
ARTICLES = "/wired-gov/wg/news.nsf/articles/"


def test_dates_from_urls_and_links_to_originals(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["wired-gov"]
    japan, seoul = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.split("/wired-gov/")[0]
    assert japan.title == "UK and Japan hold cyber dialogue in Tokyo"
    assert japan.url == (
        base + ARTICLES + "UK+and+Japan+hold+cyber+dialogue+in+Tokyo+20112024090500?open"
    )
    assert japan.published == datetime(2024, 11, 20, 9, 5, tzinfo=UTC)
    assert japan.guid is None
    assert seoul.title == "The 3rd ROK-UK Cyber Dialogue held in Seoul"
    assert seoul.published == datetime(2023, 2, 27, 14, 10, tzinfo=UTC)  # posted, not met
    copy = extract_article(
        fetch(japan.url), selector=source.body, original_link=source.original_link
    )
    assert (
        copy.original_url
        == base + "/govuk/government/news/uk-and-japan-hold-cyber-dialogue-in-tokyo"
    )
    assert "to hold the next round of the dialogue in London" in copy.text
    alone = extract_article(
        fetch(seoul.url), selector=source.body, original_link=source.original_link
    )
    assert alone.original_url is None
    assert "was held in Seoul on Friday 10 February 2023" in alone.text
