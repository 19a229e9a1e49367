"""parse_feed on real feeds (MOFA RSS, canada.ca Atom), HTML answers and hostile feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Source
from scrapers import Item, NotAFeedError, ParseError, Response, parse_feed

DATA = Path(__file__).resolve().parents[1] / "data"
MOFA = DATA / "real" / "mofa_kr"
CANADA = DATA / "real" / "canada" / "canada_news_centre_manitoba_en_2018-10.atom.xml"
# ../shared beside the project root (read-only; CI has a copy there too)
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "feedparser-corpus"
MOFA_URL = "http://www.mofa.go.kr/www/brd/rss.do?brdId=302"


def feed(
    content: bytes, *, url: str = MOFA_URL, content_type: str = "application/rss+xml"
) -> list[Item]:
    source = Source(name="src", kind="feed", url=url)
    response = Response(
        url=url, status=200, headers={"content-type": content_type}, content=content
    )
    return parse_feed(source, response)


def test_mofa_press_releases() -> None:
    items = feed((MOFA / "rss_brdId302_press_releases_trimmed.xml").read_bytes())
    assert [i.url for i in items] == [
        "http://www.mofa.go.kr/www/brd/m_5676/view.do?seq=323320",
        "http://www.mofa.go.kr/www/brd/m_5676/view.do?seq=323319",
        "http://www.mofa.go.kr/www/brd/m_5676/view.do?seq=323318",
    ]
    first = items[0]
    assert first.source == "src"
    assert first.title == (
        "Korean Government Provides Humanitarian Assistance to Venezuela Following Earthquake"
    )
    assert first.published == datetime(2026, 6, 26, 8, 0, 3, tzinfo=UTC)
    assert first.guid is None  # MOFA items have no <guid>
    assert first.summary == ""  # no <description>: the text is the body, not repeated
    assert first.body.startswith(
        "The government of the Republic of Korea has decided to provide Venezuela with USD5 million"
    )
    assert "※ According to the United Nations Office" in first.body
    assert items[1].published == datetime(2026, 7, 14, 7, 52, 44, tzinfo=UTC)
    assert items[2].title == (
        "Kim Hee-sang, Former Deputy Minister for Economic Affairs, "
        "Appointed as Korea’s New G20 Sherpa"
    )
    assert "appointed as Korea’s G20 Sherpa" in items[2].body


def test_mofa_press_briefings() -> None:
    items = feed((MOFA / "rss_brdId303_press_briefings_trimmed.xml").read_bytes())
    assert [(i.title, i.published) for i in items] == [
        (
            "Spokesperson's Press Briefing (July 14, 2026)",
            datetime(2026, 7, 14, 1, 11, 16, tzinfo=UTC),
        ),
        (
            "Spokesperson's Press Briefing (July 9, 2026)",
            datetime(2026, 7, 9, 1, 16, 53, tzinfo=UTC),
        ),
        (
            "Spokesperson's Press Briefing (July 7, 2026)",
            datetime(2026, 7, 6, 21, 57, 47, tzinfo=UTC),
        ),
    ]
    assert items[0].url == "http://www.mofa.go.kr/www/brd/m_5679/view.do?seq=320200"


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml", ""])
@pytest.mark.parametrize("declaration", [True, False])
def test_utf8_without_charset_decodes(content_type: str, declaration: bool) -> None:
    # Derived from the real MOFA feed: a Korean title swapped in, optionally without the XML
    # declaration, served with no charset (as MOFA does).
    raw = (MOFA / "rss_brdId302_press_releases_trimmed.xml").read_bytes()
    raw = raw.replace(
        b"Korean Government Provides Humanitarian Assistance to Venezuela Following Earthquake",
        "제6차 한·미 사이버정책협의회 개최".encode(),
    )
    if not declaration:
        raw = raw.split(b"\n", 1)[1]
    items = feed(raw, content_type=content_type)
    assert items[0].title == "제6차 한·미 사이버정책협의회 개최"
    assert items[2].title.endswith("Korea’s New G20 Sherpa")


def test_canada_atom_converts_offsets_to_utc() -> None:
    items = feed(CANADA.read_bytes(), url="https://www.canada.ca/en/news/web-feeds/manitoba")
    assert len(items) == 44
    first = items[0]
    url = (
        "https://www.canada.ca/en/indigenous-services-canada/news/2018/10/government-of-canada-"
        "recognizes-eagle-urban-transition-centre-in-supporting-first-nations-children-off-"
        "reserve-through-jordans-principle.html"
    )
    assert first.title == (
        "Government of Canada recognizes Eagle Urban Transition Centre in supporting "
        "First Nations children off-reserve through Jordan's Principle"
    )
    assert (first.url, first.guid) == (url, url)
    assert first.published == datetime(2018, 10, 19, 16, 6, 29, tzinfo=UTC)  # 12:06:29-04:00
    assert first.summary.startswith("Working in partnership with First Nations,")
    assert first.body == ""


def test_relative_links_resolve_against_the_feed_url() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>tag:www.gov.uk,2005:/government/news/a</id>
<title type="html">A &lt;b&gt;bold&lt;/b&gt; &amp;amp; title</title>
<link rel="alternate" href="/government/news/a"/><updated>2024-11-07T10:50:00+00:00</updated>
<summary type="html">&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;</summary></entry>
<entry><title>no link, no id</title></entry>
<entry><id>urn:uuid:1</id><title>id that is not a page</title></entry>
<entry><id>https://www.gov.uk/government/news/c</id><title>id only</title></entry>
</feed>"""
    items = feed(atom, url="https://www.gov.uk/search/news-and-communications.atom")
    assert [(i.url, i.guid, i.title) for i in items] == [
        (
            "https://www.gov.uk/government/news/a",
            "tag:www.gov.uk,2005:/government/news/a",
            "A bold & title",
        ),
        (
            "https://www.gov.uk/government/news/c",
            "https://www.gov.uk/government/news/c",
            "id only",
        ),
    ]
    assert items[0].summary == "One\n\nTwo"
    assert items[0].published == datetime(2024, 11, 7, 10, 50, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"<!DOCTYPE html><html><head><title>Technical Difficulties</title></head></html>", ""),
        (b"\n  <html lang='en'><body><p>Access denied</p></body></html>", "application/xml"),
        (b"<?xml version='1.0'?>\n<!-- waf --><html><body>blocked</body></html>", "text/xml"),
        (b"<div>error</div><html><body>x</body></html>", "text/html; charset=utf-8"),
    ],
)
def test_html_page_is_not_a_feed(content: bytes, content_type: str) -> None:
    with pytest.raises(NotAFeedError, match="expected a feed, got an HTML page") as caught:
        feed(content, content_type=content_type)
    assert (caught.value.source, caught.value.url) == ("src", MOFA_URL)


@pytest.mark.parametrize("content", [b"", b"garbage", b'{"json": true}', b"\x00\xff\xfe"])
def test_garbage_is_a_parse_error(content: bytes) -> None:
    with pytest.raises(ParseError, match="not an RSS or Atom feed") as caught:
        feed(content)
    assert type(caught.value) is ParseError


def test_empty_feed_gives_no_items() -> None:
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert feed(rss) == []


@pytest.mark.slow
def test_hostile_corpus_raises_only_parse_errors() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert len(files) > 800
    outcomes = {"items": 0, "ParseError": 0}
    for path in files:
        for content_type in ("application/xml", "text/html"):
            try:
                feed(path.read_bytes(), url="http://127.0.0.1/feed", content_type=content_type)
            except ParseError:
                outcomes["ParseError"] += 1
            else:
                outcomes["items"] += 1
    assert outcomes["items"] > outcomes["ParseError"] > 0
