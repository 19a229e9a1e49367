"""Where a source may lead the fetcher: its own site, the hosts it allows, and no private network.

A feed is written by someone else, so its links and its server's redirects are untrusted: a
link to ``http://169.254.169.254/`` (a cloud's metadata service) or ``http://10.0.0.1/admin``
must not make cyberwatch request it (server-side request forgery). ``SitePolicy`` says which
URLs a source may have fetched:

- its own site: the host of its URL (and of its ``backfill_url``), ``www.`` or not, and the
  hosts of its ``allow_hosts``
  (``"www.canada.ca"``, or ``".canada.ca"`` for the domain and its subdomains);
- never a loopback, private, link-local, multicast or reserved address, named or resolved,
  unless the source's own URL is one (a fixture site on 127.0.0.1, an intranet feed).

Links it refuses are stored as links, never fetched. Pure code: resolving names is the
fetcher's (``scrapers.fetch``), which asks ``refuses_address`` of each address found.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from config import Source

LOCAL_NAMES = ("localhost", "localhost.localdomain")


@dataclass(frozen=True, slots=True)
class SitePolicy:
    """The hosts a source's pages may be fetched from, and whether private addresses may be."""

    hosts: frozenset[str]  # exact host names, without a leading "www."
    domains: tuple[str, ...] = ()  # ".example.org": that domain and its subdomains
    private_ok: bool = False

    @classmethod
    def for_url(cls, url: str, allow: tuple[str, ...] = ()) -> SitePolicy:
        """The policy of a source at ``url`` that also allows the hosts ``allow``."""
        host = (urlsplit(url).hostname or "").lower()
        return cls(
            hosts=frozenset({_bare(host), *(_bare(h) for h in allow if not h.startswith("."))}),
            domains=tuple(h for h in allow if h.startswith(".")),
            private_ok=is_private_host(host),
        )

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched for this source, or None when it may."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return "not a valid URL"
        if parts.scheme.lower() not in ("http", "https"):
            return f"not an http(s) URL ({parts.scheme or 'no scheme'}:)"
        if not host:
            return "no host"
        if not self.private_ok and is_private_host(host):
            return f"a private or local address ({host})"
        if _bare(host) in self.hosts or any(
            host == d[1:] or host.endswith(d) for d in self.domains
        ):
            return None
        return f"off the source's site ({host}; allow it with allow_hosts)"

    def refuses_address(self, address: str) -> bool:
        """Whether a host name that resolved to ``address`` may not be connected to."""
        return not self.private_ok and _is_private_ip(address)


def site_policy(source: Source) -> SitePolicy:
    """The policy of a catalogue source: the host of its ``backfill_url`` is its site too."""
    allow = source.allow_hosts
    if source.backfill_url:
        allow = (*allow, urlsplit(source.backfill_url).hostname or "")
    return SitePolicy.for_url(source.url, tuple(h for h in allow if h))


def is_private_host(host: str) -> bool:
    """Whether ``host`` names this machine or a private network by itself: an IP literal of
    such an address, ``localhost``, or a name under ``.localhost``."""
    host = host.lower().strip("[]").rstrip(".")
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    return _is_private_ip(host)


def _is_private_ip(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")
