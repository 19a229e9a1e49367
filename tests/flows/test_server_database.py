"""Whether the temporary server's database needs migrating before the server starts
(flows/orchestration/server_database.py): read from the stamp a migration leaves and the
database's own Alembic revision, without importing Prefect. The migration itself, and a server
started on the database it leaves, are in test_temporary_server.py."""

import fcntl
import json
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from flows.orchestration.server_database import (
    DATABASE_URLS,
    LOCK,
    MIGRATE_ON_START,
    STAMP,
    migrate_first,
    prefect_version,
    revision,
    up_to_date,
)


def database(path: Path, version: str | None) -> Path:
    """An SQLite file with Alembic's version table holding ``version`` (None: no table)."""
    with closing(sqlite3.connect(path)) as db, db:
        if version is not None:
            db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
            db.execute("INSERT INTO alembic_version VALUES (?)", (version,))
    return path


def stamp(home: Path, **fields: object) -> None:
    (home / STAMP).write_text(json.dumps(fields), encoding="utf-8")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A Prefect home whose database was migrated to revision "a1" by the installed Prefect."""
    db = database(tmp_path / "prefect.db", "a1")
    stamp(tmp_path, prefect=prefect_version(), database=str(db), revision="a1")
    return tmp_path


def test_the_revision_is_read_from_the_database(tmp_path: Path) -> None:
    assert revision(database(tmp_path / "one.db", "27d8f4e1a6c9")) == "27d8f4e1a6c9"
    assert revision(database(tmp_path / "none.db", None)) is None  # no version table
    assert revision(tmp_path / "missing.db") is None
    (tmp_path / "text.db").write_text("not a database", encoding="utf-8")
    assert revision(tmp_path / "text.db") is None


def test_reading_the_revision_never_creates_the_database(tmp_path: Path) -> None:
    assert revision(tmp_path / "prefect.db") is None
    assert not (tmp_path / "prefect.db").exists()


def test_a_database_migrated_by_this_prefect_and_unchanged_since_is_up_to_date(home: Path) -> None:
    assert prefect_version() is not None
    assert up_to_date(home)


def test_a_home_without_a_stamp_is_migrated(tmp_path: Path) -> None:
    database(tmp_path / "prefect.db", "a1")
    assert not up_to_date(tmp_path)


def test_a_database_at_another_revision_is_migrated(home: Path) -> None:
    """Migrated or rolled back since, by ``prefect server database`` or another server."""
    with closing(sqlite3.connect(home / "prefect.db")) as db, db:
        db.execute("UPDATE alembic_version SET version_num = 'b2'")
    assert not up_to_date(home)


def test_a_database_deleted_or_replaced_by_an_empty_one_is_migrated(home: Path) -> None:
    (home / "prefect.db").unlink()
    assert not up_to_date(home)
    database(home / "prefect.db", None)
    assert not up_to_date(home)


def test_a_database_migrated_by_another_prefect_version_is_migrated(home: Path) -> None:
    stamp(home, prefect="0.0.1", database=str(home / "prefect.db"), revision="a1")
    assert not up_to_date(home)


@pytest.mark.parametrize(
    "written",
    ["", "not json", "[]", '{"prefect": "3"}', '{"database": 1, "revision": "a1"}'],
)
def test_an_unreadable_stamp_means_migrating(home: Path, written: str) -> None:
    (home / STAMP).write_text(written, encoding="utf-8")
    assert not up_to_date(home)


def test_a_server_on_an_up_to_date_database_starts_without_migrating(home: Path) -> None:
    """No migrating process either: one would fail on the fixture's made-up revision."""
    env = migrate_first({"PREFECT_HOME": str(home), "PATH": "/usr/bin"})
    assert env == {"PREFECT_HOME": str(home), "PATH": "/usr/bin", MIGRATE_ON_START: "false"}


def test_runs_starting_together_on_a_new_home_migrate_it_in_turn(tmp_path: Path) -> None:
    """A run that finds the home being migrated waits for that, then starts on it as migrated.
    Had it migrated too, its process would have failed on the made-up revision "a1"."""
    db = database(tmp_path / "prefect.db", "a1")  # no stamp yet: being migrated
    results: list[object] = []
    env = {"PREFECT_HOME": str(tmp_path), "PATH": "/usr/bin"}
    with (tmp_path / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other run, migrating
        waiting = threading.Thread(target=lambda: results.append(migrate_first(env)))
        waiting.start()
        time.sleep(0.3)  # the waiting run has found the home not up to date
        assert results == []
        stamp(tmp_path, prefect=prefect_version(), database=str(db), revision="a1")
    waiting.join(timeout=30)
    assert results == [{**env, MIGRATE_ON_START: "false"}]


def test_a_database_named_by_a_connection_url_is_left_to_prefect(tmp_path: Path) -> None:
    for name in DATABASE_URLS:
        given = {"PREFECT_HOME": str(tmp_path), name: "postgresql+asyncpg://db/prefect"}
        assert migrate_first(given) == given
    assert not (tmp_path / STAMP).exists()


def test_a_stamp_naming_its_database_by_a_relative_path_is_read_too(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(home)
    stamp(home, prefect=prefect_version(), database="prefect.db", revision="a1")
    assert up_to_date(home)
