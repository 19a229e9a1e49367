"""The layout check (selectors still matching?) and next-page links, on pages built in memory."""

from __future__ import annotations

from dataclasses import replace

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.markup
from config import Source
from scrapers import (
    LayoutReport,
    Response,
    SelectorMatch,
    check_article,
    next_page_url,
    read_list_page,
    read_page,
)

BOARD = Source(
    name="board",
    kind="html",
    url="https://example.org/list.do",
    item="table tbody tr",
    title="td.al a",
    link="td.al a",
    date="td.date",
    date_format="%Y-%m-%d",
    body=".bo_con",
    next_page=".paging a.next",
)
ROWS = """
<table><tbody>
  <tr><td class="al"><a href="view?seq=2">Second</a></td><td class="date">2024-11-07</td></tr>
  <tr><td class="al"><a href="view?seq=1">First</a></td><td class="date">2024-11-05</td></tr>
  <tr><td colspan="2">Notice: the board moves next week</td></tr>
</tbody></table>
<div class="paging"><strong>1</strong> <a class="next" href="list.do?page=2">Next</a></div>
"""


def page(html: str, url: str = "https://example.org/list.do") -> Response:
    return Response(
        url=url, status=200, headers={"content-type": "text/html"}, content=html.encode()
    )


def test_a_healthy_page_reports_each_selector() -> None:
    read = read_list_page(BOARD, page(ROWS))
    report = read.layout
    assert [item.title for item in read.items] == ["Second", "First"]
    assert report.items == 2
    assert report.problem is None
    assert report.selectors == (
        SelectorMatch("item", "table tbody tr", matched=3),
        SelectorMatch("title", "td.al a", matched=2, of=3),
        SelectorMatch("link", "td.al a", matched=2, of=3),
        SelectorMatch("date", "td.date", matched=2, of=2),
    )
    # The notice row has no link: shown as partial, not a problem.
    assert [s.field for s in report.partial] == ["title", "link"]
    assert report.partial[0].describe() == "title selector 'td.al a' matched in 2 of 3 items"


def test_an_item_selector_matching_nothing_is_the_problem() -> None:
    moved = replace(BOARD, item="div.board_list table tbody tr")
    report = read_list_page(moved, page(ROWS)).layout
    assert report.items == 0
    assert report.problem == "item selector 'div.board_list table tbody tr' matched nothing"


def test_title_and_link_matching_no_item_are_named() -> None:
    renamed = replace(BOARD, title="td.subject a", link="td.subject a")
    report = read_list_page(renamed, page(ROWS)).layout
    assert report.problem == (
        "title selector 'td.subject a' matched in none of 3 items; "
        "link selector 'td.subject a' matched in none of 3 items"
    )


def test_dates_that_stop_matching_are_a_problem_too() -> None:
    undated = replace(BOARD, date="td.when")
    report = read_list_page(undated, page(ROWS)).layout
    assert report.items == 2
    assert report.problem == "date selector 'td.when' gave a date in none of 2 items"


def test_a_feed_is_judged_by_its_item_count() -> None:
    feed = Source(name="f", kind="feed", url="https://example.org/feed")
    empty = Response(
        url=feed.url,
        status=200,
        headers={"content-type": "application/rss+xml"},
        content=b'<rss version="2.0"><channel><title>News</title></channel></rss>',
    )
    read = read_page(feed, empty)
    assert (read.items, read.layout) == ((), LayoutReport(items=0))
    assert read.layout.problem == "no items"


def test_a_list_page_is_parsed_once_for_its_items_and_its_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []

    def counting(html: str) -> LexborHTMLParser:
        parsed.append(html)
        return LexborHTMLParser(html)

    monkeypatch.setattr(scrapers.markup, "LexborHTMLParser", counting)
    read = read_page(BOARD, page(ROWS))
    assert len(read.items) == 2 and read.layout.problem is None
    assert len(parsed) == 1


def test_article_body_selector() -> None:
    article = page('<div class="bo_con"><p>The text.</p></div>')
    assert check_article(BOARD, article) == SelectorMatch("body", ".bo_con", matched=1, of=1)
    redesigned = page('<div class="content"><p>The text.</p></div>')
    match = check_article(BOARD, redesigned)
    assert match is not None and match.failed
    assert match.describe() == "body selector '.bo_con' matched in none of 1 pages"
    assert check_article(replace(BOARD, body=None), article) is None


def test_next_page_link_is_absolute_and_absent_on_the_last_page() -> None:
    assert next_page_url(BOARD, page(ROWS)) == "https://example.org/list.do?page=2"
    assert next_page_url(BOARD, page("<div class='paging'><strong>9</strong></div>")) is None
    wrapped = '<div class="paging"><span class="next"><a href="/p/3">Next</a></span></div>'
    assert next_page_url(replace(BOARD, next_page=".next"), page(wrapped)) == (
        "https://example.org/p/3"
    )
    assert next_page_url(replace(BOARD, next_page=None), page(ROWS)) is None
