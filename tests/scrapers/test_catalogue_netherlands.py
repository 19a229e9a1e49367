"""The Netherlands: the 2026 RSS search endpoint (a JSON query in the URL), pubDate stamped at
Amsterdam midnight, the drafting date in the path never read."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from config import Source
from tests.scrapers.catalogue_helpers import Fetch, article, listing


def test_cyber_search_feed(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["nl-rijksoverheid-cyber"]
    assert '"resultSearchTerm":"cyber"' in parse_qs(urlsplit(source.url).query)["query"][0]
    (item,) = listing(source, fetch)
    assert item.title == "Nederland en Zuid-Korea houden eerste cyberdialoog"
    assert item.published == datetime(2024, 11, 25, 23, 0, tzinfo=UTC)
    # the day the site shows is the Amsterdam day, 26 November (the path says 25)
    assert item.published.astimezone(ZoneInfo("Europe/Amsterdam")).date().day == 26
    assert "/nieuws/2024/11/25/" in item.url
    text = article(source, item, fetch).text
    assert "hebben op 26 november 2024 in Den Haag hun eerste cyberdialoog gehouden" in text
