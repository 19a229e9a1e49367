"""Canada, Global Affairs: the canada.ca news Atom format, on the real 2018 copy and on the
fixture feed of GAC releases, and GAC article pages."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from config import Source
from scrapers import Response, extract_article, parser_for

REAL = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "real"
    / "canada"
    / "canada_news_centre_manitoba_en_2018-10.atom.xml"
)
REAL_URL = "https://www.canada.ca/en/news/web-feeds/manitoba"

Fetch = Callable[[str], Response]


def test_real_canada_news_atom_read_by_the_gac_source(catalogue: dict[str, Source]) -> None:
    source = replace(catalogue["canada-gac-news"], url=REAL_URL)
    response = Response(
        url=REAL_URL,
        status=200,
        headers={"content-type": "application/atom+xml"},
        content=REAL.read_bytes(),
    )
    items = parser_for(source.kind)(source, response)
    assert len(items) == 44
    first = items[0]
    assert first.title == (
        "Government of Canada recognizes Eagle Urban Transition Centre in supporting First "
        "Nations children off-reserve through Jordan's Principle"
    )
    assert first.url == (
        "https://www.canada.ca/en/indigenous-services-canada/news/2018/10/government-of-canada-"
        "recognizes-eagle-urban-transition-centre-in-supporting-first-nations-children-off-"
        "reserve-through-jordans-principle.html"
    )
    assert first.guid == first.url  # the id is the article URL
    assert first.published == datetime(2018, 10, 19, 16, 6, 29, tzinfo=UTC)  # 12:06:29 -04:00
    assert first.summary.startswith("Working in partnership with First Nations")


def test_gac_fixture_feed_and_article(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["canada-gac-news"]
    cyber, flood = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.split("/canada/")[0]
    assert cyber.title == "Canada and Germany hold cyber dialogue"
    assert cyber.url == (
        base + "/canada/en/global-affairs/news/2024/11/canada-and-germany-hold-cyber-dialogue.html"
    )
    assert cyber.published == datetime(2024, 11, 22, 19, 30, tzinfo=UTC)  # 14:30 -05:00
    assert flood.title == "Canada announces humanitarian assistance for flood response"
    assert flood.published == datetime(2024, 11, 12, 14, 0, tzinfo=UTC)
    text = extract_article(fetch(cyber.url), selector=source.body).text
    assert "Officials from Canada and Germany met in Ottawa for a bilateral cyber dialogue" in text
    assert "Government of Canada" not in text  # footer left out
