"""``Store.batch``: a source's writes as one transaction, all or nothing, even when a write fails
inside it and the error is caught; and ``Store.holding``: many batches' writes held in one
transaction, each batch still all or nothing."""

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.model import Item
from storage import StorageError, Store

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path) as store:
        yield store


def _log(store: Store, url: str) -> None:
    store.log_fetch(source="s", url=url, status=200, elapsed=0.1, size=1, error=None, now=T0)


def _logged(path: Path) -> list[str]:
    """The fetch log as another connection sees it (committed rows only)."""
    with sqlite3.connect(path) as other:
        return [row[0] for row in other.execute("SELECT url FROM fetch_log ORDER BY id")]


def test_a_batch_commits_its_writes_together_when_it_ends(store: Store, path: Path) -> None:
    with store.batch():
        _log(store, "a")
        _log(store, "b")
        assert _logged(path) == []  # nothing committed yet
    assert _logged(path) == ["a", "b"]


def test_a_write_failing_inside_a_batch_fails_the_batch_even_when_caught(
    store: Store, path: Path
) -> None:
    _log(store, "before")
    with pytest.raises(StorageError, match="a write failed inside a batch"), store.batch():
        _log(store, "a")
        with pytest.raises(RuntimeError), store._immediate():
            _log(store, "lost")
            raise RuntimeError("this write fails half way")
        _log(store, "b")
    assert _logged(path) == ["before"]  # none of it, rather than part of a write
    with store.batch():  # the next batch starts afresh
        _log(store, "c")
    assert _logged(path) == ["before", "c"]


def test_the_writes_inside_a_batch_make_no_savepoint_each(store: Store) -> None:
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    with store.holding(), store.batch():
        for n in range(3):
            item = Item(source="s", url=f"https://gov.example/{n}", title="t", body="cyber talks")
            assert store.save(item, now=T0).outcome == "new"
    store._conn.set_trace_callback(None)
    savepoints = [s for s in statements if s.startswith("SAVEPOINT")]
    assert savepoints == ["SAVEPOINT batch"]  # the batch's, in the held transaction


def test_a_batch_that_raises_keeps_nothing_of_it(store: Store, path: Path) -> None:
    _log(store, "before")
    with pytest.raises(RuntimeError), store.batch():
        _log(store, "a")
        raise RuntimeError("the poll of this source broke")
    assert _logged(path) == ["before"]
    _log(store, "after")  # the archive is usable again
    assert _logged(path) == ["before", "after"]


def test_a_batch_inside_a_batch_is_the_same_transaction(store: Store, path: Path) -> None:
    with store.batch():
        with store.batch():
            _log(store, "a")
        assert _logged(path) == []
    assert _logged(path) == ["a"]


def test_batches_while_holding_commit_together_when_the_holding_ends(
    store: Store, path: Path
) -> None:
    with store.holding():
        with store.batch():
            _log(store, "a")
        _log(store, "b")  # a write outside any batch is held too
        with store.batch():
            _log(store, "c")
        assert _logged(path) == []  # all held
    assert _logged(path) == ["a", "b", "c"]
    with store.batch():  # after the holding, a batch commits on its own again
        _log(store, "d")
    assert _logged(path) == ["a", "b", "c", "d"]


def test_a_batch_that_raises_while_holding_undoes_only_its_own_writes(
    store: Store, path: Path
) -> None:
    with store.holding():
        with store.batch():
            _log(store, "a")
        with pytest.raises(RuntimeError), store.batch():
            _log(store, "lost")
            raise RuntimeError("the poll of this source broke")
        with pytest.raises(StorageError), store.batch():
            with pytest.raises(RuntimeError), store._immediate():
                _log(store, "lost too")
                raise RuntimeError("this write fails half way")
            _log(store, "lost as well")
        with store.batch():
            _log(store, "b")
    assert _logged(path) == ["a", "b"]


def test_what_is_held_is_committed_when_the_holding_block_raises(store: Store, path: Path) -> None:
    with pytest.raises(RuntimeError), store.holding():
        with store.batch():
            _log(store, "a")
        raise RuntimeError("the run was cancelled")
    assert _logged(path) == ["a"]


def test_a_held_commit_that_fails_rolls_back_and_says_so(store: Store, path: Path) -> None:
    store._conn.execute("PRAGMA foreign_keys = ON")
    store._conn.execute(
        "CREATE TABLE child (parent INTEGER REFERENCES fetch_log (id) DEFERRABLE INITIALLY "
        "DEFERRED)"
    )  # a row pointing nowhere passes its INSERT and fails the COMMIT
    failed = pytest.raises(StorageError, match="cannot commit the held writes")
    with failed, store.holding(), store.batch():
        _log(store, "a")
        store._conn.execute("INSERT INTO child (parent) VALUES (999)")
    assert not store._conn.in_transaction
    assert _logged(path) == []
    _log(store, "after")  # the archive is usable again
    assert _logged(path) == ["after"]
