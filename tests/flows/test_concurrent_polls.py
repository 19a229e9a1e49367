"""Two polls at once on one archive (a scheduled one and an on-demand one): two processes, each
polling every fixture source, started together. No error, no "database is locked", and the
archive holds exactly what one poll alone stores."""

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, load_sources
from flows.core.poll import poll_source
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# One poll of every source of the catalogue, started at the wall-clock time given (so that
# both processes start fetching together, whatever their start-up time).
POLL = """
import asyncio, sys, time
from datetime import UTC, datetime
from config import load_settings, load_sources
from flows.core.poll import poll_source
from flows.core.runtime import open_runtime

async def main() -> None:
    settings = load_settings()
    async with open_runtime(settings) as runtime:
        time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
        now = datetime.now(UTC)
        results = await asyncio.gather(*(
            poll_source(s, fetcher=runtime.fetcher, store=runtime.store, settings=settings,
                        now=now)
            for s in load_sources(settings.sources)
        ))
    for r in results:
        print(r.source, r.status, r.new, r.error)

asyncio.run(main())
"""
COUNTS = {
    "releases": "SELECT count(*) FROM releases",
    "distinct urls": "SELECT count(DISTINCT canonical_url) FROM releases",
    "versions": "SELECT count(*) FROM release_versions",
    "events": "SELECT count(*) FROM events",
    "event releases": "SELECT count(*) FROM event_releases",
    "copies": "SELECT count(*) FROM releases WHERE copy_of IS NOT NULL",
    "sources": "SELECT count(*) FROM sources",
}


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}


def poll_alone(settings: Settings) -> None:
    async def run() -> None:
        async with open_runtime(settings) as runtime:
            now = datetime.now(UTC)
            for source in load_sources(settings.sources):
                await poll_source(
                    source, fetcher=runtime.fetcher, store=runtime.store, settings=settings, now=now
                )

    asyncio.run(run())


def test_two_polls_at_once_store_nothing_twice(
    server: FixtureServer,
    tmp_path: Path,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
) -> None:
    catalogue = catalogue_with(server, "")
    shared = tmp_path / "shared.db"
    env = {
        **os.environ,
        "CYBERWATCH_DB": str(shared),
        "CYBERWATCH_SOURCES": str(catalogue),
        "CYBERWATCH_FETCH__RATE": "1000",
        "CYBERWATCH_FETCH__ROBOTS": "false",
    }
    start = time.time() + 3.0  # both interpreters are up and the archive is open by then
    polls = [
        subprocess.Popen(
            [sys.executable, "-c", POLL, str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in polls]
    for poll, (out, err) in zip(polls, outputs, strict=True):
        assert poll.returncode == 0, err
        assert "locked" not in out + err
        assert "Traceback" not in err
        lines = out.splitlines()
        assert len(lines) == 28
        assert all(line.endswith(" None") for line in lines), out  # no source failed
    news = [sum(int(line.split()[-2]) for line in out.splitlines()) for out, _ in outputs]
    assert sum(news) == 47, news  # each release was new to exactly one of them

    alone = settings_for(tmp_path / "alone", catalogue)
    poll_alone(alone)
    assert counts(shared) == counts(alone.db)
    assert counts(shared)["releases"] == 47
    assert counts(shared)["versions"] == 0
