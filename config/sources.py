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
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from config.errors import ConfigError

KINDS = ("feed", "html")
_HTML_SELECTORS = ("item", "title", "link")
_OPTIONAL_SELECTORS = ("date", "body")
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

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def load_sources(path: Path) -> tuple[Source, ...]:
    """Read and check a catalogue; each problem is a ConfigError naming file, source and field."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError as e:
        raise ConfigError("source catalogue not found", path=path) from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", path=path) from e
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=path) from e
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
        expected = bool if key in ("fetch_article", "enabled") else str
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
    for key in (*_HTML_SELECTORS, *_OPTIONAL_SELECTORS):
        if entry.get(key):
            _check_selector(entry[key], path=path, source=name, field=key)
    return Source(**entry)


def _check_selector(selector: str, *, path: Path, source: str, field: str) -> None:
    try:
        LexborHTMLParser("<html></html>").css(selector)
    except SelectolaxError as e:
        raise ConfigError(
            f"CSS selector does not parse: {selector!r}", path=path, source=source, field=field
        ) from e
