"""Source catalogue: which publishers to poll and how to read them, declared in TOML.

    [[source]]
    name = "govuk-fcdo"      # unique and stable: it keys the source's state in the archive
    kind = "feed"            # "feed" (RSS or Atom), "html" (a list page read with CSS selectors),
                             # "sitemap" (an XML sitemap) or "json" (a JSON API)
    url = "https://..."
    item = "..."             # kind = "html": CSS selectors on the list page
    title = "..."
    link = "..."
    date = "..."
    body = "..."             # optional, either kind: CSS selector of the text on the article page

Optional keys: ``publisher`` (display name), ``language`` (ISO 639-1), ``date_format`` (strptime
pattern for list-page dates), ``fetch_article`` (default true: read each new item's page),
``enabled`` (default true), ``allow_hosts`` (hosts besides the source's own whose pages are
read: article links and redirects elsewhere are stored as links, never fetched), ``evidence``
(what the configuration rests on: one of EVIDENCE) and ``disabled_reason`` (why a source
ships with ``enabled = false``).

Other kinds:

- ``kind = "sitemap"``: the ``<loc>`` of each ``<url>`` is an item, newest ``<lastmod>`` first;
  ``<lastmod>`` is a modification time, never taken as the publication date. The title and date
  come from each article page (``article_date``), so ``fetch_article`` must stay true.
- ``kind = "json"``: ``item`` is the dotted field path of the array of items in the answer
  (``""`` for a top-level array), ``title``, ``link``, ``date`` and ``body`` are field paths in
  each item (``docutype.code``, ``links.0.href``); ``link_template`` builds the link from the
  item's fields instead, a Jinja template (``.../detail/en/{{ refCode | lower }}``).
- ``url_filter`` (any kind): a regex searched in each item's URL; the items it does not match
  are dropped (a sitemap's other pages, the meetings in the EU Council's press feed).

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

import dataclasses
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic_core import ErrorDetails, PydanticCustomError

from config.errors import ConfigError
from config.toml import read_toml

KINDS = ("feed", "html", "sitemap", "json")
EVIDENCE = (
    "real-capture",  # a saved copy of the real feed or page
    "publisher-code",  # the publisher's own rendering code
    "several-scrapers",  # several independent third-party scrapers or users agree
    "text-rendering",  # a text rendering of a real page: wording and dates, not markup
    "single-claim",  # one third party's scraper or notes, unconfirmed
    "unverified",  # a URL only seen in config lists, conflicting or reported broken
)
IDENTITIES = ("guid", "url")
_URL_DATE_GROUPS = ("y", "m", "d")
_QUIRK_SELECTORS = ("article_date", "original_link")  # read from the article page
_HTML_SELECTORS = ("item", "title", "link")
_FIELD_KEYS = (*_HTML_SELECTORS, "date", "body")  # field paths for kind = "json"
_SELECTORS = (*_FIELD_KEYS, "next_page", *_QUIRK_SELECTORS)
_BACKFILL_FIELDS = ("page", "since", "until")
_HOST = re.compile(r"\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


@dataclass(frozen=True, slots=True, config=ConfigDict(strict=True, extra="forbid"))
class Source:
    """One place cyberwatch polls, checked when it is made (a pydantic dataclass: a bad value
    raises ``pydantic.ValidationError``; ``load_sources`` words it as a ConfigError)."""

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
    # Hosts besides the source's own whose article pages and redirects are followed: a name
    # ("www.canada.ca") or a domain and its subdomains (".canada.ca").
    allow_hosts: tuple[str, ...] = ()
    url_filter: str | None = None  # regex: keep only the items whose URL it matches
    exclude_selectors: tuple[str, ...] = ()  # CSS selectors of page chrome left out of the text
    link_template: str | None = None  # kind = "json": Jinja template of the link
    evidence: str | None = None  # one of EVIDENCE
    disabled_reason: str | None = None  # why enabled = false

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def can_backfill(self) -> bool:
        """Whether ``cyberwatch backfill`` can walk this source's archive."""
        return bool(self.backfill_url or self.next_page)

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("missing or empty")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            expected = ", ".join(KINDS)
            raise ValueError(
                f"unknown kind {value!r} (expected one of: {expected})" if value else "missing"
            )
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value:
            raise ValueError("missing")
        if not _is_http(value):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value

    @field_validator(*_SELECTORS)
    @classmethod
    def _selector_parses(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and not (info.data.get("kind") == "json" and info.field_name in _FIELD_KEYS):
            _selector(value)
        return value

    @field_validator("exclude_selectors", mode="before")
    @classmethod
    def _exclusions_parse(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            value = tuple(_selector(v) for v in value)
        return value

    @field_validator("allow_hosts", mode="before")
    @classmethod
    def _host_names(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple) or not all(isinstance(h, str) for h in value):
            return value  # the type check words the error
        hosts = tuple(host.strip().lower() for host in value)
        for host in hosts:
            if not _HOST.fullmatch(host):
                raise ValueError(f"not a host name: {host!r} (e.g. 'www.canada.ca', '.canada.ca')")
        return hosts

    @field_validator("evidence")
    @classmethod
    def _known_evidence(cls, value: str | None) -> str | None:
        if value is not None and value not in EVIDENCE:
            raise ValueError(f"unknown evidence {value!r} (expected one of: {', '.join(EVIDENCE)})")
        return value

    @field_validator("link_template")
    @classmethod
    def _template_parses(cls, value: str | None) -> str | None:
        if value is not None:
            from jinja2 import TemplateSyntaxError  # only when a source has a template
            from jinja2.sandbox import SandboxedEnvironment

            try:
                SandboxedEnvironment().parse(value)
            except TemplateSyntaxError as e:
                raise ValueError(f"template does not parse: {e}") from e
        return value

    @field_validator("identity")
    @classmethod
    def _known_identity(cls, value: str) -> str:
        if value not in IDENTITIES:
            expected = ", ".join(IDENTITIES)
            raise ValueError(f"unknown identity {value!r} (expected one of: {expected})")
        return value

    @field_validator("url_filter")
    @classmethod
    def _url_filter_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as e:
                raise ValueError(f"regular expression does not compile: {e}") from e
        return value

    @field_validator("date_from_url")
    @classmethod
    def _url_date_pattern(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            groups = re.compile(value).groupindex
        except re.error as e:
            raise ValueError(f"regular expression does not compile: {e}") from e
        missing = [g for g in _URL_DATE_GROUPS if g not in groups]
        if missing:
            raise ValueError(f"needs the named groups y, m and d (missing: {', '.join(missing)})")
        return value

    @field_validator("backfill_url")
    @classmethod
    def _backfill_template(cls, value: str | None) -> str | None:
        if not value:
            return value
        try:
            sample = render_backfill_url(
                value, page=2, since=date(2024, 1, 31), until=date(2024, 12, 31)
            )
        except (KeyError, IndexError, ValueError) as e:
            fields = ", ".join("{" + f + "}" for f in _BACKFILL_FIELDS)
            raise ValueError(
                f"template does not format ({type(e).__name__}: {e}); fields: {fields}"
            ) from e
        if not _is_http(sample):
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Source:
        """The rules between keys; each broken one names its key."""
        if self.kind == "html":
            for key in _HTML_SELECTORS:
                if not getattr(self, key):
                    raise _key_error(key, "missing (required for kind = 'html')")
        if self.kind == "json":
            if self.item is None or not self.title:
                key = "item" if self.item is None else "title"
                raise _key_error(key, "missing (required for kind = 'json')")
            if not (self.link or self.link_template):
                raise _key_error("link", "missing: kind = 'json' needs link or link_template")
        elif self.link_template:
            raise _key_error("link_template", "only for kind = 'json'")
        if self.kind == "sitemap" and not self.fetch_article:
            raise _key_error(
                "fetch_article", "must be true for kind = 'sitemap': titles are on the pages"
            )
        if self.disabled_reason and self.enabled:
            raise _key_error("disabled_reason", "only for enabled = false")
        if self.original_link and not self.aggregator:
            raise _key_error("original_link", "only for aggregator = true")
        if not self.fetch_article:
            for key in _QUIRK_SELECTORS:
                if getattr(self, key):
                    raise _key_error(
                        key, "is read from the article page, but fetch_article = false"
                    )
        if self.backfill_url and "{page" not in self.backfill_url and not self.next_page:
            raise _key_error(
                "backfill_url", "needs {page}, or a next_page selector to find the following pages"
            )
        return self


_KEYS = tuple(f.name for f in dataclasses.fields(Source))


def _selector(value: str) -> str:
    if not _parses(value):
        raise ValueError(f"CSS selector does not parse: {value!r}")
    return value


@cache
def _parses(selector: str) -> bool:
    """Whether selectolax parses ``selector``; asked once a selector, as catalogues repeat
    theirs (1,000 sources sharing one: their load took 0.19 s, 63 ms of it here; now 0.1)."""
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError  # only for a selector

    try:
        LexborHTMLParser("<html></html>").css(selector)
    except SelectolaxError:
        return False
    return True


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
    """One ``[[source]]`` table as a Source; it is named by its position until it has a name."""
    if not isinstance(entry, dict):
        raise ConfigError("must be a table", path=path, source=f"#{index + 1}")
    name = entry.get("name")
    label = name if isinstance(name, str) and name.strip() else f"#{index + 1}"
    try:
        return Source(**entry)
    except ValidationError as e:
        # An unknown key first: a misspelt "titel" is the cause of a missing "title".
        first = min(e.errors(), key=lambda error: error["type"] != "unexpected_keyword_argument")
        message, field = _worded(first)
        raise ConfigError(message, path=path, source=label, field=field) from e


def _worded(error: ErrorDetails) -> tuple[str, str | None]:
    """Pydantic's complaint in the catalogue's words, and the key it is about."""
    context = error.get("ctx") or {}
    field = str(error["loc"][0]) if error["loc"] else context.get("field")
    match error["type"]:
        case "missing":
            return ("missing or empty" if field == "name" else "missing"), field
        case "unexpected_keyword_argument":
            return f"unknown key (known: {', '.join(sorted(_KEYS))})", field
        case "string_type" | "bool_type" as kind:
            expected = "bool" if kind == "bool_type" else "str"
            return f"must be a {expected}, not {type(error['input']).__name__}", field
        case "value_error":
            return str(context["error"]), field
    return error["msg"], field


def _key_error(key: str, message: str) -> PydanticCustomError:
    return PydanticCustomError("source_key", "{message}", {"field": key, "message": message})


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
