"""``Store.batch``: a source's writes as one transaction, each write still all or nothing."""

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import Store

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


def test_a_failed_write_inside_a_batch_rolls_back_only_itself(store: Store, path: Path) -> None:
    with store.batch():
        _log(store, "a")
        with pytest.raises(RuntimeError), store._immediate():
            _log(store, "lost")
            raise RuntimeError("this write fails half way")
        _log(store, "b")
    assert _logged(path) == ["a", "b"]


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
