"""The archive: one SQLite file holding releases, their earlier versions and polling state."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import Self

from sqlite_utils import Database

from storage.backfill import BackfillMixin
from storage.errors import StorageError
from storage.events import EventsMixin
from storage.filing import FilingMixin
from storage.outbox import OutboxMixin
from storage.releases import ReleasesMixin
from storage.schema import migrations
from storage.search import SearchMixin
from storage.sources import SourcesMixin
from storage.versions import VersionsMixin

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another connection's write to finish
# Bytes per page of a new archive (an existing one keeps its own). A release's row is often a few
# kilobytes: on SQLite's default 4 KiB pages one of 2.1 KiB left half of its page empty.
PAGE_SIZE = 16384


class Store(
    SourcesMixin,
    ReleasesMixin,
    BackfillMixin,
    SearchMixin,
    FilingMixin,
    EventsMixin,
    OutboxMixin,
    VersionsMixin,
):
    """The cyberwatch archive. Use one Store per thread; several may share a file.

    Opening: ``Store.open(path)``, ``Store(db)``, ``close()``, context manager. Each concept
    is a mixin in its own module:

    - sources.py: ``source_state(name)``, ``source_states()``, ``record_success(...)``,
      ``record_failure(...)``, ``record_layout(name, problem=, now=)``, ``log_fetch(...)``;
    - releases.py: ``lookup(item)``, ``save(item, verdict=, now=, origin=)``,
      ``touch(id, now=)``, ``release(id)``, ``count_releases()``, ``releases_by_source(since=)``,
      ``recent(since=)``;
    - backfill.py: ``backfill_state(source, since=, until=)``, ``save_backfill_state(state)``;
    - search.py: ``search(text, filters=, sort=, limit=)``, ``listing(filters, sort=, limit=)``;
    - versions.py: ``versions(release_id)``, ``release_id_of(url)``;
    - filing.py: ``file_analysis(...)``; events.py: ``events()``, ``event(id)``,
      ``event_of(release_id)``;
    - outbox.py (the digest outbox): ``outbox_snapshot()``, ``pending_digest(channel)``,
      ``digest_candidates(...)``, ``record_digest(...)``, ``claim_digest(...)``,
      ``mark_sent(...)``, ``digest_failed(...)``, ``pending_deliveries()`` and more.

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
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # no effect once the file has tables
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
