"""Politeness per host: pacing, robots.txt and Retry-After, on real servers at 127.0.0.1.

Time is injected: a fake clock that only moves when the fetcher sleeps, so the tests check the
schedule of requests without waiting for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

from config import FetchSettings
from flows.devtools.demo.server import SITES_DIR, FixtureServer
from scrapers import (
    Fetcher,
    Pacer,
    RobotsDisallowedError,
    RobotsRules,
    TransientFetchError,
)

if TYPE_CHECKING:
    from conftest import Server

T = TypeVar("T")
FAST = FetchSettings(timeout=5, connect_timeout=5, rate=1000, contact="ops@example.org")
GOVUK_ROBOTS = b"""User-agent: *
Disallow: /*/print$
Disallow: /search/all*
Sitemap: https://www.gov.uk/sitemap.xml

User-agent: AhrefsBot
Crawl-delay: 10
"""


class FakeTime:
    """A monotonic clock that advances only when something sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.wakes: list[float] = []  # when each sleeper was due to wake

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.wakes.append(round(self.now + seconds, 6))
        self.now += seconds
        await asyncio.sleep(0)


def run(
    settings: FetchSettings, call: Callable[[Fetcher], Awaitable[T]], time: FakeTime | None = None
) -> T:
    time = time or FakeTime()

    async def main() -> T:
        async with Fetcher(settings, clock=time.clock, sleep=time.sleep) as fetcher:
            return await call(fetcher)

    return asyncio.run(main())


@contextmanager
def site(routes: dict[str, tuple[int, bytes]]) -> Iterator[tuple[str, list[str]]]:
    """A server at 127.0.0.1 answering ``path -> (status, body)`` (else 404), and the list of
    paths it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            asked.append(self.path)
            status, body = routes.get(self.path, (404, b"not here"))
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def fixture_site() -> Iterator[FixtureServer]:
    with FixtureServer(SITES_DIR) as server:
        yield server


# Pacing


def test_pacer_spaces_requests_to_one_host_and_not_across_hosts() -> None:
    time = FakeTime()
    rates = {"www.gov.uk": 10.0}
    pacer = Pacer(rate_for=lambda host: rates.get(host, 2.0), clock=time.clock, sleep=time.sleep)

    async def main() -> None:
        await asyncio.gather(*(pacer.wait("www.mofa.go.kr") for _ in range(3)))
        assert time.now == 1.0
        await asyncio.gather(*(pacer.wait("www.gov.uk") for _ in range(3)))

    asyncio.run(main())
    # Three requests asked for together start at 0, 0.5 and 1.0; another host's first request
    # does not wait, and its host is paced at its own rate.
    assert time.wakes == [0.5, 1.0, 1.1, 1.2]


def test_pacer_floor_and_hold() -> None:
    time = FakeTime()
    pacer = Pacer(rate_for=lambda host: 100.0, clock=time.clock, sleep=time.sleep)
    pacer.set_floor("h", 3.0)
    assert pacer.interval("h") == 3.0
    assert pacer.interval("other") == 0.01

    async def main() -> None:
        await pacer.wait("h")
        pacer.hold("h", 20.0)
        await pacer.wait("h")

    asyncio.run(main())
    assert time.sleeps == [20.0]


def test_fetcher_paces_requests_to_a_host_at_its_rate(fixture_site: FixtureServer) -> None:
    url = f"{fixture_site.base_url}/govuk/search/news-and-communications.atom"
    settings = FAST.model_copy(update={"rate": 2.0})
    time = FakeTime()

    async def three(fetcher: Fetcher) -> list[int]:
        return [(await fetcher.get(url)).status for _ in range(3)]

    assert run(settings, three, time) == [200, 200, 200]
    # robots.txt first, then one request every half second.
    assert fixture_site.requests[0].path == "/robots.txt"
    assert time.sleeps == [0.5, 0.5, 0.5]


def test_host_rates_override_the_default_rate(fixture_site: FixtureServer) -> None:
    url = f"{fixture_site.base_url}/govuk/search/news-and-communications.atom"
    settings = FAST.model_copy(update={"rate": 0.5, "host_rates": {"127.0.0.1": 10.0}})
    time = FakeTime()
    run(settings, lambda f: f.get(url), time)
    assert time.sleeps == [0.1]


# robots.txt


def test_robots_rules_use_rfc_9309_wildcards() -> None:
    rules = RobotsRules.parse(GOVUK_ROBOTS)
    assert rules.allows("https://www.gov.uk/search/news-and-communications.atom?keywords=cyber")
    assert not rules.allows("https://www.gov.uk/guidance/print")  # /*/print$
    assert rules.allows("https://www.gov.uk/guidance/print/more")  # $ anchors the end
    assert not rules.allows("https://www.gov.uk/search/all?keywords=cyber")
    assert rules.crawl_delay is None  # AhrefsBot's delay is not ours


def test_robots_group_for_cyberwatch_wins_over_the_star_group() -> None:
    rules = RobotsRules.parse(
        b"User-agent: *\nDisallow: /\n\n"
        b"User-agent: cyberwatch\nDisallow: /drafts/\nCrawl-delay: 4\n"
    )
    assert rules.allows("https://example.org/news/1")
    assert not rules.allows("https://example.org/drafts/1")
    assert rules.crawl_delay == 4.0


def test_disallowed_url_is_never_requested(tmp_path: Path) -> None:
    (tmp_path / "robots.txt").write_text(GOVUK_ROBOTS.decode())
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.html").write_text("<p>hello</p>")
    with FixtureServer(tmp_path) as server:

        async def main(fetcher: Fetcher) -> None:
            assert (await fetcher.get(f"{server.base_url}/news/a.html")).status == 200
            for path in ("/news/print", "/search/all?q=cyber"):
                with pytest.raises(RobotsDisallowedError) as caught:
                    await fetcher.get(f"{server.base_url}{path}", source="s")
                assert str(caught.value) == f"disallowed by robots.txt: {server.base_url}{path}"
                assert caught.value.source == "s"
                assert not isinstance(caught.value, TransientFetchError)

        run(FAST, main)
        assert [r.path for r in server.requests] == ["/robots.txt", "/news/a.html"]


def test_fixture_sites_robots_txt_keeps_out_of_private(fixture_site: FixtureServer) -> None:
    with pytest.raises(RobotsDisallowedError):
        run(FAST, lambda f: f.get(f"{fixture_site.base_url}/_private/notes.html"))
    assert [r.path for r in fixture_site.requests] == ["/robots.txt"]


def test_crawl_delay_is_a_floor_for_the_host_interval(tmp_path: Path) -> None:
    (tmp_path / "robots.txt").write_text("User-agent: *\nCrawl-delay: 3\n")
    (tmp_path / "a.html").write_text("a")
    with FixtureServer(tmp_path) as server:
        time = FakeTime()

        async def twice(fetcher: Fetcher) -> None:
            await fetcher.get(f"{server.base_url}/a.html")
            await fetcher.get(f"{server.base_url}/a.html")

        run(FAST, twice, time)
    assert time.sleeps == [3.0, 3.0]


def test_robots_txt_is_read_once_per_fetcher_even_when_asked_together() -> None:
    routes = {"/robots.txt": (200, b"User-agent: *\nDisallow:\n"), "/a": (200, b"a")}
    with site(routes) as (base, asked):
        run(FAST, lambda f: asyncio.gather(*(f.get(f"{base}/a") for _ in range(4))))
    assert asked.count("/robots.txt") == 1
    assert asked.count("/a") == 4


@pytest.mark.parametrize("status", [403, 404, 410])
def test_robots_txt_missing_or_forbidden_allows_everything(status: int) -> None:
    with site({"/robots.txt": (status, b"no"), "/a": (200, b"a")}) as (base, asked):
        assert run(FAST, lambda f: f.get(f"{base}/a")).content == b"a"
    assert asked == ["/robots.txt", "/a"]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_txt_unreachable_disallows_everything_for_now(status: int) -> None:
    """RFC 9309 2.3.1.4: a server error means complete disallow. cyberwatch makes that a
    transient failure (so the poll is retried later) and asks no other URL of the host."""
    with site({"/robots.txt": (status, b"down"), "/a": (200, b"a")}) as (base, asked):

        async def main(fetcher: Fetcher) -> None:
            for _ in range(2):
                with pytest.raises(TransientFetchError, match=r"robots\.txt unreachable"):
                    await fetcher.get(f"{base}/a", source="s")

        run(FAST, main)
    assert asked == ["/robots.txt"]  # read once; the page itself never asked for


def test_robots_can_be_turned_off_for_ones_own_sites() -> None:
    with site({"/robots.txt": (200, b"User-agent: *\nDisallow: /\n"), "/a": (200, b"a")}) as (
        base,
        asked,
    ):
        settings = FAST.model_copy(update={"robots": False})
        assert run(settings, lambda f: f.get(f"{base}/a")).content == b"a"
    assert asked == ["/a"]


# Retry-After


@pytest.mark.parametrize("status", [429, 503])
def test_short_retry_after_is_waited_out_and_asked_again(
    fixture_site: FixtureServer, status: int
) -> None:
    url = f"{fixture_site.base_url}/_fault/{status}-once"
    time = FakeTime()
    settings = FAST.model_copy(update={"robots": False})
    response = run(settings, lambda f: f.get(url, source="s"), time)
    assert (response.status, response.content) == (200, b"ok after waiting\n")
    assert [(r.path, r.status) for r in fixture_site.requests] == [
        (f"/_fault/{status}-once", status),
        (f"/_fault/{status}-once", 200),
    ]
    assert time.sleeps == [1.0]  # Retry-After: 1, on the injected clock
    agents = {r.headers["User-Agent"] for r in fixture_site.requests}
    assert agents == {FAST.agent()}
    assert "ops@example.org" in FAST.agent()


def test_retry_after_longer_than_the_limit_is_left_to_the_caller(
    fixture_site: FixtureServer,
) -> None:
    url = f"{fixture_site.base_url}/_fault/429-once"
    settings = FAST.model_copy(update={"robots": False, "max_retry_after": 0.5})
    time = FakeTime()
    with pytest.raises(TransientFetchError) as caught:
        run(settings, lambda f: f.get(url), time)
    assert (caught.value.status, caught.value.retry_after) == (429, 1.0)
    assert time.sleeps == []
    assert len(fixture_site.requests) == 1


def test_503_without_retry_after_is_not_asked_again() -> None:
    with site({"/a": (503, b"down")}) as (base, asked):
        settings = FAST.model_copy(update={"robots": False})
        with pytest.raises(TransientFetchError, match="HTTP 503"):
            run(settings, lambda f: f.get(f"{base}/a"))
    assert asked == ["/a"]


def test_a_second_refusal_is_not_waited_for_again(server: Server) -> None:
    time = FakeTime()
    settings = FAST.model_copy(update={"robots": False, "max_retry_after": 10})
    with pytest.raises(TransientFetchError) as caught:
        run(settings, lambda f: f.get(server.url("/busy")), time)  # always 429, Retry-After: 7
    assert (caught.value.status, caught.value.retry_after) == (429, 7.0)
    assert time.sleeps == [7.0]
