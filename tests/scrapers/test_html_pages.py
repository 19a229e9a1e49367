"""List pages read with CSS selectors (real GOV.UK finder page) and article extraction."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Source
from scrapers import ParseError, Response, decode_html, extract_article, parse_list_page

DATA = Path(__file__).resolve().parents[1] / "data"
FINDER = DATA / "real" / "govuk" / "finder_news-and-communications_people-braverman_2026-08-16.html"
FINDER_URL = (
    "https://www.gov.uk/search/news-and-communications?people%5B%5D=braverman&order=updated-newest"
)
SYNTHETIC = DATA / "synthetic"
KOREA_UK_FIRST = (
    "The UK and the Republic of Korea held the 4th Cyber Dialogue in London on 6 November 2024."
)


def page(
    content: bytes | str, *, url: str = FINDER_URL, content_type: str = "text/html"
) -> Response:
    raw = content.encode() if isinstance(content, str) else content
    return Response(url=url, status=200, headers={"content-type": content_type}, content=raw)


def finder_source(
    *,
    item: str = "#js-results ul.gem-c-document-list > li.gem-c-document-list__item",
    link: str = ".gem-c-document-list__item-title a",
    date: str = "time",
) -> Source:
    return Source(
        name="govuk-finder",
        kind="html",
        url=FINDER_URL,
        item=item,
        title=".gem-c-document-list__item-title",
        link=link,
        date=date,
    )


@pytest.mark.parametrize(
    "item",
    [
        "#js-results ul.gem-c-document-list > li.gem-c-document-list__item",
        "li.gem-c-document-list__item",
    ],
)
def test_govuk_finder_page(item: str) -> None:
    items = parse_list_page(finder_source(item=item), page(FINDER.read_bytes()))
    assert len(items) == 20
    first = items[0]
    assert first.source == "govuk-finder"
    assert first.title == "Inquiry launched into the death of Jalal Uddin"
    assert (
        first.url
        == "https://www.gov.uk/government/news/inquiry-launched-into-the-death-of-jalal-uddin"
    )
    assert first.published == datetime(2023, 11, 9, tzinfo=UTC)
    assert items[1].title == "Government expands list of safe countries allowing more removals"
    assert items[1].published == datetime(2023, 11, 8, tzinfo=UTC)
    assert all(i.url.startswith("https://www.gov.uk/") for i in items)


def test_link_selector_on_a_wrapper_uses_its_first_anchor() -> None:
    source = finder_source(
        link=".gem-c-document-list__item-title", date=".gem-c-document-list__attribute"
    )
    items = parse_list_page(source, page(FINDER.read_bytes()))
    assert (
        items[0].url
        == "https://www.gov.uk/government/news/inquiry-launched-into-the-death-of-jalal-uddin"
    )
    assert items[0].published == datetime(2023, 11, 9, tzinfo=UTC)  # from the inner time[datetime]


LIST = """<html><head><meta charset="utf-8"></head><body><table><tbody>
<tr><td class="t"><a href="view.do?seq=3">Cyber talks &amp; more</a></td><td>11/07/2024</td></tr>
<tr><td class="t"><a href="view.do?seq=3">Duplicate of the first</a></td><td>11/07/2024</td></tr>
<tr><td class="t"><a>No href</a></td><td>11/08/2024</td></tr>
<tr><td class="t"></td><td>11/09/2024</td></tr>
<tr><td class="t"><a href="javascript:f_view('4')">Script link</a></td><td>x</td></tr>
<tr><td class="t"><a href="https://other.example/p">Absolute</a></td><td>not a date</td></tr>
</tbody></table></body></html>"""


def test_list_page_with_date_format_skips_incomplete_rows() -> None:
    source = Source(
        name="list",
        kind="html",
        url="https://www.example.go.kr/eng/brd/m_1/list.do",
        item="table tbody tr",
        title="td.t",
        link="td.t a",
        date="td:last-child",
        date_format="%m/%d/%Y",
    )
    items = parse_list_page(
        source, page(LIST, url="https://www.example.go.kr/eng/brd/m_1/list.do?page=1")
    )
    assert [(i.url, i.title, i.published) for i in items] == [
        (
            "https://www.example.go.kr/eng/brd/m_1/view.do?seq=3",
            "Cyber talks & more",
            datetime(2024, 11, 7, tzinfo=UTC),
        ),
        ("https://other.example/p", "Absolute", None),
    ]


def test_nothing_matching_gives_no_items() -> None:
    assert parse_list_page(finder_source(item="li.no-such-class"), page(FINDER.read_bytes())) == []


def test_a_feed_source_is_no_list_page() -> None:
    source = Source(name="feed", kind="feed", url=FINDER_URL)
    with pytest.raises(ParseError, match="needs item, title and link selectors"):
        parse_list_page(source, page("<li>x</li>"))


@pytest.mark.parametrize(
    ("name", "title", "published", "first_paragraph"),
    [
        (
            "govuk_news_article_government_frontend.html",
            "The 4th Republic of Korea-UK Cyber Dialogue",
            datetime(2024, 11, 7, 10, 50, tzinfo=UTC),
            KOREA_UK_FIRST,
        ),
        (
            "govuk_news_article_frontend.html",
            "UK and Japan hold cyber policy talks",
            datetime(2025, 9, 3, 8, 30, tzinfo=UTC),
            "Talks in Tokyo",
        ),
    ],
)
def test_govuk_article_both_generations(
    name: str, title: str, published: datetime, first_paragraph: str
) -> None:
    article = extract_article(page((SYNTHETIC / name).read_bytes()), selector=None)
    assert article.title == title
    assert article.published == published
    assert article.text.split("\n\n")[0] == first_paragraph
    assert "cookies" not in article.text
    assert "Published" not in article.text  # metadata and dates lie outside the govspeak body
    assert "window.track" not in article.text


def test_article_list_items_and_quotes() -> None:
    text = extract_article(
        page((SYNTHETIC / "govuk_news_article_government_frontend.html").read_bytes()),
        selector=None,
    ).text
    assert text.split("\n\n") == [
        KOREA_UK_FIRST,
        "Both sides discussed:",
        "deterrence of malicious cyber activity",
        "capacity building",
    ]


def test_article_selector_joins_every_match() -> None:
    article = extract_article(
        page((SYNTHETIC / "govuk_news_article_frontend.html").read_bytes()),
        selector=".gem-c-lead-paragraph, .gem-c-govspeak blockquote",
    )
    assert (
        article.text == "Officials met in Tokyo.\n\n“A productive exchange,” said the Ambassador."
    )


def test_article_selector_matching_nothing_falls_back() -> None:
    article = extract_article(
        page((SYNTHETIC / "govuk_news_article_frontend.html").read_bytes()), selector=".bo_con"
    )
    assert article.text.startswith("Talks in Tokyo\n\nUK and Japanese officials held")


def test_article_without_containers_uses_the_densest_paragraphs() -> None:
    html = """<html><head><title>Board view | MOFA</title></head><body>
    <div class="side"><p>Menu</p><p>Links</p></div>
    <div class="board"><h2>Release title</h2><div class="bo_con">
      <p>1. The first paragraph of the release, which is long.</p>
      <p>2. The second paragraph, also with plenty of words in it.</p></div></div>
    <div class="foot"><p>Address: Seoul</p></div></body></html>"""
    article = extract_article(page(html), selector=None)
    assert article.text == (
        "1. The first paragraph of the release, which is long.\n\n"
        "2. The second paragraph, also with plenty of words in it."
    )
    assert article.title == "Board view | MOFA"
    assert article.published is None


def test_article_without_paragraphs_uses_the_body() -> None:
    article = extract_article(page("<body><h1>Only</h1><div>text</div></body>"), selector=None)
    assert (article.text, article.title) == ("Only\n\ntext", "Only")


def test_article_published_from_time_element() -> None:
    html = '<article><time datetime="2024-11-06T09:00:00+09:00">6 Nov</time><p>x</p></article>'
    assert extract_article(page(html), selector=None).published == datetime(2024, 11, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        ("é".encode("latin-1"), "text/html; charset=ISO-8859-1", "é"),
        (
            '<meta charset="euc-kr">사이버'.encode("euc-kr"),
            "text/html",
            '<meta charset="euc-kr">사이버',
        ),
        ("\ufeff’".encode(), None, "’"),
        ("’".encode(), "text/html; charset=no-such-codec", "’"),
        (b"\xff ok", None, "\ufffd ok"),
    ],
)
def test_decode_html(content: bytes, content_type: str | None, expected: str) -> None:
    assert decode_html(content, content_type) == expected
