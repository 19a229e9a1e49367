"""robots.txt seen from a poll: disallowed article pages and a disallowed source."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, Source
from flows.core.poll import poll_source
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer
from storage import Store

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>{{BASE}}/</link>
<item><title>Cyber dialogue held</title><link>{{BASE}}/news/a.html</link>
<description>The two sides held their cyber dialogue.</description></item>
<item><title>Trade talks</title><link>{{BASE}}/news/b.html</link>
<description>Officials discussed trade.</description></item>
</channel></rss>
"""


def poll(settings: Settings, source: Source) -> SourceResult:
    async def run() -> SourceResult:
        async with open_runtime(settings) as runtime:
            return await poll_source(
                source, fetcher=runtime.fetcher, store=runtime.store, settings=settings, now=NOW
            )

    return asyncio.run(run())


def test_disallowed_article_pages_are_not_read_and_not_left_pending(
    tmp_path: Path, settings_for: Callable[[Path, Path], Settings]
) -> None:
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /news/\nDisallow: /closed.rss\n")
    (site / "feed.rss").write_text(FEED)
    (site / "closed.rss").write_text(FEED)
    base = settings_for(tmp_path, tmp_path / "unused.toml")
    settings = base.model_copy(update={"fetch": base.fetch.model_copy(update={"robots": True})})
    with FixtureServer(site) as server:
        feed = Source(name="news", kind="feed", url=f"{server.base_url}/feed.rss")
        first = poll(settings, feed)
        assert (first.new, first.deferred, first.failed) == (2, 0, False)
        assert not [r for r in server.requests if r.path.startswith("/news/")]
        with Store.open(settings.db) as store:
            bodies = {store.release(i).body for i in first.new_ids}
        assert "The two sides held their cyber dialogue." in bodies  # what the listing said
        assert poll(settings, feed).not_modified  # nothing left behind: validators were kept

        closed = Source(name="closed", kind="feed", url=f"{server.base_url}/closed.rss")
        refused = poll(settings, closed)
        assert refused.error == f"disallowed by robots.txt: {server.base_url}/closed.rss"
        assert "/closed.rss" not in [r.path for r in server.requests]
