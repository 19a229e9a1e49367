"""Stand-ins for the network in unit tests of the poll pipeline: no sockets, no files.

``FakeFetcher`` answers ``get`` from a table of URLs (a ``Response`` or a scraper error to
raise) and remembers every request; ``rss`` and ``article_page`` build the bytes a real
publisher would send, so the real parsers read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import cast

from scrapers import (
    Fetcher,
    FetchError,
    RefusedURLError,
    Response,
    ScraperError,
    SitePolicy,
    Validators,
)

FEED_URL = "https://news.example.org/feed.xml"


@dataclass(frozen=True)
class Request:
    """One call of ``FakeFetcher.get``."""

    url: str
    validators: Validators | None
    source: str | None


@dataclass(frozen=True)
class Entry:
    """One item of a fake feed, and the article page it links to."""

    slug: str
    title: str
    published: datetime
    summary: str = ""

    @property
    def url(self) -> str:
        return f"https://news.example.org/news/{self.slug}"


class FakeFetcher:
    """The async ``get`` of ``scrapers.Fetcher``, answered from ``answers`` (URL -> Response, or
    an error to raise). An unknown URL is a permanent 404, as a real server would answer."""

    def __init__(self, answers: dict[str, Response | ScraperError] | None = None) -> None:
        self.answers: dict[str, Response | ScraperError] = dict(answers or {})
        self.requests: list[Request] = []

    async def get(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        source: str | None = None,
        policy: SitePolicy | None = None,
    ) -> Response:
        """As the real one: a URL the ``policy`` refuses is never requested."""
        reason = policy.refusal(url) if policy is not None else None
        if reason is not None:
            raise RefusedURLError(f"not fetched: {reason}", source=source, url=url)
        self.requests.append(Request(url, validators, source))
        answer = self.answers.get(url)
        if answer is None:
            raise FetchError("HTTP 404", source=source, url=url, status=404)
        if isinstance(answer, ScraperError):
            raise answer
        return answer

    def urls(self) -> list[str]:
        """The requested URLs, in order."""
        return [r.url for r in self.requests]

    def as_fetcher(self) -> Fetcher:
        """This fake where the pipeline's signatures ask for a ``Fetcher``."""
        return cast(Fetcher, self)


def rss(entries: Sequence[Entry], *, etag: str | None = '"feed-v1"') -> Response:
    """A 200 answer with an RSS 2.0 feed of ``entries`` (and an ETag, unless None)."""
    items = "".join(
        f"<item><title>{escape(e.title)}</title><link>{e.url}</link><guid>{e.url}</guid>"
        f"<pubDate>{format_datetime(e.published)}</pubDate>"
        f"<description>{escape(e.summary)}</description></item>"
        for e in entries
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Example news</title><link>https://news.example.org/</link>{items}"
        "</channel></rss>"
    )
    headers = {"content-type": "application/rss+xml; charset=utf-8"}
    if etag is not None:
        headers["etag"] = etag
    return Response(url=FEED_URL, status=200, headers=headers, content=body.encode())


def not_modified(*, etag: str | None = '"feed-v1"') -> Response:
    """A 304 answer to the feed's conditional GET."""
    headers = {"etag": etag} if etag is not None else {}
    return Response(url=FEED_URL, status=304, headers=headers)


def article_page(entry: Entry, text: str) -> Response:
    """A 200 answer with ``entry``'s article page, its body being ``text``."""
    html = (
        f"<!doctype html><html><head><title>{escape(entry.title)}</title></head><body>"
        f"<nav>Home | News</nav><article><h1>{escape(entry.title)}</h1><p>{escape(text)}</p>"
        "</article></body></html>"
    )
    return Response(
        url=entry.url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        content=html.encode(),
    )
