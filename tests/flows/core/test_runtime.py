"""What a poll opens: the archive with a poll's page cache, closed however the run ends."""

import asyncio
import sqlite3
from pathlib import Path

import pytest

from config import Settings
from flows.core.runtime import POLL_CACHE_MIB, open_runtime
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
