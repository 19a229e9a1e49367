"""Properties of what the archive derives from any text: canonical URLs and the FTS5 query of
a user's search (run against the archive's real FTS5 table, in memory)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from storage import Store, canonical_url
from storage.query import fts_match

QUICK = settings(max_examples=200, deadline=None)

_HOST = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,20}", fullmatch=True)
_PATH = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
URLS = st.builds(
    lambda scheme, host, port, path, query: f"{scheme}://{host}{port}/{path}{query}",
    st.sampled_from(["http", "https", "HTTP", "HtTpS", "ftp"]),
    _HOST,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    _PATH,
    st.sampled_from(["", "?b=2&a=1", "?utm_source=x&id=3", "?a=%7e", "#frag"]),
)


@pytest.mark.slow  # over 0.3 s
@QUICK
@given(st.one_of(URLS, st.text()))
@example("http://[")  # urlsplit raises on these
@example("http://[::1")
@example("http://\u2100.com/")
@example("http://a\uff0fb/")
def test_canonical_url_never_raises_and_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@pytest.mark.slow  # over 0.3 s
@QUICK
@given(URLS)
def test_canonical_url_lowers_scheme_and_host_and_keeps_the_path(url: str) -> None:
    parts = urlsplit(canonical_url(url))
    assert parts.scheme == parts.scheme.lower()
    assert parts.scheme != "http"  # http and https are one
    assert parts.hostname is None or parts.netloc == parts.netloc.lower()
    original = urlsplit(url).path
    if re.fullmatch(r"(/[A-Za-z0-9_.~-]+)*/?", original):
        assert parts.path == original  # the path's case is the site's business


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """An empty archive in memory: the real schema's FTS5 table."""
    with Store(Database(memory=True)) as archive:
        yield archive


def _match(store: Store, query: str) -> None:
    store._rows("SELECT rowid FROM releases_fts WHERE releases_fts MATCH ?", [query])


@QUICK
@given(text=st.text(max_size=300))
def test_any_search_text_is_a_query_fts5_accepts(store: Store, text: str) -> None:
    query = fts_match(text)
    if query:  # no words: no query, and search() finds nothing without asking FTS5
        _match(store, query)
    assert store.search(text) == []  # the archive's own search, on an empty archive


OPERATORS = ['"', "*", "NEAR", "AND", "OR", "NOT", "-", "^", "(", ")", ":", "{", "}", "+", ","]


@pytest.mark.slow  # over 0.3 s
@QUICK
@given(
    pieces=st.lists(st.sampled_from([*OPERATORS, "cyber", "\x00", "\U0001f6e1", " "]), max_size=20)
)
def test_fts5_operators_in_any_order_are_taken_literally(store: Store, pieces: list[str]) -> None:
    query = fts_match("".join(pieces))
    if query:
        _match(store, query)
