"""Data that crosses layers: what a fetch returns and what a source yields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Validators:
    """Cache validators from the last successful answer, sent back as a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """An HTTP answer that was fully read (status 200) or not modified (status 304)."""

    url: str  # final URL after redirects
    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes = b""
    elapsed: float = 0.0  # seconds

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def validators(self) -> Validators:
        return Validators(
            etag=self.headers.get("etag"), last_modified=self.headers.get("last-modified")
        )

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Item:
    """One release as a source lists it, later completed with its article text. Its verdict
    (``scrapers.analysis.Verdict``) travels apart: no scraper judges."""

    source: str
    url: str  # absolute URL of the release page
    title: str
    guid: str | None = None
    published: datetime | None = None  # timezone-aware UTC
    summary: str = ""  # plain text from the list or feed
    body: str = ""  # plain text of the release itself
    original_url: str | None = None  # an aggregator's copy: the release it copies


@dataclass(frozen=True, slots=True)
class Article:
    """What an article page yields."""

    text: str
    title: str | None = None
    published: datetime | None = None  # timezone-aware UTC
    original_url: str | None = None  # on an aggregator's page: the link to the original
