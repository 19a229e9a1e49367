"""FixtureServer: the loopback HTTP server that serves the demo fixture sites."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import load_sources
from flows.devtools.demo.server import (
    SITES_DIR,
    SOURCES_TEMPLATE,
    FixtureServer,
    RequestRecord,
    render_sources,
)

FEED = "/govuk/search/news-and-communications.atom"
SEED = "/govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    with FixtureServer(SITES_DIR, fault_delay=0.2) as srv:
        yield srv


def get(
    server: FixtureServer, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """A raw GET (http.client sends the path exactly as given, ``..`` included)."""
    port = int(server.base_url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def test_serves_feed_with_base_substituted(server: FixtureServer) -> None:
    status, headers, body = get(server, FEED)
    assert status == 200
    assert headers["content-type"] == "application/atom+xml; charset=utf-8"
    text = body.decode()
    assert "{{BASE}}" not in text
    assert f'href="{server.base_url}/govuk/government/news/' in text
    assert "<published>" not in text
    assert text.count("<entry>") == 4


def test_path_resolves_to_html_file(server: FixtureServer) -> None:
    status, headers, body = get(server, SEED)
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert b'content="2024-11-07T10:50:00+00:00"' in body
    assert b"gem-c-govspeak govuk-govspeak" in body
    assert b"Distributed by Public" not in body


def test_query_string_is_ignored(server: FixtureServer) -> None:
    status, _, body = get(server, FEED + "?keywords=cyber&page=1")
    assert status == 200
    assert b"<feed" in body


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/mofa/www/brd/rss_302.rss", "application/rss+xml"),
        ("/mofa/www/brd/rss_303.rss", "application/rss+xml"),
        ("/mofa/eng/brd/m_5676/list.do", "text/html; charset=utf-8"),
        ("/mofa/eng/brd/m_5676/view-321950.html", "text/html; charset=utf-8"),
        ("/state/rss-feed/press-releases/feed.rss", "application/rss+xml"),
        ("/dfat/news/rss.xml", "application/xml"),
        ("/canada/io-server/gc/news/en/v2.atom", "application/atom+xml; charset=utf-8"),
        ("/pubt/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA", "text/html; charset=utf-8"),
        (
            "/wired-gov/wg/news.nsf/articles/"
            "the+3rd+rokuk+cyber+dialogue+held+in+seoul+27022023141000?open",
            "text/html; charset=utf-8",
        ),
        ("/PROVENANCE.md", "text/markdown; charset=utf-8"),
    ],
)
def test_content_types(server: FixtureServer, path: str, content_type: str) -> None:
    status, headers, _ = get(server, path)
    assert status == 200
    assert headers["content-type"] == content_type


def test_mofa_rss_links_point_at_server(server: FixtureServer) -> None:
    _, _, body = get(server, "/mofa/www/brd/rss_302.rss")
    text = body.decode("utf-8")
    assert "mofa.go.kr" not in text
    assert f"<link>{server.base_url}/mofa/www/brd/m_5676/view.do?seq=323320</link>" in text
    assert "Korea’s New G20 Sherpa" in text  # UTF-8 kept although the header has no charset


def test_conditional_get(server: FixtureServer) -> None:
    status, headers, _ = get(server, FEED)
    assert status == 200
    etag, last_modified = headers["etag"], headers["last-modified"]
    assert etag.startswith('"') and etag.endswith('"')

    status, headers304, body = get(server, FEED, {"If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert headers304["etag"] == etag

    assert get(server, FEED, {"If-None-Match": '"other"'})[0] == 200
    assert get(server, FEED, {"If-Modified-Since": last_modified})[0] == 304
    # If-None-Match wins over If-Modified-Since
    both = {"If-None-Match": '"other"', "If-Modified-Since": last_modified}
    assert get(server, FEED, both)[0] == 200


@pytest.mark.parametrize(
    "path",
    ["/nope", "/govuk/nope.atom", "/../server.py", "/govuk/../../server.py", "/%2e%2e/server.py"],
)
def test_missing_and_escaping_paths_are_404(server: FixtureServer, path: str) -> None:
    assert (SITES_DIR.parent / "server.py").is_file()  # the file exists, just outside root
    assert get(server, path)[0] == 404


def test_fault_500(server: FixtureServer) -> None:
    status, _, body = get(server, "/_fault/500")
    assert status == 500
    assert body


def test_fault_html(server: FixtureServer) -> None:
    status, headers, body = get(server, "/_fault/html")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"<title>Technical Difficulties</title>" in body


def test_fault_garbage(server: FixtureServer) -> None:
    status, headers, body = get(server, "/_fault/garbage")
    assert status == 200
    assert headers["content-type"] == "application/rss+xml"
    assert body and not body.lstrip().startswith(b"<")


def test_fault_timeout_answers_after_delay(server: FixtureServer) -> None:
    status, _, body = get(server, "/_fault/timeout")
    assert (status, body) == (200, b"")


def test_fault_huge_streams_without_length(server: FixtureServer) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/_fault/huge")
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.getheader("Content-Length") is None
        assert len(resp.read(256 * 1024)) == 256 * 1024
    finally:
        conn.close()
    assert get(server, FEED)[0] == 200  # still serving


def test_shutdown_does_not_wait_for_slow_handlers() -> None:
    with FixtureServer(SITES_DIR, fault_delay=3600) as srv:
        port = int(srv.base_url.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/_fault/timeout")
        # connections are accepted in order: once this answers, the slow one has a handler
        assert get(srv, FEED)[0] == 200
    try:
        resp = conn.getresponse()  # the stop event ended the delay: 200 with an empty body
        assert resp.status == 200
        resp.read()
    finally:
        conn.close()


def test_requests_are_recorded() -> None:
    with FixtureServer(SITES_DIR) as srv:
        assert srv.requests == []
        get(srv, FEED, {"User-Agent": "cyberwatch-test"})
        get(srv, "/missing")
        records = srv.requests
        assert [(r.path, r.status) for r in records] == [(FEED, 200), ("/missing", 404)]
        assert isinstance(records[0], RequestRecord)
        assert records[0].headers["User-Agent"] == "cyberwatch-test"
        records.clear()  # a copy
        assert len(srv.requests) == 2
        srv.clear_requests()
        assert srv.requests == []


def test_base_url_requires_running_server() -> None:
    srv = FixtureServer(SITES_DIR)
    with pytest.raises(RuntimeError):
        _ = srv.base_url


def test_rendered_sources_load(server: FixtureServer, tmp_path: Path) -> None:
    dest = render_sources(SOURCES_TEMPLATE, server.base_url, tmp_path / "sources.toml")
    sources = load_sources(dest)
    by_name = {s.name: s for s in sources}
    assert len(by_name) == 28
    for source in sources:
        assert source.url.startswith(server.base_url + "/")
        assert get(server, source.url.removeprefix(server.base_url))[0] == 200
    assert by_name["govuk-fcdo"].body == ".gem-c-govspeak"
    assert by_name["mofa-kr-press-releases"].fetch_article is False
    assert by_name["mofa-kr-press-briefings"].fetch_article is False
    board = by_name["mofa-kr-board"]
    assert (board.kind, board.date_format, board.body) == ("html", "%Y-%m-%d", ".bo_con")
