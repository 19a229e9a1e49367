"""Full-text search of the releases (SQLite FTS5, title weighted over body). Mixed into
``Store``."""

from __future__ import annotations

from storage.base import StoreBase
from storage.model import SearchHit
from storage.timestamps import from_text_or_none

SNIPPET_TOKENS = 16
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0

_SEARCH_SQL = f"""
    SELECT r.id, r.title, r.url, r.source, r.published,
           snippet(releases_fts, 1, '[', ']', '…', {SNIPPET_TOKENS}) AS snippet,
           bm25(releases_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank
    FROM releases_fts JOIN releases AS r ON r.id = releases_fts.rowid
    WHERE releases_fts MATCH ?
    ORDER BY rank, r.id
    LIMIT ?
"""


class SearchMixin(StoreBase):
    """``search(query, limit=)``."""

    def search(self, query: str, *, limit: int = 10) -> list[SearchHit]:
        """Releases matching the words of ``query`` (any text; no search syntax), best first."""
        match = self._db.quote_fts(query)
        if not match.strip():
            return []
        with self._guard("cannot search"):
            rows = self._rows(_SEARCH_SQL, [match, limit])
        return [
            SearchHit(
                id=row["id"],
                title=row["title"],
                url=row["url"],
                source=row["source"],
                published=from_text_or_none(row["published"]),
                snippet=row["snippet"] or "",
                rank=row["rank"],
            )
            for row in rows
        ]
