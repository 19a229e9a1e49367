"""What every part of ``Store`` shares: the open database, its file name, error translation,
write transactions and row reading. Each part of the archive is a mixin of ``StoreBase``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from storage.errors import StorageError

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreBase:
    """The connection and the plumbing of the archive's queries."""

    _conn: sqlite3.Connection
    _database: Database | None  # sqlite-utils' view of the connection, made on first use
    _path: str | None  # the archive file, named in errors; None for an in-memory database

    @property
    def _db(self) -> Database:
        """sqlite-utils' ``Database`` over the connection, for writes and migrations: made on
        first use, so a command that only reads (``search``) never imports sqlite-utils."""
        if self._database is None:
            from sqlite_utils import Database

            self._database = Database(self._conn)
        return self._database

    def _rows(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        """The rows ``sql`` reads, as dicts; ``params`` a list, or a dict of named ones."""
        return query_rows(self._conn, sql, params)

    # Whether batches join one held transaction (``holding``) rather than commit each.
    _holding: bool = False
    # Whether the recent LSH bands are due to be merged into the large B-tree: done when the
    # next write begins, before any savepoint of it (``_merge_due_bands``).
    _bands_due: bool = False
    # Whether a batch is open (its writes are then plain parts of it), and whether a write
    # failed inside it.
    _batched: bool = False
    _spoiled: bool = False

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make the writes of the block one transaction: one commit (one sync to disk) instead
        of one per write; while ``holding``, a savepoint of the held transaction. The block
        raising rolls back the whole batch, and so does a write failing inside it even if the
        block catches that error: the batch then raises ``StorageError`` at its end, keeping
        none of its writes rather than part of one. (A write inside a batch has no savepoint of
        its own: SQLite would copy every page the write touches, 16 KiB each, to undo it
        alone; 32 band keys cost five times as much so.) Hold it over plain code only, never
        across an ``await`` (other coroutines' writes would join it). Inside another batch it
        is that batch."""
        if self._batched:
            yield
            return
        self._batched, self._spoiled = True, False
        try:
            with self._transaction():
                yield
                if self._spoiled:
                    raise StorageError(
                        "a write failed inside a batch: none of the batch's writes were kept",
                        path=self._path,
                    )
        finally:
            self._batched = False

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """The batch's transaction: a savepoint of the held one while ``holding``; none of its
        own inside a transaction already open; else one, committed when the block ends."""
        if self._holding:
            self._join_held()
            with self._savepoint("batch"):
                yield
            return
        if self._db.conn.in_transaction:
            yield
            return
        with self._guard("cannot start a write"):
            self._db.execute("BEGIN IMMEDIATE")
        try:
            self._merge_due_bands()
            yield
        except BaseException:
            self._db.rollback()
            raise
        with self._guard("cannot commit"):
            self._db.commit()

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Hold the commits of the batches (and other writes) made while the block runs, across
        its awaits: they join one transaction, committed when the block ends, however it ends
        (what it holds is finished writes). Each page the writes share is then written and
        synced once for all of them rather than once a batch; the cost is the write lock held
        meanwhile, and, should the process die, the block's writes lost together (a poll's,
        with the sources' states that would have them polled again). A failed commit rolls
        the held writes back and raises."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            if self._conn.in_transaction:
                try:
                    with self._guard("cannot commit the held writes"):
                        self._conn.commit()
                except StorageError:
                    self._conn.rollback()
                    raise

    def _join_held(self) -> None:
        """A write joins the held transaction: started unless it has been, and the bands its
        earlier writes made due merged before this write's savepoint."""
        if not self._conn.in_transaction:
            with self._guard("cannot start a write"):
                self._conn.execute("BEGIN IMMEDIATE")
        self._merge_due_bands()

    def _merge_due_bands(self) -> None:
        """Merge the recent LSH bands into the large B-tree if a release made it due
        (``storage.copies.merge_due``), at the start of a write transaction or of a held one's
        next write, outside any savepoint: a savepoint keeps in memory the original of every
        page changed within it, 16 KiB each, and a merge changes most leaves of the large
        B-tree (hundreds of megabytes at a million releases)."""
        if not self._bands_due:
            return
        from storage.copies import merge_recent_bands  # loaded by writes only

        with self._guard("cannot merge the recent LSH bands"):
            merge_recent_bands(self._db)
        self._bands_due = False

    @contextmanager
    def _savepoint(self, name: str) -> Iterator[None]:
        """A savepoint of the open transaction: the block raising undoes only its own writes."""
        conn = self._conn
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A read-then-write transaction that takes the write lock up front; inside a
        ``batch``, a part of it (failing, it fails the batch); while ``holding`` or inside
        another transaction, a savepoint of it.

        A deferred BEGIN could fail with SQLITE_BUSY when upgrading to a writer, whatever the
        busy timeout, if another connection wrote in between.
        """
        if self._batched:
            try:
                yield
            except BaseException:
                self._spoiled = True
                raise
            return
        if self._holding:
            self._join_held()
        if self._db.conn.in_transaction:
            with self._savepoint("write"):
                yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._merge_due_bands()
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Let any ``sqlite3`` error leave as a ``StorageError`` saying ``action`` failed."""
        try:
            yield
        except sqlite3.Error as e:
            raise StorageError(f"{action}: {e}", path=self._path) from e


def query_rows(
    db: Database | sqlite3.Connection, sql: str, params: Any = None
) -> list[dict[str, Any]]:
    """The rows the SELECT ``sql`` reads from ``db``, as dicts.

    Straight through ``sqlite3``: reading needs no sqlite-utils, and sqlite-utils' ``query``
    wraps every statement in a savepoint of its own (three statements for one), which the write
    path paid on every lookup.
    """
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    cursor = conn.execute(sql, () if params is None else params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]
