"""Every feed of feedparser's hostile corpus goes through fetch, parse and store without an
exception escaping: each one is stored or recorded as a failed source with a reason."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import FetchSettings, Settings, Source
from flows.core.poll import poll_source
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer
from storage import Store

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "feedparser-corpus"
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def test_hostile_feeds_never_raise_through_the_pipeline(tmp_path: Path) -> None:
    files = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*.xml"))
    assert len(files) > 800
    # One local server for 800 feeds: no pacing (it would take 800 / [fetch] rate seconds).
    settings = Settings(db=tmp_path / "corpus.db", fetch=FetchSettings(timeout=5.0, rate=1000))

    async def run(base_url: str) -> list[SourceResult]:
        async with open_runtime(settings) as runtime:
            return [
                await poll_source(
                    Source(
                        name=f"corpus-{number}",
                        kind="feed",
                        url=f"{base_url}/{path.as_posix()}",
                        fetch_article=False,
                    ),
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=NOW,
                )
                for number, path in enumerate(files)
            ]

    with FixtureServer(CORPUS) as server:
        results = asyncio.run(run(server.base_url))
    assert len(results) == len(files)
    failed = [r for r in results if r.failed]
    stored = sum(r.new + r.unchanged for r in results)
    assert all(r.error for r in failed)  # every failure has a reason
    assert len(failed) < len(results) / 2
    with Store.open(settings.db) as store:
        assert store.count_releases() > 0
        assert store.count_releases() <= stored
        states = store.source_states()
        assert sum(s.consecutive_failures for s in states) == len(failed)
