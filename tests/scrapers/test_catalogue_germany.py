"""Auswärtiges Amt: German and English RSS feeds (pubDate with an offset, HTML descriptions),
articles read from div.c-rte--default with the page chrome and the date line left out."""

from datetime import UTC, datetime

from config import Source
from tests.scrapers.catalogue_helpers import Fetch, article, listing


def test_german_feed_and_article(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["aa-de-press"]
    cyber, floods = listing(source, fetch)
    assert cyber.title == "Deutsch-Japanische Cyberkonsultationen in Berlin"
    assert cyber.url.endswith("/aa/de/newsroom/deutsch-japanische-cyberkonsultationen-2690001")
    assert cyber.published == datetime(2024, 11, 27, 13, 0, tzinfo=UTC)  # 14:00 +0100
    assert cyber.summary == (
        "Deutschland und Japan haben in Berlin ihre 6. Cyberkonsultationen abgehalten."
    )
    assert floods.published == datetime(2024, 11, 1, 10, 30, tzinfo=UTC)
    text = article(source, cyber, fetch).text
    assert text.startswith("Am 27. November 2024 fanden in Berlin die 6. Deutsch-Japanischen")
    assert "Willkommen" not in text and "27.11.2024 - Pressemitteilung" not in text


def test_english_feed_is_its_own_release(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["aa-en-press"]
    (item,) = listing(source, fetch)
    assert item.title == "German-Japanese Cyber Consultations held in Berlin"
    assert item.url.endswith("/aa/en/newsroom/news/german-japanese-cyber-consultations-2690010")
    assert "The next consultations are to be held in Tokyo" in article(source, item, fetch).text
