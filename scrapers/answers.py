"""Reading one HTTP answer: its status as an error or a Response, its body within a cap, and
where a redirect points. Used by the fetcher (``scrapers.fetch``) for each answer it gets."""

from __future__ import annotations

import time
from urllib.parse import urljoin, urlsplit

import httpx

from scrapers.decoding import BoundedDecoder, DecodingError, OverLimitError
from scrapers.errors import BodyTooLargeError, FetchError, TransientFetchError
from scrapers.http_dates import retry_after_seconds
from scrapers.model import Response


async def read_answer(
    answer: httpx.Response, *, limit: int, url: str, source: str | None, started: float
) -> Response:
    """The answer as a Response, or the error its status means (``url``: the URL asked for)."""
    status = answer.status_code
    headers = {name.lower(): value for name, value in answer.headers.items()}
    if status == 429 or status >= 500:
        raise TransientFetchError(
            f"HTTP {status} {answer.reason_phrase}".rstrip(),
            source=source,
            url=url,
            status=status,
            retry_after=retry_after_seconds(headers.get("retry-after"), date=headers.get("date")),
        )
    if status != 304 and not 200 <= status < 300:
        raise FetchError(
            f"HTTP {status} {answer.reason_phrase}".rstrip(),
            source=source,
            url=url,
            status=status,
        )
    if status == 304:
        await answer.aread()  # no body: its end read, the connection serves the next request
        content = b""
    else:
        content = await read_body(answer, limit=limit, url=url, source=source)
    return Response(
        url=str(answer.url),
        status=status,
        headers=headers,
        content=content,
        elapsed=time.perf_counter() - started,
    )


async def read_body(answer: httpx.Response, *, limit: int, url: str, source: str | None) -> bytes:
    """The decoded body, abandoned as soon as it exceeds ``limit`` bytes."""
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(
            f"answer of {declared} bytes is over the {limit}-byte limit",
            source=source,
            url=url,
        )
    try:
        decoder = BoundedDecoder(answer.headers.get("content-encoding"), limit=limit)
        chunks = [decoder.decode(raw) async for raw in answer.aiter_raw()]
        chunks.append(decoder.flush())
    except OverLimitError as e:
        raise BodyTooLargeError(
            f"answer is over the {limit}-byte limit", source=source, url=url
        ) from e
    except DecodingError as e:
        raise FetchError(f"undecodable answer: {e}", source=source, url=url) from e
    return b"".join(chunks)


def redirect_target(url: str, location: str, *, source: str | None) -> str:
    """The absolute URL a redirect from ``url`` points to, if it is one to follow."""
    try:
        target = urljoin(url, location.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError as e:
        raise FetchError(f"redirect to an invalid URL: {e}", source=source, url=url) from e
    if scheme not in ("http", "https"):
        raise FetchError(
            f"redirect to a non-http URL refused ({scheme or 'no scheme'}:)", source=source, url=url
        )
    return target
