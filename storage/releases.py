"""Releases in the archive: saving what sources list (new, edited or seen again) and reading
them back. Mixed into ``Store``; what a save writes is decided by ``storage.revision``."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any

from scrapers.analysis import Verdict
from scrapers.model import Item
from storage.base import StoreBase
from storage.errors import ReleaseNotFound
from storage.filing import ANALYSIS_COLUMNS, analysis_values
from storage.identity import canonical_url, content_hash, listing_hash
from storage.model import Analysed, KnownRelease, Origin, Release, SaveResult
from storage.revision import Edited, StoredText, revise
from storage.timestamps import from_text, from_text_or_none, to_text

NOT_JUDGED = Verdict()  # what an item saved without a verdict is stored with: not relevant
# The columns every new release's INSERT writes (``ANALYSIS_COLUMNS`` too when it is analysed).
_INSERTED = (
    "source",
    "url",
    "canonical_url",
    "guid",
    "title",
    "summary",
    "body",
    "published",
    "listing_hash",
    "content_hash",
    "first_seen",
    "last_seen",
    "relevant",
    "score",
    "reasons",
    "origin",
    "original_url",
)


class ReleasesMixin(StoreBase):
    """``lookup(item)``, ``save(item, verdict=, now=, origin=)``, ``touch(id, now=)``,
    ``release(id)``, ``count_releases()``, ``releases_by_source(since=)``, ``recent(since=)``."""

    def lookup(self, item: Item) -> KnownRelease | None:
        """The stored release ``item`` is, by (source, guid) or else by canonical URL."""
        with self._guard("cannot look up release"):
            row = self._match(item, canonical_url(item.url))
        return KnownRelease(id=row["id"], listing_hash=row["listing_hash"]) if row else None

    def save(
        self,
        item: Item,
        *,
        verdict: Verdict = NOT_JUDGED,
        now: datetime,
        origin: Origin = "poll",
        listing: str | None = None,
        analysed: Analysed | None = None,
    ) -> SaveResult:
        """Insert ``item`` judged ``verdict``, or update the release it matches (keeping its id
        and old text).

        An empty body never replaces a stored one: the release then counts as edited only if
        its title changed, and keeps its stored verdict. ``origin`` is recorded for a new
        release only: a release first seen by a poll stays a polled one when a backfill meets
        it again. ``listing`` is the hash of what the source listed (``listing_hash`` of the item
        before its article page completed it); by default that of ``item``. ``analysed``: the
        item's analysis, when judged already: a new release's row is inserted with it (its
        ``file_analysis`` is then told so, ``written``) rather than updated again at once.
        """
        canonical = canonical_url(item.url)
        listing = listing or listing_hash(item)
        stamp = to_text(now)
        with self._guard(f"cannot save release {item.url}"), self._immediate():
            row = self._match(item, canonical)
            if row is None:
                release_id = self._insert(
                    item, verdict, canonical, listing, stamp, origin, analysed
                )
                return SaveResult(release_id, "new")
            release_id = row["id"]
            revision = revise(_stored_text(row), item, canonical=canonical, verdict=verdict)
            if revision.moved:
                self._follow_move(release_id, item.url, canonical)
            if isinstance(revision, Edited):
                self._edit(row, item, revision, listing, stamp)
                return SaveResult(release_id, "updated")
            self._seen_again(release_id, item, listing, stamp)
            return SaveResult(release_id, "unchanged")

    def touch(self, release_id: int, *, now: datetime) -> None:
        """Note that a release is still listed, without reading its page again."""
        with self._guard(f"cannot touch release {release_id}"):
            cursor = self._db.execute(
                "UPDATE releases SET last_seen = ? WHERE id = ?", [to_text(now), release_id]
            )
        if cursor.rowcount == 0:
            raise ReleaseNotFound(release_id, path=self._path)

    def release(self, release_id: int) -> Release:
        with self._guard(f"cannot read release {release_id}"):
            rows = self._rows("SELECT * FROM releases WHERE id = ?", [release_id])
        if not rows:
            raise ReleaseNotFound(release_id, path=self._path)
        return _release(rows[0])

    def count_releases(self) -> int:
        with self._guard("cannot count releases"):
            count: int = self._db.execute("SELECT count(*) FROM releases").fetchone()[0]
        return count

    def releases_by_source(self, *, since: datetime) -> dict[str, int]:
        """How many releases each source brought in first seen at or after ``since``."""
        sql = "SELECT source, count(*) FROM releases WHERE first_seen >= ? GROUP BY source"
        with self._guard("cannot count releases by source"):
            rows = self._db.execute(sql, [to_text(since)]).fetchall()
        counts: dict[str, int] = dict(rows)
        return counts

    def recent(self, *, since: datetime, relevant_only: bool = False) -> list[Release]:
        """Releases first seen at or after ``since``, oldest first."""
        sql = "SELECT * FROM releases WHERE first_seen >= ?"
        if relevant_only:
            sql += " AND relevant = 1"
        with self._guard("cannot list recent releases"):
            rows = self._rows(f"{sql} ORDER BY first_seen, id", [to_text(since)])
        return [_release(row) for row in rows]

    def _match(self, item: Item, canonical: str) -> dict[str, Any] | None:
        if item.guid is not None:
            rows = self._rows(
                "SELECT * FROM releases WHERE source = ? AND guid = ?", [item.source, item.guid]
            )
            if rows:
                return rows[0]
        rows = self._rows("SELECT * FROM releases WHERE canonical_url = ?", [canonical])
        return rows[0] if rows else None

    def _insert(
        self,
        item: Item,
        verdict: Verdict,
        canonical: str,
        listing: str,
        stamp: str,
        origin: Origin,
        analysed: Analysed | None,
    ) -> int:
        values = [
            item.source,
            item.url,
            canonical,
            item.guid,
            item.title,
            item.summary,
            item.body,
            _published(item),
            listing,
            content_hash(item.title, item.body),
            stamp,
            stamp,
            int(verdict.relevant),
            verdict.score,
            _reasons(verdict),
            origin,
            item.original_url,
        ]
        if analysed is not None:
            values += analysis_values(analysed.analysis, analysed.fingerprint, analysed.official)
        cursor = self._db.conn.execute(_insert_sql(analysed is not None), values)
        release_id = cursor.lastrowid
        assert release_id is not None  # an INSERT always sets it
        return release_id

    def _follow_move(self, release_id: int, url: str, canonical: str) -> None:
        """The release kept its guid but moved: follow it, unless another owns the new URL."""
        taken = self._rows("SELECT id FROM releases WHERE canonical_url = ?", [canonical])
        if not taken:
            self._db.conn.execute(
                "UPDATE releases SET url = ?, canonical_url = ? WHERE id = ?",
                [url, canonical, release_id],
            )

    def _seen_again(self, release_id: int, item: Item, listing: str, stamp: str) -> None:
        self._db.conn.execute(
            """
            UPDATE releases SET last_seen = ?, listing_hash = ?,
                summary = coalesce(nullif(?, ''), summary),
                published = coalesce(?, published),
                original_url = coalesce(?, original_url)
            WHERE id = ?
            """,
            [stamp, listing, item.summary, _published(item), item.original_url, release_id],
        )

    def _edit(
        self, row: dict[str, Any], item: Item, edit: Edited, listing: str, stamp: str
    ) -> None:
        self._db.conn.execute(
            """
            INSERT INTO release_versions (release_id, replaced_at, title, body, content_hash)
            VALUES (?, ?, ?, ?, ?)
            """,
            [row["id"], stamp, row["title"], row["body"], row["content_hash"]],
        )
        self._db.conn.execute(
            """
            UPDATE releases SET title = ?, body = ?, content_hash = ?, listing_hash = ?,
                summary = coalesce(nullif(?, ''), summary),
                published = coalesce(?, published),
                original_url = coalesce(?, original_url),
                last_seen = ?, updated_at = ?,
                relevant = ?, score = ?, reasons = ?
            WHERE id = ?
            """,
            [
                item.title,
                edit.body,
                edit.content_hash,
                listing,
                item.summary,
                _published(item),
                item.original_url,
                stamp,
                stamp,
                int(edit.verdict.relevant),
                edit.verdict.score,
                _reasons(edit.verdict),
                row["id"],
            ],
        )


def _stored_text(row: dict[str, Any]) -> StoredText:
    return StoredText(
        guid=row["guid"],
        canonical_url=row["canonical_url"],
        title=row["title"],
        body=row["body"],
        content_hash=row["content_hash"],
        verdict=_verdict(row),
    )


def _verdict(row: dict[str, Any]) -> Verdict:
    return Verdict(bool(row["relevant"]), row["score"], tuple(json.loads(row["reasons"])))


def _reasons(verdict: Verdict) -> str:
    return json.dumps(list(verdict.reasons), ensure_ascii=False)


@cache
def _insert_sql(analysed: bool) -> str:
    """The INSERT of a new release, with its analysis' columns or without."""
    columns = _INSERTED + ANALYSIS_COLUMNS if analysed else _INSERTED
    return f"INSERT INTO releases ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _published(item: Item) -> str | None:
    return to_text(item.published) if item.published else None


def _release(row: dict[str, Any]) -> Release:
    verdict = _verdict(row)
    return Release(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        guid=row["guid"],
        title=row["title"],
        summary=row["summary"],
        body=row["body"],
        published=from_text_or_none(row["published"]),
        content_hash=row["content_hash"],
        first_seen=from_text(row["first_seen"]),
        last_seen=from_text(row["last_seen"]),
        updated_at=from_text_or_none(row["updated_at"]),
        relevant=verdict.relevant,
        score=verdict.score,
        reasons=verdict.reasons,
        origin=row["origin"],
        original_url=row["original_url"],
    )
