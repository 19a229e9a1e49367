"""How the archive recognises a release: its canonical URL and two hashes.

Pure functions: ``canonical_url`` makes one key of the many spellings of a release's address,
``listing_hash`` changes when what the source *lists* changes (so the pipeline knows when to
fetch the article page again), ``content_hash`` changes when the release's text is edited.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from scrapers.model import Item

_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "_ga", "ocid", "cmpid"})
_DEFAULT_PORTS = frozenset({80, 443})
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_SLASHES = re.compile(r"/{2,}")
# Characters left as they are in a path: RFC 3986 sub-delims, ":", "@", "/" and "%" (escapes).
_PATH_SAFE = "/:@!$&'()*+,;=%"
# URLs whose canonical form is kept: a new release's is asked for three times between its
# lookup and its save (about 20 µs each), with a poll's other sources' items in between.
CANONICAL_CACHED = 4096


@lru_cache(maxsize=CANONICAL_CACHED)
def canonical_url(url: str) -> str:
    """One spelling of a URL, so that links to the same release compare equal.

    http and https count as the same (the canonical form is https; ``http://host:443/`` is
    https, a quirk of some sites); scheme and host are lower-cased, default ports, the fragment,
    tracking and empty query parameters are dropped, the rest sorted by name; duplicate slashes
    in the path collapse; percent-escapes are upper-cased and unreserved characters decoded.
    A trailing slash is kept: sites differ on whether it matters. Idempotent; never raises.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[" (a broken IPv6 host), a host NFKC would change: as given
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    netloc = _netloc(parts.netloc, web=scheme == "https")
    path = _normalise_escapes(_SLASHES.sub("/", parts.path), safe=_PATH_SAFE)
    if not path and netloc:
        path = "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def listing_hash(item: Item) -> str:
    """Hash of what a source's list or feed says about an item (not the article text)."""
    published = item.published.isoformat() if item.published else None
    fields = [canonical_url(item.url), item.guid, _squash(item.title), _squash(item.summary)]
    return _sha256(json.dumps([*fields, published], ensure_ascii=False))


def content_hash(title: str, body: str) -> str:
    """Hash of a release's text, blind to case and whitespace changes."""
    return _sha256(f"{_squash(title).casefold()}\n{_squash(body).casefold()}")


def _netloc(netloc: str, *, web: bool) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if hostport.startswith("["):  # IPv6 literal
        end = hostport.find("]") + 1
        host, port = hostport[:end], hostport[end:].removeprefix(":")
    elif ":" in hostport:
        host, _, port = hostport.partition(":")
    if web and port.isdigit() and int(port) in _DEFAULT_PORTS:
        port = ""
    return f"{userinfo}{at}{host.lower()}{':' + port if port else ''}"


def _query(query: str) -> str:
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if value and not _is_tracking(name)
    ]
    pairs.sort(key=lambda pair: pair[0])  # stable: repeated names keep their order
    return urlencode(pairs, quote_via=quote, safe="/:@,")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in _TRACKING


def _normalise_escapes(text: str, *, safe: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return quote(_ESCAPE.sub(fix, text), safe=safe)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
