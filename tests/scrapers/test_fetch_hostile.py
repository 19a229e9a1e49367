"""The fetcher against the fixture server's hostile routes (flows/devtools/demo/hostile.py):
every answer ends in time, within the body cap, and never leaves the source's site."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import pytest

from config import FetchSettings
from flows.devtools.demo.server import SITES_DIR, FixtureServer
from scrapers import (
    BodyTooLargeError,
    DeadlineError,
    Fetcher,
    FetchError,
    RefusedURLError,
    SitePolicy,
    TransientFetchError,
)

T = TypeVar("T")
SETTINGS = FetchSettings(rate=1000, robots=False, first_byte=0.5, deadline=1.5, per_host=8)


@pytest.fixture(scope="module")
def hostile() -> Iterator[FixtureServer]:
    with FixtureServer(SITES_DIR) as server:
        yield server


def run(
    call: Callable[[Fetcher], Awaitable[T]],
    settings: FetchSettings = SETTINGS,
    resolve: Callable[[str], Awaitable[list[str]]] | None = None,
) -> T:
    async def main() -> T:
        async with Fetcher(settings, resolve=resolve) as fetcher:
            return await call(fetcher)

    return asyncio.run(main())


def fault(server: FixtureServer, name: str) -> str:
    return f"{server.base_url}/_fault/{name}"


@pytest.mark.slow
def test_a_body_dripping_a_byte_a_second_trips_the_whole_answer_deadline(
    hostile: FixtureServer,
) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineError, match=r"not complete within the 1\.5-second deadline"):
        run(lambda f: f.get(fault(hostile, "drip")))
    assert time.monotonic() - started < 3.0  # the read timeout (20 s) never got a chance


@pytest.mark.slow
def test_an_answer_that_never_starts_trips_the_first_byte_deadline(hostile: FixtureServer) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineError, match=r"no answer within 0\.5 seconds"):
        run(lambda f: f.get(fault(hostile, "silent")))
    assert time.monotonic() - started < 1.5


def test_a_gzip_bomb_is_abandoned_at_the_body_cap(hostile: FixtureServer) -> None:
    # the server takes a moment to build the bomb (a CRC over 1 GB) before it answers
    settings = SETTINGS.model_copy(
        update={"max_body_bytes": 1_000_000, "first_byte": 10, "deadline": 10}
    )
    with pytest.raises(BodyTooLargeError, match="over the 1000000-byte limit"):
        run(lambda f: f.get(fault(hostile, "gzip-bomb")), settings)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("reset", "connection failed"),
        ("truncated", "received 500 bytes, expected 10000"),
        ("500", "HTTP 500"),
    ],
)
def test_broken_connections_are_transient(hostile: FixtureServer, name: str, message: str) -> None:
    with pytest.raises(TransientFetchError, match=message):
        run(lambda f: f.get(fault(hostile, name)))


@pytest.mark.parametrize(("name", "wait"), [("503-wait", 120.0), ("429-wait", 3600.0)])
def test_a_long_retry_after_is_not_slept_but_carried_to_the_next_check(
    hostile: FixtureServer, name: str, wait: float
) -> None:
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match=f"asking to wait {wait:.0f} s") as caught:
        run(lambda f: f.get(fault(hostile, name)))
    assert caught.value.retry_after == wait
    assert time.monotonic() - started < 1.0


def test_a_redirect_loop_ends_after_max_redirects(hostile: FixtureServer) -> None:
    hostile.clear_requests()
    with pytest.raises(FetchError, match="more than 5 redirects"):
        run(lambda f: f.get(fault(hostile, "redirect-loop")))
    assert len(hostile.requests) == 6


def test_a_redirect_to_a_local_file_is_refused(hostile: FixtureServer) -> None:
    with pytest.raises(FetchError, match=r"redirect to a non-http URL refused \(file:\)"):
        run(lambda f: f.get(fault(hostile, "redirect-file")))


def test_a_redirect_off_the_site_is_not_followed(hostile: FixtureServer) -> None:
    policy = SitePolicy.for_url(hostile.base_url + "/feed.xml")
    with pytest.raises(RefusedURLError, match=r"off the source.s site \(169\.254\.169\.254"):
        run(lambda f: f.get(fault(hostile, "redirect-metadata"), policy=policy))


def test_a_link_off_the_site_is_never_requested(hostile: FixtureServer) -> None:
    policy = SitePolicy.for_url("https://www.gov.uk/feed.atom")
    hostile.clear_requests()
    with pytest.raises(RefusedURLError, match="a private or local address"):
        run(lambda f: f.get(fault(hostile, "article"), policy=policy))
    assert hostile.requests == []


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting() -> None:
    asked: list[str] = []

    async def resolve(host: str) -> list[str]:  # stands in for DNS: no network here
        asked.append(host)
        return ["93.184.215.14", "10.0.0.7"]

    policy = SitePolicy.for_url("https://feeds.example.org/rss")
    url = "https://feeds.example.org/item/1"
    with pytest.raises(RefusedURLError, match=r"feeds.example.org resolves to .* \(10.0.0.7\)"):
        run(lambda f: f.get(url, policy=policy), resolve=resolve)
    assert asked == ["feeds.example.org"]
