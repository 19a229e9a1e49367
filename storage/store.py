"""The archive: one SQLite file holding releases, their earlier versions and polling state."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from storage.backfill import BackfillMixin
from storage.errors import StorageError
from storage.events import EventsMixin
from storage.filing import FilingMixin
from storage.outbox import OutboxMixin
from storage.releases import ReleasesMixin
from storage.schema import MIGRATION_SET, MIGRATIONS_TABLE, migrations, step_names
from storage.search import SearchMixin
from storage.sources import SourcesMixin
from storage.versions import VersionsMixin

if TYPE_CHECKING:  # imported on first write or migration: a reading command needs only sqlite3
    from sqlite_utils import Database

BUSY_TIMEOUT = 30.0  # seconds a writer waits for another connection's write to finish
# Bytes per page of a new archive (an existing one keeps its own). A release's row is often a few
# kilobytes: on SQLite's default 4 KiB pages one of 2.1 KiB left half of its page empty.
PAGE_SIZE = 16384
# Per connection, neither changing what a commit makes durable (synchronous stays FULL):
# - the page cache, ``CACHE_MIB`` unless the opener asks for another size, instead of SQLite's
#   2 MB (allocated as pages are read, so a small archive takes little): an import of 500
#   releases a transaction touches more pages than 2 MB hold (the bands' and indexes' leaves),
#   and each one evicted was read again from the file; a poll, a source's releases a
#   transaction, asks for less (``flows.core.runtime``);
# - savepoints' journals in memory, not in a temporary file: each write inside a batch is a
#   savepoint, which keeps the original of every page it changes (one release: a few dozen
#   pages) until released; they serve only to roll back that savepoint, never a crash.
CACHE_MIB = 64
PRAGMAS = ("temp_store = MEMORY",)


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

    Every ``sqlite3`` error leaves as a ``StorageError`` naming the file. Reading needs only
    ``sqlite3``: sqlite-utils is imported on the first write, or to bring the schema up to date.
    """

    def __init__(self, db: Database | sqlite3.Connection) -> None:
        """Use an open database (sqlite-utils' or a plain connection), bringing its schema up to
        date."""
        if isinstance(db, sqlite3.Connection):
            self._conn, self._database = db, None
        else:
            self._conn, self._database = db.conn, db
        self._path = _filename(self._conn)
        with self._guard("cannot prepare the archive"):
            if _pending(self._conn):
                _migrate(self._db)

    @classmethod
    def open(cls, path: Path, *, cache_mib: int = CACHE_MIB) -> Self:
        """Open (creating it if needed) the archive at ``path``, in WAL mode, with a page cache
        of up to ``cache_mib`` MiB."""
        if path.is_dir():
            raise StorageError(NOT_A_FILE, path=str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(
                f"cannot create its directory ({e.strerror}): check the --db path", path=str(path)
            ) from e
        try:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
        except sqlite3.Error as e:
            raise StorageError(unusable(e), path=str(path)) from e
        try:
            _refuse_foreign(conn, path)
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # no effect once the file has tables
            _enable_wal(conn)
            conn.execute(f"PRAGMA cache_size = -{cache_mib * 1024}")  # negative: KiB
            for pragma in PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            return cls(conn)
        except sqlite3.Error as e:
            conn.close()
            raise StorageError(unusable(e), path=str(path)) from e
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _pending(conn: sqlite3.Connection) -> bool:
    """Whether a migration is still to be applied, read without sqlite-utils."""
    return not set(step_names()) <= set(_applied(conn))


def _applied(conn: sqlite3.Connection) -> list[str]:
    """The migrations recorded in the file, in the order they were applied."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone():
        return []
    sql = f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid"
    return [name for (name,) in conn.execute(sql, [MIGRATION_SET])]


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


NOT_A_FILE = "is a directory, not an archive: give --db the path of a file"
NEWER = (
    "was written by a newer cyberwatch (schema step {step} is unknown to this one): "
    "upgrade cyberwatch, or give --db another archive"
)
FOREIGN = (
    "is an SQLite database of another program, not a cyberwatch archive: "
    "give --db another path (it was left untouched)"
)
_PROBLEMS = {
    "file is not a database": "not a cyberwatch archive ({error}): give --db the archive's "
    "path; the file was left untouched",
    "malformed": "the archive is damaged ({error}): restore it from a backup (`sqlite3 FILE "
    ".recover` may save what is left); the file was left untouched",
    "unable to open": "cannot open or create the archive ({error}): check that its directory "
    "exists and is writable",
}


def unusable(error: sqlite3.Error) -> str:
    """Why SQLite refused the archive, and what to do, in one line."""
    for cue, message in _PROBLEMS.items():
        if cue in str(error):
            return message.format(error=error)
    return f"cannot open the archive: {error}"


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, before anything is written, a database this cyberwatch must not change: one of
    another program (tables, but no cyberwatch migration recorded) or from a newer cyberwatch
    (a migration recorded that this one does not know)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone():
        return  # a new, empty archive
    applied = _applied(conn)
    if not applied:
        raise StorageError(FOREIGN, path=str(path))
    known = set(step_names())
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StorageError(NEWER.format(step=unknown[0]), path=str(path))


def _filename(conn: sqlite3.Connection) -> str | None:
    for _, name, filename in conn.execute("PRAGMA database_list"):
        if name == "main":
            return filename or None
    return None


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch a new archive to WAL, waiting for another process doing the same.

    Changing the journal mode needs an exclusive lock and SQLite may refuse it at once, without
    the busy timeout, while another connection opening the same new file holds a lock; once that
    one has switched, the mode is already WAL and nothing is left to do.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = wal")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
