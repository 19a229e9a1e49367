"""HTML bytes to text and to a parsed tree (the one place a page is decoded and parsed), and
the absolute URL a link node points to."""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapers.model import Response
from scrapers.text import safe_url

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def html_tree(response: Response) -> LexborHTMLParser:
    """The answer's HTML, decoded (``decode_html``) and parsed."""
    return LexborHTMLParser(decode_html(response.content, response.headers.get("content-type")))


def link_url(base: str, node: LexborNode | None) -> str | None:
    """The absolute http(s) URL of ``node``'s ``href`` (or, when it is no ``<a>`` and has none,
    of the first link inside it), resolved against ``base``; None without one."""
    if node is None:
        return None
    href = node.attributes.get("href")
    if href is None and node.tag != "a":
        anchor = node.css_first("a[href]")
        href = anchor.attributes.get("href") if anchor is not None else None
    if not href or not href.strip():
        return None
    try:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return safe_url(url) if parts.scheme in ("http", "https") and parts.hostname else None


def decode_html(content: bytes, content_type: str | None) -> str:
    """HTML bytes as text: BOM, then the Content-Type charset, then ``<meta charset>``, then
    UTF-8. Undecodable bytes become U+FFFD rather than failing the page."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content.decode(encoding, errors="replace")
    declared = _charset_param(content_type or "")
    if declared is None:
        match = _CHARSET.search(content[:_SNIFF_BYTES])
        declared = match.group(1).decode("ascii") if match else None
    try:
        return content.decode(declared or "utf-8", errors="replace")
    except LookupError:  # unknown, or not a text encoding ("base64")
        return content.decode("utf-8", errors="replace")


def _charset_param(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None
