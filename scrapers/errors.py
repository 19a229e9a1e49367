"""Errors raised while fetching and parsing sources.

ScraperError                  root; carries the source name and URL it is about
├── FetchError                the answer could not be had or used (permanent: 404, 410, bad URL)
│   ├── TransientFetchError   worth retrying: timeout, connection error, 429, 5xx,
│   │   │                     robots.txt unreachable
│   │   └── DeadlineError     an answer (or a source's whole poll) took longer than its deadline
│   ├── BodyTooLargeError     the answer is larger than fetch.max_body_bytes
│   ├── RefusedURLError       off the source's site, or a private address: never requested
│   └── RobotsDisallowedError the host's robots.txt disallows the URL (never requested)
└── ParseError                the answer is not what the source should give
    └── NotAFeedError         an HTML page (error page, WAF challenge) where a feed was expected
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


class ScraperError(Exception):
    """Renders as ``message: url`` so one line says what failed and where. Both may carry what
    a server said (a reason phrase, a Location), so control characters in them are shown
    escaped (``\\x1b``): an error message never drives the terminal it is printed on."""

    def __init__(self, message: str, *, source: str | None = None, url: str | None = None) -> None:
        self.message = _inert(message)
        self.source = source
        self.url = None if url is None else _inert(url)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.message}: {self.url}" if self.url else self.message


def _inert(text: str) -> str:
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class FetchError(ScraperError):
    """The resource could not be fetched; retrying now will not help."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        url: str | None = None,
        status: int | None = None,
    ) -> None:
        self.status = status
        super().__init__(message, source=source, url=url)


class TransientFetchError(FetchError):
    """The fetch failed for a reason that may pass: retry later, with backoff."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        url: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, source=source, url=url, status=status)


class DeadlineError(TransientFetchError):
    """An answer did not arrive whole in time (``[fetch] deadline``, ``first_byte``), or a
    source's whole poll ran past ``[poll] source_deadline``."""


class BodyTooLargeError(FetchError):
    """The answer exceeded the configured body size cap and was abandoned."""


class RefusedURLError(FetchError):
    """A link or redirect leads off the source's site or to a private or local address, so it
    was not requested (``scrapers.sites``)."""


class RobotsDisallowedError(FetchError):
    """The host's robots.txt disallows this URL for cyberwatch, so it was not requested."""


class ParseError(ScraperError):
    """The answer could not be read as the source's kind."""


class NotAFeedError(ParseError):
    """An HTML page came back where an RSS or Atom feed was expected."""
