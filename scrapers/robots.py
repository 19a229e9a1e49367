"""What a host's robots.txt allows cyberwatch, read as RFC 9309 says (with protego).

The rules of the group for the product token ``cyberwatch``, else of ``User-agent: *``, with
``*`` and ``$`` in paths (``Disallow: /*/print$`` blocks ``/x/print`` only). What happens when
the file cannot be had (RFC 9309 section 2.3.1):

- 2xx: its rules; ``Crawl-delay`` (not in the RFC, but widely used) becomes the host's least
  interval between requests;
- 4xx other than 429 ("unavailable"), too many redirects, a file over the body cap: no rules,
  everything is allowed;
- 5xx, 429, a timeout or a connection error ("unreachable"): everything is disallowed, as the
  RFC requires; cyberwatch reports it as a transient failure of every URL on that host, so the
  poll is retried later instead of crawling a host that may be refusing crawlers.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

AGENT_TOKEN = "cyberwatch"
"""The product token robots.txt groups are matched against (``User-agent: cyberwatch``)."""


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """One origin's robots.txt as it applies to cyberwatch."""

    rules: Protego | None = None  # None: no rules, everything allowed
    unreachable: str | None = None  # why the file could not be read; everything disallowed

    @classmethod
    def parse(cls, content: bytes) -> RobotsRules:
        return cls(rules=Protego.parse(content.decode("utf-8", errors="replace")))

    def allows(self, url: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.rules is None or self.rules.can_fetch(url, AGENT_TOKEN)

    @property
    def crawl_delay(self) -> float | None:
        """Seconds between requests the file asks of cyberwatch, if any."""
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(AGENT_TOKEN)
        return float(delay) if delay is not None else None


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``: a robots.txt applies to exactly one origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2].lower()}"


def robots_url(url: str) -> str:
    return f"{origin(url)}/robots.txt"
