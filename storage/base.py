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

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make the writes of the block one transaction: one commit (one sync to disk) instead
        of one per write. A write failing inside rolls back only itself; the block raising
        rolls back the whole batch. Hold it over plain code only, never across an ``await``
        (other coroutines' writes would join it). Inside another batch it is that batch."""
        if self._db.conn.in_transaction:
            yield
            return
        with self._guard("cannot start a write"):
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        with self._guard("cannot commit"):
            self._db.commit()

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A read-then-write transaction that takes the write lock up front; inside a
        ``batch``, a savepoint of it.

        A deferred BEGIN could fail with SQLITE_BUSY when upgrading to a writer, whatever the
        busy timeout, if another connection wrote in between.
        """
        if self._db.conn.in_transaction:
            conn = self._db.conn
            conn.execute("SAVEPOINT write")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK TO write")
                conn.execute("RELEASE write")
                raise
            conn.execute("RELEASE write")
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
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
