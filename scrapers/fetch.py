"""The one piece of code that talks to the network: conditional GETs with a body size cap.

    async with Fetcher(settings.fetch) as fetcher:
        response = await fetcher.get(url, validators=stored, source=name)

Every failure is a ScraperError carrying the source and URL: TransientFetchError for what may
pass (timeouts, connection errors, 429, 5xx), BodyTooLargeError for answers over the cap, and
FetchError for the rest (other 4xx, too many redirects, unsupported or invalid URLs).
"""

from __future__ import annotations

import asyncio
import time
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from config import FetchSettings
from scrapers.errors import BodyTooLargeError, FetchError, TransientFetchError
from scrapers.model import Response, Validators

ACCEPT = (
    "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)


class Fetcher:
    """One HTTP client shared by every request, with at most ``per_host`` requests per host.

    ``transport`` replaces the network in tests (``httpx.MockTransport``). Accept-Encoding is
    httpx's default: gzip and deflate, plus br / zstd when their libraries are installed.
    """

    def __init__(
        self, settings: FetchSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._settings = settings
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            timeout=httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
            headers={"User-Agent": settings.agent(), "Accept": ACCEPT},
        )
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
        await self._client.aclose()

    async def get(
        self, url: str, *, validators: Validators | None = None, source: str | None = None
    ) -> Response:
        """GET ``url``: status 200 with the whole body, or 304 with none when ``validators``
        still hold. ``Response.url`` is the final URL after redirects."""
        host = _host(url, source=source)
        headers = {}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        async with self._semaphore(host):
            started = time.perf_counter()
            try:
                async with self._client.stream("GET", url, headers=headers) as answer:
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


def retry_after_seconds(value: str | None, *, date: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds, or an HTTP-date measured
    against the answer's own Date header (so no local clock is read; None without one)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    if not date:
        return None
    try:
        until = parsedate_to_datetime(text)
        now = parsedate_to_datetime(date)
        return max((until - now).total_seconds(), 0.0)
    except (TypeError, ValueError, IndexError):
        return None


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
