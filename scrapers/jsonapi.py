"""JSON APIs (``kind = "json"``): the source's field paths pick items out of the answer.

``item`` is the dotted path of the array of items (``""`` for a top-level array); ``title``,
``link``, ``date`` and ``body`` are dotted paths inside each item, with numbers indexing
arrays (``links.0.href``). ``link_template`` builds the link from the item's fields instead,
a sandboxed Jinja template: the European Commission's press corner gives a reference
``IP/26/301`` whose page is ``.../detail/en/ip_26_301``, which
``{{ refCode | lower | replace('/', '_') }}`` writes. A title or body holding HTML is reduced
to text.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from config import Source
from scrapers.dates import parse_datetime
from scrapers.errors import NotAFeedError, ParseError
from scrapers.model import Item, Response
from scrapers.text import clean, html_to_text


def parse_json(source: Source, response: Response) -> list[Item]:
    """The items of a JSON answer, as Items of ``source``. An item without a title or a link
    is skipped; an answer that is no JSON, or has no array at ``item``, is a ParseError (an
    HTML page, such as a WAF's, a NotAFeedError)."""
    try:
        data = json.loads(response.content)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        if response.content.lstrip()[:1] == b"<":
            raise NotAFeedError(
                "expected JSON, got an HTML or XML page", source=source.name, url=response.url
            ) from e
        raise ParseError(f"not JSON ({e})", source=source.name, url=response.url) from e
    entries = field(data, source.item or "")
    if not isinstance(entries, list):
        found = type(entries).__name__ if entries is not None else "nothing"
        raise ParseError(
            f"no array of items at {source.item or 'the top level'!r} (found {found})",
            source=source.name,
            url=response.url,
        )
    template = (
        SandboxedEnvironment(autoescape=False).from_string(source.link_template)
        if source.link_template
        else None
    )
    items: list[Item] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        title = _plain(_string(field(entry, source.title or "")))
        if template is not None:
            try:
                link = template.render(**entry)
            except TemplateError as e:
                raise ParseError(
                    f"link_template does not render: {e}", source=source.name, url=response.url
                ) from e
        else:
            link = _string(field(entry, source.link or ""))
        url = _absolute(response.url, link)
        if not title or url is None:
            continue
        date = _string(field(entry, source.date)) if source.date else ""
        body = _string(field(entry, source.body)) if source.body else ""
        items.append(
            Item(
                source=source.name,
                url=url,
                title=title,
                published=parse_datetime(date, fmt=source.date_format),
                body=_plain(body),
            )
        )
    return items


def field(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` in ``data`` (numbers index arrays); None when absent."""
    value = data
    for step in path.split(".") if path else ():
        if isinstance(value, dict):
            value = value.get(step)
        elif (
            isinstance(value, list)
            and step.lstrip("-").isdigit()
            and -len(value) <= int(step) < len(value)
        ):
            value = value[int(step)]
        else:
            return None
    return value


def _plain(value: str) -> str:
    """Text, from HTML when the value holds markup (press APIs send highlighted titles)."""
    return html_to_text(value) if "<" in value else clean(value)


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _absolute(base: str, link: str) -> str | None:
    if not link.strip():
        return None
    url = urljoin(base, link.strip())
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None
