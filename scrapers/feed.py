"""RSS and Atom feeds read with feedparser: bytes and response headers in, Items out."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from config import Source
from scrapers.dates import date_from_url, from_struct_time
from scrapers.errors import NotAFeedError, ParseError
from scrapers.model import Item, Response
from scrapers.text import clean, html_to_text, safe_url

# An HTML root element after an optional BOM, XML declaration, comments and doctype.
_HTML_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_SNIFF_BYTES = 4096
_MARKUP = re.compile(r"<(?:[a-z][a-z0-9]*|!--)[\s>/]", re.IGNORECASE)  # an HTML tag or comment


def parse_feed(source: Source, response: Response) -> list[Item]:
    """The entries of an RSS or Atom feed, as Items of ``source``.

    Raises NotAFeedError for an HTML page (an error page or a WAF challenge answered with 200)
    and ParseError when the answer is no feed at all. Encoding problems feedparser recovers
    from are accepted when entries were read.
    """
    headers = {**response.headers, "content-location": response.url}
    # A stream, never bytes or str: feedparser would treat those as a path or URL to open.
    parsed = feedparser.parse(io.BytesIO(response.content), response_headers=headers)
    if _looks_like_html(response) and not parsed.get("version"):
        raise NotAFeedError(
            "expected a feed, got an HTML page", source=source.name, url=response.url
        )
    if not parsed.get("version") and not parsed.entries:
        cause = parsed.get("bozo_exception")
        detail = f" ({cause})" if cause else ""
        raise ParseError(f"not an RSS or Atom feed{detail}", source=source.name, url=response.url)
    items: list[Item] = []
    for entry in parsed.entries:
        item = _item(source, response.url, entry)
        if item is not None:
            items.append(item)
    return items


def _looks_like_html(response: Response) -> bool:
    head = response.content[:_SNIFF_BYTES]
    if _HTML_ROOT.match(head):
        return True
    return response.content_type == "text/html" and b"<html" in head.lower()


def _item(source: Source, base: str, entry: Any) -> Item | None:
    entry_id = _str(entry.get("id")) or None
    url = _absolute(base, _str(entry.get("link"))) or _absolute(base, entry_id or "")
    if url is None:
        return None
    # identity = "url": the entry id is not stable (GOV.UK organisation feeds append the
    # update time to it), so the URL alone identifies the item.
    guid = entry_id if source.identity == "guid" else None
    body = ""
    contents = entry.get("content") or []
    if contents:
        body = _text(contents[0])
    summary = _text(entry.get("summary_detail") or {"value": entry.get("summary")})
    if summary == body:
        summary = ""  # feedparser copies content:encoded into summary when there is none
    published = from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
    if published is None and source.date_from_url:
        published = date_from_url(url, source.date_from_url)
    title = _title(entry.get("title_detail") or {"value": entry.get("title")})
    return Item(
        source=source.name,
        url=url,
        title=_without_category_prefix(title, entry),
        guid=guid,
        published=published,
        summary=summary,
        body=body,
    )


def _without_category_prefix(title: str, entry: Any) -> str:
    """The title without a leading ``"<category>: "``: GOV.UK organisation feeds write
    ``Press release: <title>`` and carry ``<category label="Press release"/>``."""
    for tag in entry.get("tags") or []:
        for name in (_str(tag.get("label")), _str(tag.get("term"))):
            prefix = f"{name}: "
            if name and title.startswith(prefix) and len(title) > len(prefix):
                return title.removeprefix(prefix).strip()
    return title


def _absolute(base: str, link: str) -> str | None:
    """``link`` resolved against ``base``; None unless that gives an http(s) URL with a host."""
    if not link.strip():
        return None
    try:
        url = urljoin(base, link.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return safe_url(url)


def _title(detail: Any) -> str:
    """A title as plain text: RSS titles are text, but markup in one (escaped or not) is read
    as HTML, so ``<script>alert(1)</script>Talks`` is ``Talks`` and never a live script."""
    value = _str(detail.get("value"))
    if _MARKUP.search(value):
        return clean(html_to_text(value))
    return clean(_text(detail))


def _text(detail: Any) -> str:
    """Plain text of a feedparser text construct (a dict with ``value`` and maybe ``type``)."""
    value = _str(detail.get("value"))
    if "html" in _str(detail.get("type")):
        return html_to_text(value)
    return clean(value)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
