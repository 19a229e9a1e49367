"""EU EEAS: a Drupal-style RSS feed with Brussels offsets, article text by the generic extractor."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Response, extract_article, parser_for

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
