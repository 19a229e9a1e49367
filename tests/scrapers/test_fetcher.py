"""The fetcher against a real HTTP server on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import httpx
import pytest

from config import FetchSettings, Source
from scrapers import (
    BodyTooLargeError,
    Fetcher,
    FetchError,
    NotAFeedError,
    Response,
    TransientFetchError,
    Validators,
    parse_feed,
)

if TYPE_CHECKING:
    from conftest import Server

T = TypeVar("T")
# Our own loopback server: no pacing between requests (tests/scrapers/test_politeness.py tests it).
SETTINGS = FetchSettings(timeout=5, connect_timeout=5, contact="ops@example.org", rate=1000)


def run(call: Callable[[Fetcher], Awaitable[T]], settings: FetchSettings = SETTINGS) -> T:
    async def main() -> T:
        async with Fetcher(settings) as fetcher:
            return await call(fetcher)

    return asyncio.run(main())


def test_etag_is_sent_back_and_304_has_no_body(server: Server) -> None:
    url = server.url("/etag")

    async def twice(fetcher: Fetcher) -> tuple[Response, Response]:
        first = await fetcher.get(url, source="s")
        second = await fetcher.get(url, validators=first.validators, source="s")
        return first, second

    first, second = run(twice)
    assert (first.status, first.content, first.headers["etag"]) == (200, b"fresh", server.etag)
    assert first.validators == Validators(etag=server.etag)
    assert (second.status, second.content, second.not_modified) == (304, b"", True)


def test_not_modified_answers_leave_their_connection_to_the_next_request() -> None:
    """A 304 has no body, but its end must be read for its connection to be reused: a warm
    poll opened one connection a source (1,000 for 1,000 sources on 50 hosts)."""

    async def main() -> int:
        connections = 0

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            try:
                while True:  # HTTP/1.1: the connection stays open between answers
                    await reader.readuntil(b"\r\n\r\n")
                    writer.write(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n')
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        settings = SETTINGS.model_copy(update={"robots": False})
        async with server, Fetcher(settings) as fetcher:
            for path in ("/a", "/b", "/c"):
                answer = await fetcher.get(base + path, validators=Validators(etag='"v1"'))
                assert answer.not_modified
        return connections

    assert asyncio.run(main()) == 1


def test_last_modified_becomes_if_modified_since(server: Server) -> None:
    url = server.url("/modified")

    async def twice(fetcher: Fetcher) -> tuple[Response, Response]:
        first = await fetcher.get(url)
        return first, await fetcher.get(url, validators=first.validators)

    first, second = run(twice)
    assert first.validators == Validators(last_modified=server.last_modified)
    assert (first.status, second.status) == (200, 304)


def test_request_headers(server: Server) -> None:
    response = run(lambda f: f.get(server.url("/echo")))
    sent = json.loads(response.content)
    assert sent["user-agent"] == SETTINGS.agent()
    assert "ops@example.org" in sent["user-agent"]
    assert sent["accept"].startswith("application/atom+xml, application/rss+xml")
    assert "gzip" in sent["accept-encoding"]
    assert "if-none-match" not in sent


def test_headers_are_lower_case_and_elapsed_is_measured(server: Server) -> None:
    response = run(lambda f: f.get(server.url("/etag")))
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert all(name == name.lower() for name in response.headers)
    assert response.elapsed >= 0


def test_gzip_answer_is_decoded(server: Server) -> None:
    response = run(lambda f: f.get(server.url("/gzip")))
    assert response.content == "zipped ’text’ 사이버".encode() * 100
    assert response.headers["content-encoding"] == "gzip"


def test_redirect_gives_final_url(server: Server) -> None:
    response = run(lambda f: f.get(server.url("/moved")))
    assert (response.status, response.url, response.content) == (
        200,
        server.url("/etag"),
        b"fresh",
    )


def test_server_error_is_transient(server: Server) -> None:
    url = server.url("/error")
    with pytest.raises(TransientFetchError) as caught:
        run(lambda f: f.get(url, source="govuk"))
    assert (caught.value.status, caught.value.source, caught.value.url) == (500, "govuk", url)
    assert caught.value.retry_after is None
    assert str(caught.value) == f"HTTP 500 Internal Server Error: {url}"


def test_429_carries_retry_after_seconds(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"max_retry_after": 5})  # asks for 7: not waited out
    with pytest.raises(TransientFetchError) as caught:
        run(lambda f: f.get(server.url("/busy")), settings)
    assert (caught.value.status, caught.value.retry_after) == (429, 7.0)


def test_retry_after_http_date_is_measured_from_the_date_header(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"max_retry_after": 60})  # asks for 120
    with pytest.raises(TransientFetchError) as caught:
        run(lambda f: f.get(server.url("/busy-until")), settings)
    assert (caught.value.status, caught.value.retry_after) == (503, 120.0)


def test_404_is_permanent(server: Server) -> None:
    url = server.url("/missing")
    with pytest.raises(FetchError) as caught:
        run(lambda f: f.get(url, source="mofa"))
    assert not isinstance(caught.value, TransientFetchError)
    assert (caught.value.status, caught.value.source, caught.value.url) == (404, "mofa", url)


def test_redirect_loop_is_permanent(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"max_redirects": 3})
    with pytest.raises(FetchError, match="more than 3 redirects") as caught:
        run(lambda f: f.get(server.url("/loop")), settings)
    assert not isinstance(caught.value, TransientFetchError)


def test_declared_length_over_the_cap_is_refused(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"max_body_bytes": 4096})
    with pytest.raises(BodyTooLargeError, match="1000000000 bytes"):
        run(lambda f: f.get(server.url("/declared-huge")), settings)


def test_endless_body_is_abandoned_at_the_cap(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"max_body_bytes": 100_000})
    with pytest.raises(BodyTooLargeError, match="over the 100000-byte limit") as caught:
        run(lambda f: f.get(server.url("/endless"), source="s"), settings)
    assert caught.value.source == "s"


def test_timeout_is_transient(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"timeout": 0.2})
    with pytest.raises(TransientFetchError, match="timed out"):
        run(lambda f: f.get(server.url("/slow")), settings)


def test_refused_connection_is_transient(server: Server) -> None:
    # Port 9 (discard) on loopback is closed in test environments.
    with pytest.raises(TransientFetchError, match="cannot connect"):
        run(lambda f: f.get("http://127.0.0.1:9/feed"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/feed", "not an http(s) URL"),
        ("/relative/path", "not an http(s) URL"),
        ("http:///no-host", "URL has no host"),
        ("http://[::1/feed", "invalid URL"),
    ],
)
def test_unusable_urls_are_permanent(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=re.escape(message)) as caught:
        run(lambda f: f.get(url, source="s"))
    assert not isinstance(caught.value, TransientFetchError)
    assert caught.value.url == url


def test_mofa_feed_without_charset_decodes_end_to_end(server: Server) -> None:
    response = run(lambda f: f.get(server.url("/mofa")))
    assert response.content_type == "application/rss+xml"
    source = Source(name="mofa-press", kind="feed", url=server.url("/mofa"))
    items = parse_feed(source, response)
    assert items[0].url == "http://www.mofa.go.kr/www/brd/m_5676/view.do?seq=323320"
    assert "Korea’s New G20 Sherpa" in items[2].title


def test_waf_page_with_200_is_not_a_feed(server: Server) -> None:
    response = run(lambda f: f.get(server.url("/waf")))
    source = Source(name="state", kind="feed", url=server.url("/waf"))
    with pytest.raises(NotAFeedError, match="expected a feed, got an HTML page"):
        parse_feed(source, response)


def test_per_host_limit_still_completes_every_request(server: Server) -> None:
    settings = SETTINGS.model_copy(update={"per_host": 1})

    async def many(fetcher: Fetcher) -> list[int]:
        answers = await asyncio.gather(*(fetcher.get(server.url("/etag")) for _ in range(5)))
        return [a.status for a in answers]

    assert run(many, settings) == [200] * 5


def test_mock_transport_protocol_error_is_transient() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    async def main() -> Response:
        async with Fetcher(SETTINGS, transport=httpx.MockTransport(broken)) as fetcher:
            return await fetcher.get("https://example.test/feed", source="s")

    with pytest.raises(TransientFetchError, match=r"connection failed \(peer closed connection\)"):
        asyncio.run(main())
