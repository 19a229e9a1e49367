"""What a poll opens: the archive with a poll's page cache, its writes committed in rounds, closed
however the run ends."""

import asyncio
import gc
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings
from flows.core import runtime as runtime_module
from flows.core.runtime import POLL_CACHE_MIB, open_runtime
from storage import Store
from storage.store import CACHE_MIB


def test_a_poll_opens_the_archive_with_a_smaller_page_cache_than_an_import(
    tmp_path: Path,
) -> None:
    settings = Settings(db=tmp_path / "archive.db")

    async def cache_size() -> int:
        async with open_runtime(settings) as runtime:
            return int(runtime.store._conn.execute("PRAGMA cache_size").fetchone()[0])

    assert POLL_CACHE_MIB < CACHE_MIB
    assert asyncio.run(cache_size()) == -POLL_CACHE_MIB * 1024  # negative: KiB


def test_the_archive_is_closed_when_the_run_fails(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "archive.db")
    opened: list[sqlite3.Connection] = []

    async def failing() -> None:
        async with open_runtime(settings) as runtime:
            opened.append(runtime.store._conn)
            raise RuntimeError("the run failed")

    with pytest.raises(RuntimeError, match="the run failed"):
        asyncio.run(failing())
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        opened[0].execute("SELECT 1")


def _logged(path: Path) -> list[str]:
    """The fetch log as another connection sees it (committed rows only)."""
    with sqlite3.connect(path) as other:
        return [row[0] for row in other.execute("SELECT url FROM fetch_log ORDER BY id")]


def test_a_runs_writes_are_held_then_committed_in_rounds_and_at_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(db=tmp_path / "archive.db")
    monkeypatch.setattr(runtime_module, "BREATHE_SECONDS", 0.05)
    seen: dict[str, list[str]] = {}

    def log(store: Store, url: str) -> None:
        with store.batch():
            store.log_fetch(
                source="s", url=url, status=200, elapsed=0.1, size=1, error=None,
                now=datetime(2025, 5, 1, tzinfo=UTC),
            )  # fmt: skip

    async def run() -> None:
        async with open_runtime(settings, hold=0.2) as runtime:
            await asyncio.sleep(0)  # the rounds have begun: the run's first round holds
            log(runtime.store, "a")
            seen["held"] = _logged(settings.db)
            deadline = time.monotonic() + 30  # a round is 0.2 s; a loaded machine may be slow
            while _logged(settings.db) != ["a"] and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            seen["a round later"] = _logged(settings.db)
            log(runtime.store, "b")

    asyncio.run(run())
    assert seen == {"held": [], "a round later": ["a"]}
    assert _logged(settings.db) == ["a", "b"]  # the last round's writes: committed at the end


def test_the_heap_a_run_begins_with_is_frozen_while_it_runs_only(tmp_path: Path) -> None:
    """The garbage collector's full passes skip what lives as long as the run (a cold poll's
    main process: 3.5 s of them, 1.0-1.2 with it frozen); what the process does after the run
    (the next test, a served process's next run) is collected as before."""
    settings = Settings(db=tmp_path / "archive.db")
    gc.unfreeze()
    kept: list[list[int]] = [[] for _ in range(1000)]  # containers: the collector tracks them

    async def frozen() -> int:
        async with open_runtime(settings):
            return gc.get_freeze_count()

    assert asyncio.run(frozen()) >= len(kept)
    assert gc.get_freeze_count() == 0
