"""The one piece of code that talks to the network: conditional GETs with a body size cap.

    async with Fetcher(settings.fetch) as fetcher:
        response = await fetcher.get(url, validators=stored, source=name)

Politeness, per host: requests start at most ``rate`` per second (``host_rates`` per host, never
faster than robots.txt's Crawl-delay), at most ``per_host`` at once; robots.txt is read once per
origin and Fetcher and obeyed (``robots = false`` turns that off); a 429 or 503 whose
Retry-After is at most ``max_retry_after`` seconds is waited out and asked again once, holding
back every request to that host meanwhile.

Every failure is a ScraperError carrying the source and URL: TransientFetchError for what may
pass (timeouts, connection errors, 429, 5xx, an unreachable robots.txt), BodyTooLargeError for
answers over the cap, RobotsDisallowedError for URLs robots.txt disallows, and FetchError for
the rest (other 4xx, too many redirects, unsupported or invalid URLs).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from config import FetchSettings
from scrapers.errors import (
    BodyTooLargeError,
    FetchError,
    RobotsDisallowedError,
    TransientFetchError,
)
from scrapers.http_dates import retry_after_seconds
from scrapers.model import Response, Validators
from scrapers.pacing import Clock, Pacer, Sleep
from scrapers.robots import RobotsRules, origin, robots_url

log = logging.getLogger("cyberwatch.fetch")

ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)
WAIT_STATUSES = (429, 503)  # answers whose Retry-After is waited out once


class Fetcher:
    """HTTP clients (one per host), polite to each host (see the module docstring).

    ``transport`` replaces the network in tests (``httpx.MockTransport``); ``clock`` (monotonic
    seconds) and ``sleep`` replace time for pacing and Retry-After waits. Accept-Encoding is
    httpx's default: gzip and deflate, plus br / zstd when their libraries are installed.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._settings = settings
        self._pacer = Pacer(rate_for=settings.rate_for, clock=clock, sleep=sleep)
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._transport = transport
        # One client, so one connection pool, per host: httpx's pool scans its waiting
        # requests on each assignment, which grows costly when one pool serves every host.
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._tls: ssl.SSLContext | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()

    def _client(self, host: str) -> httpx.AsyncClient:
        """The client of ``host``, made on its first request."""
        client = self._clients.get(host)
        if client is None:
            settings = self._settings
            if self._tls is None:  # loading the CA bundle is costly: once for every client
                self._tls = httpx.create_ssl_context()
            client = self._clients[host] = httpx.AsyncClient(
                transport=self._transport,
                verify=self._tls,
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
                headers={"User-Agent": settings.agent(), "Accept": ACCEPT},
            )
        return client

    async def get(
        self, url: str, *, validators: Validators | None = None, source: str | None = None
    ) -> Response:
        """GET ``url``: status 200 with the whole body, or 304 with none when ``validators``
        still hold. ``Response.url`` is the final URL after redirects."""
        host = _host(url, source=source)
        if self._settings.robots:
            await self._obey_robots(url, host=host, source=source)
        headers = {}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        return await self._fetch(url, host=host, headers=headers, source=source)

    async def _obey_robots(self, url: str, *, host: str, source: str | None) -> None:
        rules = await self._robots_for(url, host=host, source=source)
        if rules.unreachable is not None:
            raise TransientFetchError(
                f"robots.txt unreachable ({rules.unreachable}), so nothing is fetched from "
                "this host for now",
                source=source,
                url=url,
            )
        if not rules.allows(url):
            raise RobotsDisallowedError("disallowed by robots.txt", source=source, url=url)

    async def _robots_for(self, url: str, *, host: str, source: str | None) -> RobotsRules:
        """The rules of ``url``'s origin, read once per Fetcher (concurrent callers wait)."""
        key = origin(url)
        async with self._robots_locks.setdefault(key, asyncio.Lock()):
            rules = self._robots.get(key)
            if rules is None:
                rules = self._robots[key] = await self._read_robots(key, host=host, source=source)
                if rules.crawl_delay is not None:
                    self._pacer.set_floor(host, rules.crawl_delay)
        return rules

    async def _read_robots(self, url: str, *, host: str, source: str | None) -> RobotsRules:
        try:
            response = await self._fetch(robots_url(url), host=host, headers={}, source=source)
        except TransientFetchError as e:  # 5xx, 429, timeout, connection error: unreachable
            return RobotsRules(unreachable=e.message)
        except FetchError as e:  # other 4xx, too large, redirect loop: unavailable
            log.debug("%s: %s: no robots.txt rules (%s)", source or "-", url, e.message)
            return RobotsRules()
        return RobotsRules.parse(response.content)

    async def _fetch(
        self, url: str, *, host: str, headers: dict[str, str], source: str | None
    ) -> Response:
        """One request, asked again once after a short enough Retry-After on 429 or 503."""
        try:
            return await self._request(url, host=host, headers=headers, source=source)
        except TransientFetchError as e:
            wait = e.retry_after
            if e.status not in WAIT_STATUSES or wait is None:
                raise
            if wait > self._settings.max_retry_after:
                raise
            log.info(
                "%s: %s: HTTP %s, waiting %.1f s as asked (Retry-After)",
                source or "-",
                url,
                e.status,
                wait,
            )
            self._pacer.hold(host, wait)
            return await self._request(url, host=host, headers=headers, source=source)

    async def _request(
        self, url: str, *, host: str, headers: dict[str, str], source: str | None
    ) -> Response:
        async with self._semaphore(host):
            await self._pacer.wait(host)
            started = time.perf_counter()
            try:
                async with self._client(host).stream("GET", url, headers=headers) as answer:
                    return await self._read(answer, url=url, source=source, started=started)
            except httpx.TooManyRedirects as e:
                raise FetchError(
                    f"more than {self._settings.max_redirects} redirects", source=source, url=url
                ) from e
            except httpx.TimeoutException as e:
                raise TransientFetchError(
                    f"timed out ({type(e).__name__})", source=source, url=url
                ) from e
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as e:
                raise FetchError(f"cannot fetch this URL: {e}", source=source, url=url) from e
            except httpx.LocalProtocolError as e:
                raise FetchError(f"invalid request: {e}", source=source, url=url) from e
            except httpx.DecodingError as e:
                raise FetchError(f"undecodable answer: {e}", source=source, url=url) from e
            except httpx.ConnectError as e:
                raise TransientFetchError(
                    f"cannot connect ({e or type(e).__name__})", source=source, url=url
                ) from e
            except httpx.TransportError as e:
                raise TransientFetchError(
                    f"connection failed ({e or type(e).__name__})", source=source, url=url
                ) from e

    def _semaphore(self, host: str) -> asyncio.Semaphore:
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self._settings.per_host)
        return semaphore

    async def _read(
        self, answer: httpx.Response, *, url: str, source: str | None, started: float
    ) -> Response:
        status = answer.status_code
        headers = {name.lower(): value for name, value in answer.headers.items()}
        if status == 429 or status >= 500:
            raise TransientFetchError(
                f"HTTP {status} {answer.reason_phrase}".rstrip(),
                source=source,
                url=url,
                status=status,
                retry_after=retry_after_seconds(
                    headers.get("retry-after"), date=headers.get("date")
                ),
            )
        if status != 304 and not 200 <= status < 300:
            raise FetchError(
                f"HTTP {status} {answer.reason_phrase}".rstrip(),
                source=source,
                url=url,
                status=status,
            )
        content = b"" if status == 304 else await self._body(answer, url=url, source=source)
        return Response(
            url=str(answer.url),
            status=status,
            headers=headers,
            content=content,
            elapsed=time.perf_counter() - started,
        )

    async def _body(self, answer: httpx.Response, *, url: str, source: str | None) -> bytes:
        """The decoded body, abandoned as soon as it exceeds ``max_body_bytes``."""
        limit = self._settings.max_body_bytes
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLargeError(
                f"answer of {declared} bytes is over the {limit}-byte limit",
                source=source,
                url=url,
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in answer.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise BodyTooLargeError(
                    f"answer is over the {limit}-byte limit", source=source, url=url
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _host(url: str, *, source: str | None) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as e:
        raise FetchError(f"invalid URL: {e}", source=source, url=url) from e
    if parts.scheme not in ("http", "https"):
        raise FetchError("not an http(s) URL", source=source, url=url)
    if not host:
        raise FetchError("URL has no host", source=source, url=url)
    return host
