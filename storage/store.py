"""The archive: one SQLite file holding releases, their earlier versions and polling state."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils import Database

from scrapers.model import Item, Validators
from storage.analysis import AnalysisMixin
from storage.errors import ReleaseNotFound, StorageError
from storage.identity import canonical_url, content_hash, listing_hash
from storage.model import (
    BackfillState,
    KnownRelease,
    Origin,
    Release,
    SaveResult,
    SearchHit,
    SourceState,
)
from storage.outbox import OutboxMixin
from storage.schema import migrations
from storage.timestamps import from_text, from_text_or_none, to_text

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another connection's write to finish
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


class Store(AnalysisMixin, OutboxMixin):
    """The cyberwatch archive. Use one Store per thread; several may share a file.

    Opening: ``Store.open(path)``, ``Store(db)``, ``close()``, context manager.
    Sources: ``source_state(name)``, ``source_states()``, ``record_success(...)``,
    ``record_failure(...)``, ``record_layout(name, problem=, now=)``, ``log_fetch(...)``.
    Releases: ``lookup(item)``, ``save(item, now=, origin=)``, ``touch(id, now=)``,
    ``release(id)``, ``count_releases()``, ``releases_by_source(since=)``, ``recent(since=)``.
    Backfill: ``backfill_state(source, since=, until=)``, ``save_backfill_state(state)``.
    Search: ``search(query, limit=)``.
    Analysis (storage/analysis.py): ``file_analysis(...)``, ``events()``, ``event(id)``,
    ``event_of(release_id)``.
    Digest outbox (storage/outbox.py): ``outbox_snapshot()``, ``pending_digest(channel)``,
    ``digest_candidates(...)``, ``record_digest(...)``, ``claim_digest(...)``, ``mark_sent(...)``,
    ``digest_failed(...)``, ``pending_deliveries()`` and more.

    Every ``sqlite3`` error leaves as a ``StorageError`` naming the file.
    """

    def __init__(self, db: Database) -> None:
        """Use an open database, bringing its schema up to date."""
        self._db = db
        self._path = _filename(db)
        with self._guard("cannot prepare the archive"):
            _migrate(db)

    @classmethod
    def open(cls, path: Path) -> Self:
        """Open (creating it if needed) the archive at ``path``, in WAL mode."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"cannot create directory: {e.strerror}", path=str(path)) from e
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        try:
            db = Database(conn)
            _enable_wal(db)
            return cls(db)
        except sqlite3.Error as e:
            conn.close()
            raise StorageError(f"cannot open archive: {e}", path=str(path)) from e
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # Sources

    def source_state(self, name: str) -> SourceState:
        """What is known about polling ``name``; an empty state if it was never polled."""
        with self._guard(f"cannot read state of source {name!r}"):
            rows = self._rows("SELECT * FROM sources WHERE name = ?", [name])
        return _source_state(rows[0]) if rows else SourceState(name=name)

    def source_states(self) -> list[SourceState]:
        with self._guard("cannot read source states"):
            rows = self._rows("SELECT * FROM sources ORDER BY name")
        return [_source_state(row) for row in rows]

    def record_success(
        self,
        name: str,
        *,
        validators: Validators,
        status: int,
        items: int,
        now: datetime,
        next_check: datetime | None = None,
    ) -> None:
        """Remember a successful poll; a 304 without validators keeps the stored ones.
        ``next_check``: when the source is due again (None: at once)."""
        sql = """
            INSERT INTO sources (name, etag, last_modified, last_success, last_attempt,
                                 last_status, items_last_poll, consecutive_failures, next_check)
            VALUES (:name, :etag, :last_modified, :now, :now, :status, :items, 0, :next_check)
            ON CONFLICT (name) DO UPDATE SET
                etag = CASE WHEN :status = 304 THEN coalesce(excluded.etag, etag)
                            ELSE excluded.etag END,
                last_modified = CASE WHEN :status = 304
                                     THEN coalesce(excluded.last_modified, last_modified)
                                     ELSE excluded.last_modified END,
                last_success = excluded.last_success,
                last_attempt = excluded.last_attempt,
                last_status = excluded.last_status,
                items_last_poll = excluded.items_last_poll,
                consecutive_failures = 0,
                next_check = excluded.next_check
        """
        params = {
            "name": name,
            "etag": validators.etag,
            "last_modified": validators.last_modified,
            "now": to_text(now),
            "status": status,
            "items": items,
            "next_check": to_text(next_check) if next_check else None,
        }
        with self._guard(f"cannot record success of source {name!r}"):
            self._db.execute(sql, params)

    def record_failure(
        self,
        name: str,
        *,
        error: str,
        status: int | None,
        now: datetime,
        next_check: datetime | None = None,
    ) -> None:
        """Remember a failed poll, lengthening the source's failure streak. ``next_check``:
        when the source is tried again (None: at once)."""
        sql = """
            INSERT INTO sources (name, last_error, last_error_at, last_attempt, last_status,
                                 consecutive_failures, next_check)
            VALUES (:name, :error, :now, :now, :status, 1, :next_check)
            ON CONFLICT (name) DO UPDATE SET
                last_error = excluded.last_error,
                last_error_at = excluded.last_error_at,
                last_attempt = excluded.last_attempt,
                last_status = excluded.last_status,
                consecutive_failures = consecutive_failures + 1,
                next_check = excluded.next_check
        """
        params = {
            "name": name,
            "error": error,
            "now": to_text(now),
            "status": status,
            "next_check": to_text(next_check) if next_check else None,
        }
        with self._guard(f"cannot record failure of source {name!r}"):
            self._db.execute(sql, params)

    def record_layout(self, name: str, *, problem: str | None, now: datetime) -> int:
        """Remember whether a poll that answered found items with every selector matching
        (``problem`` None) or not (the reason); return the answered polls in a row with a
        problem (0 after a good one). The streak's first poll is kept as ``drift_since``."""
        sql = """
            INSERT INTO sources (name, empty_polls, drift_since, drift_reason)
            VALUES (:name, :bad, CASE WHEN :bad THEN :now END, :problem)
            ON CONFLICT (name) DO UPDATE SET
                empty_polls = CASE WHEN :bad THEN empty_polls + 1 ELSE 0 END,
                drift_since = CASE WHEN :bad THEN coalesce(drift_since, :now) END,
                drift_reason = :problem
        """
        params = {
            "name": name,
            "bad": int(problem is not None),
            "problem": problem,
            "now": to_text(now),
        }
        with self._guard(f"cannot record layout of source {name!r}"), self._immediate():
            self._db.execute(sql, params)
            streak: int = self._db.execute(
                "SELECT empty_polls FROM sources WHERE name = ?", [name]
            ).fetchone()[0]
        return streak

    def log_fetch(
        self,
        *,
        source: str,
        url: str,
        status: int | None,
        elapsed: float,
        size: int,
        error: str | None,
        now: datetime,
    ) -> None:
        """Append one HTTP request to the fetch log."""
        sql = """
            INSERT INTO fetch_log (source, url, at, status, elapsed, bytes, error)
            VALUES (?, ?, ?, ?, ?, ?, ?)
        """
        with self._guard("cannot log fetch"):
            self._db.execute(sql, [source, url, to_text(now), status, elapsed, size, error])

    # Releases

    def lookup(self, item: Item) -> KnownRelease | None:
        """The stored release ``item`` is, by (source, guid) or else by canonical URL."""
        with self._guard("cannot look up release"):
            row = self._match(item, canonical_url(item.url))
        return KnownRelease(id=row["id"], listing_hash=row["listing_hash"]) if row else None

    def save(self, item: Item, *, now: datetime, origin: Origin = "poll") -> SaveResult:
        """Insert ``item``, or update the release it matches (keeping its id and old text).

        An empty body never replaces a stored one: the release then counts as edited only if
        its title changed. ``origin`` is recorded for a new release only: a release first seen
        by a poll stays a polled one when a backfill meets it again.
        """
        canonical = canonical_url(item.url)
        listing = listing_hash(item)
        stamp = to_text(now)
        with self._guard(f"cannot save release {item.url}"), self._immediate():
            row = self._match(item, canonical)
            if row is None:
                return SaveResult(self._insert(item, canonical, listing, stamp, origin), "new")
            release_id: int = row["id"]
            if item.guid is not None and row["guid"] == item.guid:
                self._follow_move(release_id, item.url, canonical, row["canonical_url"])
            body = item.body or row["body"]
            digest = content_hash(item.title, body)
            if digest == row["content_hash"]:
                self._seen_again(release_id, item, listing, stamp)
                return SaveResult(release_id, "unchanged")
            self._edit(row, item, body, digest, listing, stamp)
            return SaveResult(release_id, "updated")

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

    # Backfill

    def backfill_state(
        self, source: str, *, since: date, until: date | None
    ) -> BackfillState | None:
        """The progress of the backfill of ``source`` over these dates, if one was started."""
        with self._guard(f"cannot read backfill state of source {source!r}"):
            rows = self._rows(
                "SELECT * FROM backfill_state WHERE source = ? AND since = ? AND until = ?",
                [source, since.isoformat(), until.isoformat() if until else ""],
            )
        return _backfill_state(rows[0]) if rows else None

    def save_backfill_state(self, state: BackfillState) -> None:
        """Record a backfill's progress (after each completed page), replacing the last."""
        sql = """
            INSERT OR REPLACE INTO backfill_state (source, since, until, until_used, pages_done,
                                                   next_url, started_at, updated_at, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
        params = [
            state.source,
            state.since.isoformat(),
            state.until.isoformat() if state.until else "",
            state.until_used.isoformat(),
            state.pages_done,
            state.next_url,
            to_text(state.started_at),
            to_text(state.updated_at),
            to_text(state.finished_at) if state.finished_at else None,
        ]
        with self._guard(f"cannot record backfill state of source {state.source!r}"):
            self._db.execute(sql, params)

    # Search

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

    # Internals

    def _match(self, item: Item, canonical: str) -> dict[str, Any] | None:
        if item.guid is not None:
            rows = self._rows(
                "SELECT * FROM releases WHERE source = ? AND guid = ?", [item.source, item.guid]
            )
            if rows:
                return rows[0]
        rows = self._rows("SELECT * FROM releases WHERE canonical_url = ?", [canonical])
        return rows[0] if rows else None

    def _insert(self, item: Item, canonical: str, listing: str, stamp: str, origin: Origin) -> int:
        cursor = self._db.execute(
            """
            INSERT INTO releases (source, url, canonical_url, guid, title, summary, body,
                                  published, listing_hash, content_hash, first_seen, last_seen,
                                  relevant, score, reasons, origin, original_url)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                item.source,
                item.url,
                canonical,
                item.guid,
                item.title,
                item.summary,
                item.body,
                to_text(item.published) if item.published else None,
                listing,
                content_hash(item.title, item.body),
                stamp,
                stamp,
                int(item.relevant),
                item.score,
                json.dumps(list(item.reasons), ensure_ascii=False),
                origin,
                item.original_url,
            ],
        )
        release_id = cursor.lastrowid
        assert release_id is not None  # an INSERT always sets it
        return release_id

    def _follow_move(self, release_id: int, url: str, canonical: str, stored: str) -> None:
        """The release kept its guid but moved: follow it, unless another owns the new URL."""
        if canonical == stored:
            return
        taken = self._rows("SELECT id FROM releases WHERE canonical_url = ?", [canonical])
        if not taken:
            self._db.execute(
                "UPDATE releases SET url = ?, canonical_url = ? WHERE id = ?",
                [url, canonical, release_id],
            )

    def _seen_again(self, release_id: int, item: Item, listing: str, stamp: str) -> None:
        self._db.execute(
            """
            UPDATE releases SET last_seen = ?, listing_hash = ?,
                summary = coalesce(nullif(?, ''), summary),
                published = coalesce(?, published),
                original_url = coalesce(?, original_url)
            WHERE id = ?
            """,
            [
                stamp,
                listing,
                item.summary,
                to_text(item.published) if item.published else None,
                item.original_url,
                release_id,
            ],
        )

    def _edit(
        self, row: dict[str, Any], item: Item, body: str, digest: str, listing: str, stamp: str
    ) -> None:
        self._db.execute(
            """
            INSERT INTO release_versions (release_id, replaced_at, title, body, content_hash)
            VALUES (?, ?, ?, ?, ?)
            """,
            [row["id"], stamp, row["title"], row["body"], row["content_hash"]],
        )
        # Without new text the item's relevance was judged on less: keep the stored verdict.
        judged = item.body != ""
        self._db.execute(
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
                body,
                digest,
                listing,
                item.summary,
                to_text(item.published) if item.published else None,
                item.original_url,
                stamp,
                stamp,
                int(item.relevant) if judged else row["relevant"],
                item.score if judged else row["score"],
                json.dumps(list(item.reasons), ensure_ascii=False) if judged else row["reasons"],
                row["id"],
            ],
        )

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return list(self._db.query(sql, params))

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A read-then-write transaction that takes the write lock up front.

        A deferred BEGIN could fail with SQLITE_BUSY when upgrading to a writer, whatever the
        busy timeout, if another connection wrote in between.
        """
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as e:
            raise StorageError(f"{action}: {e}", path=self._path) from e


def _migrate(db: Database) -> None:
    """Apply pending migrations, once, even when several processes open the file together."""
    migration_set = migrations()
    if not migration_set.pending(db):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        migration_set.apply(db)  # re-reads what is pending, now under the write lock
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _filename(db: Database) -> str | None:
    for _, name, filename in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return filename or None
    return None


def _enable_wal(db: Database) -> None:
    """Switch a new archive to WAL, waiting for another process doing the same.

    Changing the journal mode needs an exclusive lock and SQLite may refuse it at once, without
    the busy timeout, while another connection opening the same new file holds a lock; once that
    one has switched, the mode is already WAL and nothing is left to do.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _release(row: dict[str, Any]) -> Release:
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
        relevant=bool(row["relevant"]),
        score=row["score"],
        reasons=tuple(json.loads(row["reasons"])),
        origin=row["origin"],
        original_url=row["original_url"],
    )


def _backfill_state(row: dict[str, Any]) -> BackfillState:
    return BackfillState(
        source=row["source"],
        since=date.fromisoformat(row["since"]),
        until=date.fromisoformat(row["until"]) if row["until"] else None,
        until_used=date.fromisoformat(row["until_used"]),
        pages_done=row["pages_done"],
        next_url=row["next_url"],
        started_at=from_text(row["started_at"]),
        updated_at=from_text(row["updated_at"]),
        finished_at=from_text_or_none(row["finished_at"]),
    )


def _source_state(row: dict[str, Any]) -> SourceState:
    return SourceState(
        name=row["name"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_success=from_text_or_none(row["last_success"]),
        last_attempt=from_text_or_none(row["last_attempt"]),
        last_error=row["last_error"],
        last_error_at=from_text_or_none(row["last_error_at"]),
        last_status=row["last_status"],
        consecutive_failures=row["consecutive_failures"],
        items_last_poll=row["items_last_poll"],
        empty_polls=row["empty_polls"],
        drift_since=from_text_or_none(row["drift_since"]),
        drift_reason=row["drift_reason"],
        next_check=from_text_or_none(row["next_check"]),
    )
