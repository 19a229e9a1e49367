"""The sitemap and JSON kinds of source: items from small answers, with their quirks as
per-source options (url_filter, field paths, link_template), and clear errors for bad answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from config import Source
from scrapers import NotAFeedError, ParseError, Response, read_page
from scrapers.jsonapi import field, parse_json
from scrapers.sitemap import parse_sitemap

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.csa.gov.sg/news-events/press-releases/old-release/</loc>
       <lastmod>2024-01-05T03:00:00.000Z</lastmod></url>
  <url><loc>https://www.csa.gov.sg/about-us/</loc><lastmod>2026-11-01T00:00:00.000Z</lastmod></url>
  <url><loc>https://www.csa.gov.sg/news-events/press-releases/new-release/</loc>
       <lastmod>2026-10-22T09:00:00.000Z</lastmod></url>
  <url><loc>https://www.csa.gov.sg/news-events/press-releases/undated/</loc></url>
  <url><loc>https://www.csa.gov.sg/news-events/press-releases/new-release/</loc></url>
</urlset>"""

SEARCH = {
    "totalNumber": 2,
    "docuLanguageListResources": [
        {
            "refCode": "IP/26/301",
            "eventDate": "2026-11-18",
            "title": "EU and Japan hold <b>cyber</b> dialogue",
            "leadText": "<p>The EU and Japan held their cyber dialogue.</p>",
            "docutype": {"code": "IP"},
        },
        {"refCode": "STATEMENT/26/12", "eventDate": "2026-11-10", "title": ""},
        "not an object",
    ],
}


def sitemap_source(**extra: object) -> Source:
    return Source(name="csa", kind="sitemap", url="https://www.csa.gov.sg/sitemap.xml", **extra)


def json_source(**extra: object) -> Source:
    fields: dict[str, object] = {
        "name": "ec",
        "kind": "json",
        "url": "https://ec.europa.eu/commission/presscorner/api/search?language=en",
        "item": "docuLanguageListResources",
        "title": "title",
        "date": "eventDate",
        "body": "leadText",
        "link_template": (
            "https://ec.europa.eu/commission/presscorner/detail/en/"
            "{{ refCode | lower | replace('/', '_') }}"
        ),
        "fetch_article": False,
    }
    return Source(**{**fields, **extra})


def answer(url: str, content: bytes, content_type: str = "application/xml") -> Response:
    return Response(url=url, status=200, headers={"content-type": content_type}, content=content)


def test_sitemap_lists_each_page_once_newest_change_first_without_dates() -> None:
    source = sitemap_source()
    items = parse_sitemap(source, answer(source.url, SITEMAP))
    assert [i.url.removeprefix("https://www.csa.gov.sg") for i in items] == [
        "/about-us/",
        "/news-events/press-releases/new-release/",
        "/news-events/press-releases/old-release/",
        "/news-events/press-releases/undated/",
    ]
    # <lastmod> is a modification time: it never becomes the publication date.
    assert all(i.published is None and i.title == "" for i in items)


def test_url_filter_keeps_only_the_releases() -> None:
    source = sitemap_source(url_filter="/news-events/press-releases/.")
    listing = read_page(source, answer(source.url, SITEMAP))
    assert [i.url.rsplit("/", 2)[1] for i in listing.items] == [
        "new-release",
        "old-release",
        "undated",
    ]
    assert listing.layout.items == 3


def test_sitemap_index_html_and_garbage_are_refused_with_reasons() -> None:
    source = sitemap_source()
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://x.nl/sitemap/1.xml</loc></sitemap></sitemapindex>"""
    with pytest.raises(ParseError, match=r"sitemap index.*https://x.nl/sitemap/1.xml"):
        parse_sitemap(source, answer(source.url, index))
    with pytest.raises(NotAFeedError, match="expected a sitemap, got an HTML page"):
        parse_sitemap(source, answer(source.url, b"<!DOCTYPE html><html><body>403</body></html>"))
    with pytest.raises(ParseError, match="not XML"):
        parse_sitemap(source, answer(source.url, b"<urlset><url>"))
    with pytest.raises(ParseError, match="expected a sitemap <urlset>, got <rss>"):
        parse_sitemap(source, answer(source.url, b"<rss version='2.0'></rss>"))
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><urlset>&a;</urlset>'
    with pytest.raises(ParseError, match="entity declarations"):
        parse_sitemap(source, answer(source.url, bomb))


def test_json_items_from_field_paths_and_a_link_template() -> None:
    source = json_source()
    items = parse_json(source, answer(source.url, json.dumps(SEARCH).encode(), "application/json"))
    assert len(items) == 1  # the untitled entry and the non-object are skipped
    (item,) = items
    assert item.url == "https://ec.europa.eu/commission/presscorner/detail/en/ip_26_301"
    assert item.title == "EU and Japan hold cyber dialogue"
    assert item.published == datetime(2026, 11, 18, tzinfo=UTC)
    assert item.body == "The EU and Japan held their cyber dialogue."


def test_json_link_path_relative_to_the_api_and_a_top_level_array() -> None:
    source = Source(
        name="api",
        kind="json",
        url="https://example.org/api/news",
        item="",
        title="headline",
        link="links.0.href",
        date="meta.published",
        date_format="%d.%m.%Y",
    )
    data = [
        {
            "headline": "Cyber talks",
            "links": [{"href": "/news/1"}],
            "meta": {"published": "05.12.2024"},
        }
    ]
    (item,) = parse_json(source, answer(source.url, json.dumps(data).encode()))
    assert item.url == "https://example.org/news/1"
    assert item.published == datetime(2024, 12, 5, tzinfo=UTC)


def test_json_errors_say_what_was_wrong() -> None:
    source = json_source()
    with pytest.raises(NotAFeedError, match="expected JSON, got an HTML"):
        parse_json(source, answer(source.url, b"<html><body>Request Rejected</body></html>"))
    with pytest.raises(ParseError, match="not JSON"):
        parse_json(source, answer(source.url, b"{broken"))
    with pytest.raises(ParseError, match="no array of items at 'docuLanguageListResources'"):
        parse_json(source, answer(source.url, b'{"totalNumber": 0}'))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a.b", 1),
        ("list.1", "y"),
        ("list.-1", "y"),
        ("list.5", None),
        ("a.missing", None),
        ("", {"a": {"b": 1}, "list": ["x", "y"]}),
    ],
)
def test_field_paths(path: str, expected: object) -> None:
    assert field({"a": {"b": 1}, "list": ["x", "y"]}, path) == expected
