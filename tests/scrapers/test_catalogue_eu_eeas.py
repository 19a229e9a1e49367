"""EU EEAS: a Drupal-style RSS feed with Brussels offsets, article text by the generic extractor."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Response, extract_article, parse_list_page, parser_for

Fetch = Callable[[str], Response]


def test_press_feed_and_article(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["eu-eeas-press"]
    cyber, floods = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.split("/eeas/")[0]
    assert cyber.title == "EU and Republic of Korea hold Cyber Dialogue"
    assert cyber.url == base + "/eeas/eeas/eu-and-republic-korea-hold-cyber-dialogue_en"
    assert cyber.published == datetime(2024, 11, 21, 9, 15, tzinfo=UTC)  # 10:15 +0100
    assert cyber.guid == f"900412 at {base}/eeas"
    assert floods.title == "Statement by the Spokesperson on the floods"
    assert floods.published == datetime(2024, 11, 15, 17, 40, tzinfo=UTC)
    assert source.body is None  # page markup undocumented: the generic extractor reads it
    text = extract_article(fetch(cyber.url), selector=source.body).text
    assert "held their Cyber Dialogue in Brussels on 20 November 2024" in text
    assert "European External Action Service" not in text  # header and footer left out


def test_press_material_list_dd_mm_yyyy_and_links_leaving_the_site(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    source = catalogue["eu-eeas-press-material"]
    cyber, offsite = parse_list_page(source, fetch(source.url))
    assert cyber.title == "EU and Brazil hold fourth Cyber Dialogue"
    assert cyber.published == datetime(2024, 12, 2, tzinfo=UTC)  # 02.12.2024
    assert offsite.url.endswith("/ec/commission/presscorner/detail/en/statement_24_6200")
    assert offsite.published == datetime(2024, 11, 28, tzinfo=UTC)
    own = extract_article(fetch(cyber.url), selector=source.body)
    assert own.text.startswith("The European Union and Brazil held their fourth Cyber Dialogue")
    # the Commission page has no EEAS body: the generic extractor reads it
    other = extract_article(fetch(offsite.url), selector=source.body)
    assert "support for regions affected by the recent floods" in other.text
