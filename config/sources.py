"""Source catalogue: which publishers to poll and how to read them, declared in TOML.

    [[source]]
    name = "govuk-fcdo"      # unique and stable: it keys the source's state in the archive
    kind = "feed"            # "feed" (RSS or Atom) or "html" (a list page read with CSS selectors)
    url = "https://..."
    item = "..."             # kind = "html": CSS selectors on the list page
    title = "..."
    link = "..."
    date = "..."
    body = "..."             # optional, either kind: CSS selector of the text on the article page

Optional keys: ``publisher`` (display name), ``language`` (ISO 639-1), ``date_format`` (strptime
pattern for list-page dates), ``fetch_article`` (default true: read each new item's page),
``enabled`` (default true).

Publisher quirks:

- ``identity``: ``"guid"`` (default: a feed entry's id identifies it within the source, else its
  URL) or ``"url"`` (ignore entry ids: GOV.UK organisation feeds change them on every update).
- ``date_from_url``: a regex with named groups ``y``, ``m``, ``d`` (optional ``H``, ``M``, ``S``)
  read from the item URL when the listing gives no date (wired-gov's ``...+27022023141000?open``).
- ``article_date``: CSS selector of the date on the article page (parsed with ``date_format``
  when set), used when the listing gives no date.
- ``aggregator`` (default false): the source republishes other publishers' releases;
  ``original_link`` (aggregators only) is the CSS selector, on the aggregator's article page, of
  the link back to the original release, stored as the release's ``original_url``.

Backfill (``cyberwatch backfill``) keys, either or both: ``backfill_url``, a URL template of the
publisher's paginated list or date-range search with the fields ``{page}`` (1, 2, ...),
``{since}`` and ``{until}`` (dates; strftime specs allowed: ``{since:%Y%m%d}``); ``next_page``,
a CSS selector of the next-page link on a list page (the walk starts at ``backfill_url`` page 1,
else at ``url``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from config.errors import ConfigError
from config.toml import read_toml

KINDS = ("feed", "html")
IDENTITIES = ("guid", "url")
_BOOLEANS = ("fetch_article", "enabled", "aggregator")
_URL_DATE_GROUPS = ("y", "m", "d")
_QUIRK_SELECTORS = ("article_date", "original_link")
_HTML_SELECTORS = ("item", "title", "link")
_OPTIONAL_SELECTORS = ("date", "body", "next_page")
_BACKFILL_FIELDS = ("page", "since", "until")
_KNOWN = {
    "name",
    "kind",
    "url",
    "item",
    "title",
    "link",
    "date",
    "body",
    "publisher",
    "language",
    "date_format",
    "fetch_article",
    "enabled",
    "identity",
    "aggregator",
    "original_link",
    "date_from_url",
    "article_date",
    "backfill_url",
    "next_page",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One place cyberwatch polls."""

    name: str
    kind: str
    url: str
    item: str | None = None
    title: str | None = None
    link: str | None = None
    date: str | None = None
    body: str | None = None
    publisher: str | None = None
    language: str | None = None
    date_format: str | None = None
    fetch_article: bool = True
    enabled: bool = True
    identity: str = "guid"  # or "url": entry ids are ignored, the URL identifies the item
    aggregator: bool = False
    original_link: str | None = None  # CSS selector of the link to the original (aggregators)
    date_from_url: str | None = None  # regex, named groups y m d [H M S], read from the item URL
    article_date: str | None = None  # CSS selector of the date on the article page
    backfill_url: str | None = None
    next_page: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def can_backfill(self) -> bool:
        """Whether ``cyberwatch backfill`` can walk this source's archive."""
        return bool(self.backfill_url or self.next_page)


def render_backfill_url(template: str, *, page: int, since: date, until: date) -> str:
    """``template`` with ``{page}``, ``{since}`` and ``{until}`` (strftime specs allowed) set."""
    return template.format(page=page, since=since, until=until)


def load_sources(path: Path) -> tuple[Source, ...]:
    """Read and check a catalogue; each problem is a ConfigError naming file, source and field."""
    data = read_toml(path)
    entries = data.get("source")
    if entries is None:
        raise ConfigError("no [[source]] tables", path=path, field="source")
    if not isinstance(entries, list):
        raise ConfigError("must be an array of tables: [[source]]", path=path, field="source")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        source = _parse_source(entry, index=index, path=path)
        if source.name in seen:
            raise ConfigError("duplicate name", path=path, source=source.name, field="name")
        seen.add(source.name)
        sources.append(source)
    return tuple(sources)


def _parse_source(entry: Any, *, index: int, path: Path) -> Source:
    label = f"#{index + 1}"
    if not isinstance(entry, dict):
        raise ConfigError("must be a table", path=path, source=label)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("missing or empty", path=path, source=label, field="name")
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise ConfigError(
            f"unknown key (known: {', '.join(sorted(_KNOWN))})",
            path=path,
            source=name,
            field=unknown[0],
        )
    for key, value in entry.items():
        expected = bool if key in _BOOLEANS else str
        if not isinstance(value, expected):
            raise ConfigError(
                f"must be a {expected.__name__}, not {type(value).__name__}",
                path=path,
                source=name,
                field=key,
            )
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ConfigError(
            f"unknown kind {kind!r} (expected one of: {', '.join(KINDS)})" if kind else "missing",
            path=path,
            source=name,
            field="kind",
        )
    url = entry.get("url")
    if not url:
        raise ConfigError("missing", path=path, source=name, field="url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not an http(s) URL: {url!r}", path=path, source=name, field="url")
    if kind == "html":
        for key in _HTML_SELECTORS:
            if not entry.get(key):
                raise ConfigError(
                    "missing (required for kind = 'html')", path=path, source=name, field=key
                )
    for key in (*_HTML_SELECTORS, *_OPTIONAL_SELECTORS, *_QUIRK_SELECTORS):
        if entry.get(key):
            _check_selector(entry[key], path=path, source=name, field=key)
    _check_quirks(entry, path=path, source=name)
    if entry.get("backfill_url"):
        _check_backfill_url(entry, path=path, source=name)
    return Source(**entry)


def _check_backfill_url(entry: dict[str, Any], *, path: Path, source: str) -> None:
    template: str = entry["backfill_url"]
    problem = None
    try:
        sample = render_backfill_url(
            template, page=2, since=date(2024, 1, 31), until=date(2024, 12, 31)
        )
        parts = urlsplit(sample)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problem = f"not an http(s) URL: {template!r}"
        elif "{page" not in template and not entry.get("next_page"):
            problem = "needs {page}, or a next_page selector to find the following pages"
    except (KeyError, IndexError, ValueError) as e:
        problem = (
            f"template does not format ({type(e).__name__}: {e}); "
            f"fields: {', '.join('{' + f + '}' for f in _BACKFILL_FIELDS)}"
        )
    if problem:
        raise ConfigError(problem, path=path, source=source, field="backfill_url")


def _check_quirks(entry: dict[str, Any], *, path: Path, source: str) -> None:
    identity = entry.get("identity", "guid")
    if identity not in IDENTITIES:
        raise ConfigError(
            f"unknown identity {identity!r} (expected one of: {', '.join(IDENTITIES)})",
            path=path,
            source=source,
            field="identity",
        )
    if entry.get("original_link") and not entry.get("aggregator"):
        raise ConfigError(
            "only for aggregator = true", path=path, source=source, field="original_link"
        )
    if entry.get("fetch_article") is False:
        for key in _QUIRK_SELECTORS:
            if entry.get(key):
                raise ConfigError(
                    "is read from the article page, but fetch_article = false",
                    path=path,
                    source=source,
                    field=key,
                )
    if entry.get("date_from_url") is not None:
        _check_url_date(entry["date_from_url"], path=path, source=source)


def _check_url_date(pattern: str, *, path: Path, source: str) -> None:
    try:
        groups = re.compile(pattern).groupindex
    except re.error as e:
        raise ConfigError(
            f"regular expression does not compile: {e}",
            path=path,
            source=source,
            field="date_from_url",
        ) from e
    missing = [g for g in _URL_DATE_GROUPS if g not in groups]
    if missing:
        raise ConfigError(
            f"needs the named groups y, m and d (missing: {', '.join(missing)})",
            path=path,
            source=source,
            field="date_from_url",
        )


def _check_selector(selector: str, *, path: Path, source: str, field: str) -> None:
    try:
        LexborHTMLParser("<html></html>").css(selector)
    except SelectolaxError as e:
        raise ConfigError(
            f"CSS selector does not parse: {selector!r}", path=path, source=source, field=field
        ) from e
