"""Korea MOFA: the English press release and briefing RSS (real copies), the English board's HTML
list and view pages, and the Korean-language board, read with the catalogue's own sources."""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from config import Source
from flows.devtools.demo.server import SITES_DIR
from scrapers import Item, Response, extract_article, parser_for

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "mofa_kr"

Fetch = Callable[[str], Response]


def items_of(source: Source, fetch: Fetch) -> list[Item]:
    return parser_for(source.kind)(source, fetch(source.url))


def text_of(source: Source, item: Item, fetch: Fetch) -> str:
    return extract_article(fetch(item.url), selector=source.body).text


def test_fixture_feeds_are_the_real_copies_with_only_the_host_moved() -> None:
    for fixture, real in (
        ("rss_302.rss", "rss_brdId302_press_releases_trimmed.xml"),
        ("rss_303.rss", "rss_brdId303_press_briefings_trimmed.xml"),
    ):
        served = (SITES_DIR / "mofa" / "www" / "brd" / fixture).read_bytes()
        restored = served.replace(b"{{BASE}}/mofa/www/brd/", b"http://www.mofa.go.kr/www/brd/")
        assert restored == (REAL / real).read_bytes()


def test_press_releases_feed_without_guids_or_charset(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """Quirks: no <guid> (identified by URL), no charset in the Content-Type (UTF-8 body)."""
    source = catalogue["mofa-kr-press-releases"]
    response = fetch(source.url)
    assert response.headers["content-type"] == "application/rss+xml"
    items = parser_for(source.kind)(source, response)
    base = source.url.split("/mofa/")[0]
    assert [(i.url.removeprefix(base), i.published, i.guid) for i in items] == [
        (
            "/mofa/www/brd/m_5676/view.do?seq=323320",
            datetime(2026, 6, 26, 8, 0, 3, tzinfo=UTC),
            None,
        ),
        (
            "/mofa/www/brd/m_5676/view.do?seq=323319",
            datetime(2026, 7, 14, 7, 52, 44, tzinfo=UTC),
            None,
        ),
        ("/mofa/www/brd/m_5676/view.do?seq=323318", datetime(2026, 3, 13, 1, 12, tzinfo=UTC), None),
    ]
    assert items[2].title == (
        "Kim Hee-sang, Former Deputy Minister for Economic Affairs, Appointed as Korea’s New G20 "
        "Sherpa"
    )
    assert not source.fetch_article  # the feed carries the full text
    assert items[0].body.startswith(
        "The government of the Republic of Korea has decided to provide Venezuela with USD5 million"
    )


def test_press_briefings_feed(catalogue: dict[str, Source], fetch: Fetch) -> None:
    items = items_of(catalogue["mofa-kr-press-briefings"], fetch)
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
    assert items[0].url.endswith("/mofa/www/brd/m_5679/view.do?seq=320200")
    assert "Spokesperson and Deputy Minister for Public Affairs Park Il" in items[0].body


def test_english_board_list_and_view_pages(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["mofa-kr-board"]
    assert not source.enabled  # the RSS covers the same board
    outcome, other = items_of(source, fetch)
    assert outcome.title == "Outcome of the 4th ROK-UK Cyber Dialogue"
    assert outcome.url.endswith("/mofa/eng/brd/m_5676/view-321950.html")
    assert outcome.published == datetime(2024, 11, 7, tzinfo=UTC)
    assert other.title == (
        "Vice Foreign Minister Holds Strategic Dialogue on Trade and Investment Cooperation"
    )
    assert other.published == datetime(2024, 11, 5, tzinfo=UTC)
    text = text_of(source, outcome, fetch)
    assert text.startswith(
        "1. Ambassador for International Cyber Affairs Rhee Dong-yeol of the Ministry of Foreign "
        "Affairs of the Republic of Korea and Cyber Director Andrew Whittaker"
    )
    assert text.endswith("※ The 3rd ROK-UK Cyber Dialogue was held in Seoul in February 2023.")
    assert "• hit" not in text and "Sajik-ro" not in text  # header line and footer left out


def test_korean_board_with_relative_links(catalogue: dict[str, Source], fetch: Fetch) -> None:
    """The Korean-language board (m_4080): relative hrefs resolved against the list page."""
    source = catalogue["mofa-kr-ko-press-releases"]
    assert source.language == "ko"
    cyber, other = items_of(source, fetch)
    base = source.url.split("/mofa/")[0]
    assert cyber.title == "제4차 한-영 사이버정책협의회 개최 결과"
    assert cyber.url == base + "/mofa/www/brd/m_4080/view-371950.html"
    assert cyber.published == datetime(2024, 11, 7, tzinfo=UTC)
    assert other.title == "외교부 차관, 무역·투자 협력 전략대화 개최"
    assert other.url == base + "/mofa/www/brd/m_4080/view-371949.html"
    text = text_of(source, cyber, fetch)
    assert text.startswith(
        "1. 이동열 외교부 국제사이버협력대사는 11.6.(수) 런던에서 앤드류 휘태커(Andrew Whittaker) "
        "영국 외교부 사이버국장과 제4차 한-영 사이버정책협의회를 공동 주재하였다."
    )
    assert "제4차 국방사이버훈련(Defence Cyber Marvel, DCM4)" in text
