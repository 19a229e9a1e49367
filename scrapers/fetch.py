"""The one piece of code that talks to the network: conditional GETs with a body size cap.

Every answer ends in time: its status and headers within ``first_byte`` seconds (connect
included), the whole of it, redirects and body, within ``deadline`` seconds, so a server that
never answers or drips its body a byte a second costs at most that. The body is decoded within
the cap (``scrapers.decoding``: a gzip bomb is stopped after ``max_body_bytes``). Redirects are
followed here, hop by hop, and only to http(s) URLs; given a source's ``SitePolicy``
(``scrapers.sites``), the URL and every redirect must stay on its site and off private
addresses, names resolved and checked (a name that resolves differently when connecting is
not caught: the check is on the first resolution).

    async with Fetcher(settings.fetch) as fetcher:
        response = await fetcher.get(url, validators=stored, source=name)

Politeness, per host: requests start at most ``rate`` per second (``host_rates`` per host, never
faster than robots.txt's Crawl-delay), at most ``per_host`` at once; robots.txt is read once per
origin and Fetcher and obeyed (``robots = false`` turns that off); a 429 or 503 whose
Retry-After is at most ``max_retry_after`` seconds is waited out and asked again once, holding
back every request to that host meanwhile; a longer one is not waited: the error carries it,
so it becomes the source's next check.

Every failure is a ScraperError carrying the source and URL: TransientFetchError for what may
pass (timeouts, connection errors, 429, 5xx, an unreachable robots.txt; DeadlineError for an
answer over its deadline), BodyTooLargeError for
answers over the cap, RobotsDisallowedError for URLs robots.txt disallows, and FetchError for
the rest (other 4xx, too many redirects, unsupported or invalid URLs).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from config import FetchSettings
from scrapers.answers import read_answer, redirect_target
from scrapers.decoding import ACCEPT_ENCODING
from scrapers.errors import (
    DeadlineError,
    FetchError,
    RefusedURLError,
    RobotsDisallowedError,
    TransientFetchError,
)
from scrapers.model import Response, Validators
from scrapers.pacing import Clock, Pacer, Sleep
from scrapers.robots import RobotsRules, origin, robots_url
from scrapers.sites import SitePolicy

log = logging.getLogger("cyberwatch.fetch")

ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)
WAIT_STATUSES = (429, 503)  # answers whose Retry-After is waited out once
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
Resolve = Callable[[str], Awaitable[list[str]]]  # a host name -> its addresses


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
        resolve: Resolve | None = None,
    ) -> None:
        self._settings = settings
        self._resolve = resolve or _resolve
        self._addresses: dict[str, list[str]] = {}
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
                follow_redirects=False,  # followed hop by hop, each target checked
                timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
                headers={"User-Agent": settings.agent(), "Accept": ACCEPT},
            )
        return client

    async def get(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        source: str | None = None,
        policy: SitePolicy | None = None,
    ) -> Response:
        """GET ``url``: status 200 with the whole body, or 304 with none when ``validators``
        still hold. ``Response.url`` is the final URL after redirects. With ``policy``, the URL
        and each redirect must be on the source's site and at no private address it refuses
        (``RefusedURLError``, nothing requested)."""
        host = _host(url, source=source)
        await self._check(url, policy=policy, source=source)
        if self._settings.robots:
            await self._obey_robots(url, host=host, source=source)
        headers = {}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        return await self._fetch(url, host=host, headers=headers, source=source, policy=policy)

    async def _check(self, url: str, *, policy: SitePolicy | None, source: str | None) -> None:
        """Refuse ``url`` when ``policy`` does: off the site, or at a private address (a name
        is resolved, once per Fetcher, and each of its addresses checked)."""
        if policy is None:
            return
        reason = policy.refusal(url)
        host = urlsplit(url).hostname or ""
        if reason is None and not policy.private_ok and not _is_ip(host):
            addresses = self._addresses.get(host)
            if addresses is None:
                try:
                    addresses = self._addresses[host] = await self._resolve(host)
                except OSError as e:
                    raise TransientFetchError(
                        f"cannot resolve {host} ({e})", source=source, url=url
                    ) from e
            bad = [a for a in addresses if policy.refuses_address(a)]
            if bad:
                reason = f"{host} resolves to a private or local address ({bad[0]})"
        if reason is not None:
            raise RefusedURLError(f"not fetched: {reason}", source=source, url=url)

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
        self,
        url: str,
        *,
        host: str,
        headers: dict[str, str],
        source: str | None,
        policy: SitePolicy | None = None,
    ) -> Response:
        """One request, asked again once after a short enough Retry-After on 429 or 503."""
        ask = functools.partial(
            self._request, url, host=host, headers=headers, source=source, policy=policy
        )
        try:
            return await ask()
        except TransientFetchError as e:
            wait = e.retry_after
            if e.status not in WAIT_STATUSES or wait is None:
                raise
            if wait > self._settings.max_retry_after:
                raise TransientFetchError(
                    f"{e.message}, asking to wait {wait:.0f} s: not waited out, that is the "
                    "next check",
                    source=source,
                    url=url,
                    status=e.status,
                    retry_after=wait,
                ) from e
            log.info(
                "%s: %s: HTTP %s, waiting %.1f s as asked (Retry-After)",
                source or "-",
                url,
                e.status,
                wait,
            )
            self._pacer.hold(host, wait)
            return await ask()

    async def _request(
        self,
        url: str,
        *,
        host: str,
        headers: dict[str, str],
        source: str | None,
        policy: SitePolicy | None,
    ) -> Response:
        """One answer, redirects followed, within ``deadline`` seconds as a whole."""
        deadline = self._settings.deadline
        async with self._semaphore(host):
            await self._pacer.wait(host)
            started = time.perf_counter()
            try:
                async with asyncio.timeout(deadline):
                    return await self._exchange(
                        url, headers=headers, source=source, policy=policy, started=started
                    )
            except TimeoutError as e:
                raise DeadlineError(
                    f"answer not complete within the {deadline:g}-second deadline",
                    source=source,
                    url=url,
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
                    f"cannot connect ({str(e) or type(e).__name__})", source=source, url=url
                ) from e
            except httpx.TransportError as e:
                raise TransientFetchError(
                    f"connection failed ({str(e) or type(e).__name__})", source=source, url=url
                ) from e

    async def _exchange(
        self,
        url: str,
        *,
        headers: dict[str, str],
        source: str | None,
        policy: SitePolicy | None,
        started: float,
    ) -> Response:
        """GET ``url`` and follow its redirects (each target checked), then read the answer."""
        target = url
        for _ in range(self._settings.max_redirects + 1):
            answer = await self._first_byte(target, headers=headers, source=source)
            try:
                location = answer.headers.get("location")
                if answer.status_code in REDIRECT_STATUSES and location:
                    target = redirect_target(target, location, source=source)
                    await self._check(target, policy=policy, source=source)
                    continue
                return await read_answer(
                    answer,
                    limit=self._settings.max_body_bytes,
                    url=url,
                    source=source,
                    started=started,
                )
            finally:
                await answer.aclose()
        raise FetchError(
            f"more than {self._settings.max_redirects} redirects", source=source, url=url
        )

    async def _first_byte(
        self, url: str, *, headers: dict[str, str], source: str | None
    ) -> httpx.Response:
        """The answer's status and headers, within ``first_byte`` seconds (connect included);
        the body is left to stream."""
        wait = self._settings.first_byte
        client = self._client(_host(url, source=source))
        request = client.build_request(
            "GET", url, headers={"Accept-Encoding": ACCEPT_ENCODING, **headers}
        )
        try:
            async with asyncio.timeout(wait):
                return await client.send(request, stream=True, follow_redirects=False)
        except TimeoutError as e:
            raise DeadlineError(f"no answer within {wait:g} seconds", source=source, url=url) from e

    def _semaphore(self, host: str) -> asyncio.Semaphore:
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self._settings.per_host)
        return semaphore


async def _resolve(host: str) -> list[str]:
    """The addresses ``host`` resolves to."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


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
