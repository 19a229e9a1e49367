"""Japan MOFA: a list page without dates and with relative links; each release's date is read
from its own page (article_date, "November 19, 2024")."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Article, Item, Response, extract_article, parser_for

Fetch = Callable[[str], Response]


def article_of(source: Source, item: Item, fetch: Fetch) -> Article:
    return extract_article(
        fetch(item.url),
        selector=source.body,
        date=source.article_date,
        date_format=source.date_format,
    )


def test_list_without_dates_and_release_pages_with_them(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    source = catalogue["japan-mofa-press-releases"]
    cyber, aid = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.removesuffix("index.html")
    # relative links ("press4e_900112.html", "./press4e_900098.html") resolved
    assert (cyber.title, cyber.url) == ("Japan-UK Cyber Dialogue", base + "press4e_900112.html")
    assert (aid.title, aid.url) == (
        "Emergency Grant Aid for Communities Affected by Floods",
        base + "press4e_900098.html",
    )
    assert cyber.published is None and aid.published is None  # only on the release pages
    article = article_of(source, cyber, fetch)
    assert article.published == datetime(2024, 11, 19, tzinfo=UTC)
    assert (
        "1. On November 19, the Japan-UK Cyber Dialogue was held in Tokyo, bringing together "
        "officials of the two governments responsible for cyber policy."
    ) in article.text
    assert "3. The two sides confirmed that they would continue close cooperation" in article.text
    assert article_of(source, aid, fetch).published == datetime(2024, 11, 8, tzinfo=UTC)


def test_japanese_list_days_without_a_year_dates_from_the_pages(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """The Japanese list's day headings ("11月19日付") have no year and sit outside the items:
    the date comes from each release page, in the Japanese era form."""
    source = catalogue["japan-mofa-ja-press-releases"]
    cyber, aid = parser_for(source.kind)(source, fetch(source.url))
    assert cyber.title == "第8回日英サイバー対話の開催"
    assert cyber.url == source.url.removesuffix("index.html") + "press4_009912.html"
    assert aid.url.endswith("/mofa-jp/mofaj/ic/ghp/page4_006100.html")  # leaves /press/release/
    assert cyber.published is None
    page = article_of(source, cyber, fetch)
    assert page.published == datetime(2024, 11, 19, tzinfo=UTC)  # 令和6年11月19日
    assert "東京において第8回日英サイバー対話が開催されました" in page.text
