"""Reading the archive by query: full-text search (SQLite FTS5, title weighted over body) and
filtered listings, with copies folded under their original. Mixed into ``Store``.

A page of search results ranks at most the newest ``WINDOW`` matches the filters keep (highest
ids: the latest archived), so its cost is bounded however many releases match: ``bm25`` scores
each match it is asked for (a few µs each), and a common word matches a third of a large
archive. A query with no more matches than that is ranked over all of them, exactly as before;
a broader one gives the best among its newest ``WINDOW`` matches. When copies folded under
their originals leave that window short of a page (a burst of syndicated copies), the window is
widened ``WIDER`` times, up to ``WIDEST``, before every match is ranked. Asking for every hit
(``limit=None``, as ``export`` does) ranks every match.

A filter that keeps few releases of many matches would make that walk pass every match. Its
parties and topics are words of the index (``storage.facet_words``), added to the query, so FTS5
seeks to the releases that have them; a kind and years are read first from their facets
(``storage.facets``) when that costs less, and only the matches among them are joined and
ranked."""

from __future__ import annotations

import json
from typing import Any

from storage.base import StoreBase
from storage.facet_words import facet_terms
from storage.facets import KeyRange, key_ranges, worth_reading
from storage.model import MARK_END, MARK_START, Copy, SearchHit
from storage.query import EVERYTHING, RELEASE_DAY, Filters, Sort, fts_match, where
from storage.timestamps import from_text_or_none
from storage.window import Candidate, page_of

SNIPPET_TOKENS = 16
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0
FACETS_WEIGHT = 0.0  # the facet words narrow, they do not rank
_BM25 = f"bm25(releases_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, {FACETS_WEIGHT})"

_COLUMNS = """
    r.id, r.title, r.url, r.source, r.published, r.first_seen, r.content_hash, r.kind,
    r.parties, r.topics, r.copy_of, (SELECT event_id FROM event_releases WHERE release_id = r.id)
    AS event_id
"""
_TEXT_MATCHED = f"""
    SELECT r.id, r.copy_of, r.published, r.first_seen,
           {_BM25} AS rank
    FROM releases_fts JOIN releases AS r INDEXED BY releases_search ON r.id = releases_fts.rowid
    WHERE releases_fts MATCH ?
"""
_ALL_MATCHED = """
    SELECT r.id, r.copy_of, r.published, r.first_seen, 0.0 AS rank FROM releases AS r WHERE 1
"""
_ID_LIST = "(SELECT value FROM json_each(?))"  # ids given as one JSON array
_SNIPPETS = f"""
    SELECT rowid AS id,
           snippet(releases_fts, 1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}) AS snippet
    FROM releases_fts WHERE releases_fts MATCH ? AND rowid IN {_ID_LIST}
"""
_ORDER = {
    "rank": "m.rank, m.id",
    "date": f"{RELEASE_DAY.replace('r.', 'm.')} DESC, m.rank, m.id DESC",
}
CHUNK = 500  # ids per query reading the details or copies of releases
WINDOW = 1_000  # matches a page of results is ranked among: the newest the filters keep
WIDER = 8  # how much a window short of a page (copies folded away) is widened
WIDEST = 64_000  # the widest window tried before ranking every match
# The newest matches first (FTS5 walks its index by rowid, newest first, and stops): ``bm25`` is
# computed only for the rows the filters keep, up to the window.
_NEWEST_MATCHED = f"""
    SELECT r.id, r.copy_of, {RELEASE_DAY} AS day,
           {_BM25} AS rank
    FROM releases_fts JOIN releases AS r INDEXED BY releases_search ON r.id = releases_fts.rowid
    WHERE {{conditions}}
    ORDER BY releases_fts.rowid DESC LIMIT ?
"""
# The same among the releases given (a JSON array of ids, ``few`` of the matches): FTS5 still
# walks every match in their range of ids, but each is tested against the list before it is
# joined (``+``: a test, not a lookup of each id in the FTS index, which costs ``bm25`` its IDF
# pass again for every id).
_NEWEST_AMONG = f"""
    SELECT r.id, r.copy_of, {RELEASE_DAY} AS day,
           {_BM25} AS rank
    FROM releases_fts JOIN releases AS r INDEXED BY releases_search ON r.id = releases_fts.rowid
    WHERE releases_fts MATCH ? AND releases_fts.rowid BETWEEN ? AND ?
        AND +releases_fts.rowid IN {_ID_LIST} AND {{conditions}}
    ORDER BY releases_fts.rowid DESC LIMIT ?
"""
FEW = 50_000  # releases under a filter's facets few enough to be read before the text matches
_UNDER_FACETS = (
    "SELECT count(*) FROM (SELECT 1 FROM release_facets WHERE facet BETWEEN ? AND ? LIMIT ?)"
)
_UNDER_FACET = "SELECT release_id FROM release_facets WHERE facet BETWEEN ? AND ?"
_ONE_MATCHED = """
    SELECT r.id FROM releases_fts JOIN releases AS r ON r.id = releases_fts.rowid
    WHERE {conditions}
"""


class SearchMixin(StoreBase):
    """``search(text, filters=, sort=, limit=)``, ``listing(filters, sort=, limit=)``,
    ``copies_of(release_id)``."""

    def search(
        self,
        text: str,
        *,
        filters: Filters = EVERYTHING,
        sort: Sort = "rank",
        limit: int | None = 10,
    ) -> list[SearchHit]:
        """Releases matching ``text`` and ``filters``, best first (or newest with
        ``sort="date"``). Any text is safe: words must all occur, ``"a b"`` is a phrase,
        ``word*`` a prefix (see ``storage.query.fts_match``). No words: no hits.

        With a ``limit`` below ``WINDOW``, the hits are ranked among the newest ``WINDOW``
        matches the filters keep: the same hits as ranking every match when there are no more
        than that, the best of the newest ones when there are."""
        words = fts_match(text)
        if not words:
            return []
        match = " ".join(filter(None, [words, facet_terms(filters)]))
        if limit is not None and limit < WINDOW:
            ranked = self._windowed(match, filters, sort, limit)
            if ranked is not None:
                with self._guard("cannot search"):
                    return self._hits(ranked, [match], filters)
        return self._find(_TEXT_MATCHED, [match], filters, sort, limit)

    def listing(
        self, filters: Filters = EVERYTHING, *, sort: Sort = "date", limit: int | None = None
    ) -> list[SearchHit]:
        """Every release ``filters`` keeps, newest first; for exports without a text query."""
        return self._find(_ALL_MATCHED, [], filters, sort, limit)

    def _find(
        self, matched: str, params: list[Any], filters: Filters, sort: Sort, limit: int | None
    ) -> list[SearchHit]:
        """The releases ``matched`` (a SELECT of id, copy_of, dates and rank over ``releases AS
        r``) finds within ``filters``, in order: first their ids, then the details of those
        only (snippets are costly: computed for the hits shown, not for every match)."""
        conditions, filter_params = where(filters)
        matched_sql = " AND ".join([matched, *conditions])
        folded = "" if filters.all_copies else (
            "WHERE m.copy_of IS NULL OR m.copy_of NOT IN (SELECT id FROM matched)"
        )  # fmt: skip
        sql = f"""
            WITH matched AS MATERIALIZED ({matched_sql})
            SELECT m.id, m.rank FROM matched AS m {folded}
            ORDER BY {_ORDER[sort]} {"LIMIT ?" if limit is not None else ""}
        """
        args = [*params, *filter_params, *([limit] if limit is not None else [])]
        with self._guard("cannot search"):
            ranked = [(row["id"], row["rank"]) for row in self._rows(sql, args)]
            return self._hits(ranked, params, filters)

    def _windowed(
        self, match: str, filters: Filters, sort: Sort, limit: int
    ) -> list[tuple[int, float]] | None:
        """The page (ids and ranks) from the newest ``WINDOW`` matches within ``filters``,
        or from a wider window when copies folded away leave it short of a page; None when
        even ``WIDEST`` cannot fill it though older matches exist: the caller then ranks every
        match."""
        conditions, params = where(filters)
        with self._guard("cannot search"):
            under = self._under_facets(filters)
            if under is None:
                sql = _NEWEST_MATCHED.format(
                    conditions=" AND ".join(["releases_fts MATCH ?", *conditions])
                )
                args = [match, *params]
            elif under:
                sql = _NEWEST_AMONG.format(conditions=" AND ".join(["1", *conditions]))
                args = [match, min(under), max(under), json.dumps(under), *params]
            else:
                return []
            known: dict[int, bool] = {}  # originals asked about, kept as the window widens

            def matches(release_id: int) -> bool:
                if release_id not in known:
                    known[release_id] = self._matches(match, filters, release_id)
                return known[release_id]

            window = WINDOW
            while True:
                rows = self._conn.execute(sql, [*args, window + 1]).fetchall()
                page = page_of(
                    [Candidate(*row) for row in rows],  # id, copy_of, day, rank
                    window=window,
                    sort=sort,
                    limit=limit,
                    fold=not filters.all_copies,
                    matches=matches,
                )
                if page is not None or window >= WIDEST:
                    return page
                window = min(window * WIDER, WIDEST)

    def _under_facets(self, filters: Filters) -> list[int] | None:
        """The releases under every facet of ``filters`` that holds at most ``FEW`` releases
        (``storage.facets``): a superset of those the filters keep. None when no filter has
        such a facet, or when reading them would cost more than the walk they save."""
        counts: list[tuple[int, KeyRange]] = []
        for keys in key_ranges(filters):
            (count,) = self._conn.execute(_UNDER_FACETS, [*keys, FEW + 1]).fetchone()
            if count == 0:
                return []
            counts.append((count, keys))
        few = sorted((count, keys) for count, keys in counts if count <= FEW)
        if not few:
            return None
        (total,) = self._conn.execute("SELECT coalesce(max(id), 0) FROM releases").fetchone()
        every, read = [count for count, _ in counts], [count for count, _ in few]
        if not worth_reading(every, read, total, window=WINDOW):
            return None
        (_, fewest), *others = few
        sql = _UNDER_FACET + "".join(f" AND release_id IN ({_UNDER_FACET})" for _ in others)
        args = [*fewest, *(key for _, keys in others for key in keys)]
        return [row[0] for row in self._conn.execute(sql, args)]

    def _matches(self, match: str, filters: Filters, release_id: int) -> bool:
        """Whether release ``release_id`` matches ``match`` within ``filters``."""
        conditions, params = where(filters)
        sql = _ONE_MATCHED.format(
            conditions=" AND ".join(["releases_fts MATCH ?", "releases_fts.rowid = ?", *conditions])
        )
        return bool(self._rows(sql, [match, release_id, *params]))

    def _hits(
        self, ranked: list[tuple[int, float]], params: list[Any], filters: Filters
    ) -> list[SearchHit]:
        """The hits of ``ranked`` (ids and ranks, in order): their details, snippets (the
        first of ``params`` is the FTS query, if any) and copies."""
        ids = [release_id for release_id, _ in ranked]
        rows = self._details(ids)
        snippets = self._snippets(params[0], ids) if params else {}
        copies = {} if filters.all_copies else self._copies_of(ids)
        return [
            _hit(rows[i], rank, snippets.get(i, ""), copies.get(i, ()))
            for i, rank in ranked
            if i in rows  # not if removed since it was ranked
        ]

    def _details(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        sql = f"SELECT {_COLUMNS} FROM releases AS r WHERE r.id IN {_ID_LIST}"
        for start in range(0, len(ids), CHUNK):
            chunk = json.dumps(ids[start : start + CHUNK])
            found.update((row["id"], row) for row in self._rows(sql, [chunk]))
        return found

    def _snippets(self, match: str, ids: list[int]) -> dict[int, str]:
        rows = self._rows(_SNIPPETS, [match, json.dumps(ids)])
        return {row["id"]: row["snippet"] or "" for row in rows}

    def copies_of(self, release_id: int) -> tuple[Copy, ...]:
        """The copies of a release other sites published, oldest first."""
        with self._guard(f"cannot read the copies of release {release_id}"):
            return self._copies_of([release_id]).get(release_id, ())

    def _copies_of(self, ids: list[int]) -> dict[int, tuple[Copy, ...]]:
        """The copies of each release of ``ids`` that has any, oldest first."""
        if not ids:
            return {}
        found: dict[int, list[Copy]] = {}
        sql = (
            "SELECT id, copy_of, source, url FROM releases "
            f"WHERE copy_of IN {_ID_LIST} ORDER BY first_seen, id"
        )
        for start in range(0, len(ids), CHUNK):
            for row in self._rows(sql, [json.dumps(ids[start : start + CHUNK])]):
                found.setdefault(row["copy_of"], []).append(
                    Copy(row["id"], row["source"], row["url"])
                )
        return {original: tuple(copies) for original, copies in found.items()}


def _hit(row: dict[str, Any], rank: float, snippet: str, copies: tuple[Copy, ...]) -> SearchHit:
    return SearchHit(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        published=from_text_or_none(row["published"]),
        snippet=snippet,
        rank=rank,
        first_seen=from_text_or_none(row["first_seen"]),
        content_hash=row["content_hash"],
        kind=row["kind"],
        parties=tuple(json.loads(row["parties"])),
        topics=tuple(json.loads(row["topics"])),
        copy_of=row["copy_of"],
        event_id=row["event_id"],
        copies=copies,
    )
