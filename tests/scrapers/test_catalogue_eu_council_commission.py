"""The EU Council's RSS (dates only in a10:updated, meeting links filtered out with url_filter)
and the European Commission's press corner JSON API (field paths, a link built by template)."""

from datetime import UTC, datetime

from config import Source
from scrapers import parser_for
from tests.scrapers.catalogue_helpers import Fetch, article, listing


def test_council_dates_from_a10_updated_and_only_press_releases(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    source = catalogue["eu-council-press"]
    everything = parser_for(source.kind)(source, fetch(source.url))
    assert len(everything) == 2  # the feed also lists a meeting
    (release,) = listing(source, fetch)
    assert release.title == "EU-Japan Cyber Dialogue: joint press release"
    assert release.url.endswith("/en/press/press-releases/2024/12/03/eu-japan-cyber-dialogue/")
    assert release.guid == "150481"
    assert release.published == datetime(2024, 12, 3, 10, 0, tzinfo=UTC)  # no pubDate at all
    text = article(source, release, fetch).text
    assert "held the fourth EU-Japan Cyber Dialogue in Brussels on 3 December 2024" in text


def test_commission_json_items_and_detail_links(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["ec-presscorner"]
    cyber, statement = listing(source, fetch)
    assert cyber.title == "EU and Singapore hold first Cyber Dialogue"
    # the template is relative to the API: .../presscorner/api/search -> .../presscorner/detail/
    assert cyber.url == source.url.split("/api/")[0] + "/detail/en/ip_24_6100"
    assert cyber.published == datetime(2024, 12, 4, tzinfo=UTC)
    assert cyber.body.startswith("The European Union and Singapore held their first Cyber")
    assert "<p>" not in cyber.body
    assert statement.url.endswith("/detail/en/statement_24_6050")
