import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from scrapers.model import Item
from storage import SaveResult, StorageError, Store
from storage.schema import migrations

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
ITEM = Item(
    source="govuk-fcdo",
    url="https://www.gov.uk/government/news/uk-japan-cyber-dialogue",
    title="UK-Japan Cyber Dialogue",
    guid="https://www.gov.uk/government/news/uk-japan-cyber-dialogue",
    body="The UK and Japan held their eighth Cyber Dialogue in Tokyo.",
)


def test_open_creates_the_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "archive.db"
    with Store.open(path):
        pass
    with Database(path) as db:
        tables = set(db.table_names())
        assert {"releases", "release_versions", "sources", "fetch_log", "releases_fts"} <= tables
        assert db.journal_mode == "wal"
        indexes = {index.name for index in db.table("releases").indexes}
        assert {"releases_source_guid", "releases_published", "releases_first_seen"} <= indexes
        assert "releases_content_hash" not in indexes  # dropped by 012: no query used it
        applied = [row["name"] for row in db.query("SELECT name FROM _sqlite_migrations")]
        assert applied[0] == "001_initial"
        assert len(applied) == len(set(applied))  # each migration applied once


def test_open_tunes_the_connection_without_weakening_commits(tmp_path: Path) -> None:
    """A 64 MiB page cache unless the opener asks for another size, and savepoint journals in
    memory (``storage.store.PRAGMAS``); the WAL still syncs every commit (synchronous FULL,
    SQLite's default)."""
    with Store.open(tmp_path / "archive.db") as store:
        conn = store._db.conn
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -65536
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with Store.open(tmp_path / "archive.db", cache_mib=16) as store:
        assert store._db.conn.execute("PRAGMA cache_size").fetchone()[0] == -16384


def test_opening_an_older_archive_drops_its_unused_content_hash_index(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Database(path) as db:  # an archive as migration 010 left it
        migrations().apply(db, stop_before="012_no_content_hash_index")
        assert "releases_content_hash" in {i.name for i in db.table("releases").indexes}
    with Store.open(path) as store:
        saved = store.save(ITEM, now=NOW)
        assert store.release(saved.id).content_hash  # the column stays, only its index went
    with Database(path) as db:
        assert "releases_content_hash" not in {i.name for i in db.table("releases").indexes}


def test_reopening_keeps_data_and_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Store.open(path) as store:
        saved = store.save(ITEM, now=NOW)
    with Database(path) as db:
        applied = db.table("_sqlite_migrations").count
    with Store.open(path) as store:
        assert store.count_releases() == 1
        assert store.release(saved.id).title == "UK-Japan Cyber Dialogue"
        assert [hit.id for hit in store.search("Tokyo")] == [saved.id]
    with Database(path) as db:
        assert db.table("_sqlite_migrations").count == applied


def test_store_accepts_an_open_database(tmp_path: Path) -> None:
    with Database(tmp_path / "archive.db") as db:
        store = Store(db)
        assert store.save(ITEM, now=NOW) == SaveResult(id=1, outcome="new")


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not an archive\n" * 200)
    with pytest.raises(StorageError, match="file is not a database") as caught:
        Store.open(path)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_errors_after_opening_are_storage_errors(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Store.open(path) as store, Database(path) as other:
        other.execute("DROP TABLE fetch_log")
        with pytest.raises(StorageError, match="cannot log fetch: no such table") as caught:
            store.log_fetch(
                source="s",
                url="https://x.org/",
                status=200,
                elapsed=0.1,
                size=10,
                error=None,
                now=NOW,
            )
        assert caught.value.path == str(path)


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store, pytest.raises(ValueError, match="naive"):
        store.save(ITEM, now=datetime(2025, 5, 1, 9, 0))


def test_two_connections_opening_and_saving_the_same_item_at_once_keep_one_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "archive.db"
    start, ready = threading.Barrier(2), threading.Barrier(2)
    results: list[SaveResult] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()  # both create the schema at once, too
            with Store.open(path) as store:
                ready.wait()
                results.append(store.save(ITEM, now=NOW))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(result.outcome for result in results) == ["new", "unchanged"]
    assert {result.id for result in results} == {1}
    with Store.open(path) as store:
        assert store.count_releases() == 1


@pytest.mark.slow
def test_open_waits_while_another_process_holds_the_new_file(tmp_path: Path) -> None:
    """Switching to WAL is refused at once (no busy timeout) while another connection holds a
    lock on a new file, as when two polls open a new archive together: open waits instead."""
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # uncommitted: open sees a new file, not another program's
    other.execute("CREATE TABLE kept (x)")
    other.execute("INSERT INTO kept VALUES (1)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with Store.open(path) as store:
            assert store.count_releases() == 0
    finally:
        release.join()
        other.close()
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert check.execute("SELECT x FROM kept").fetchall() == [(1,)]
    finally:
        check.close()
