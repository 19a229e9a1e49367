"""A source pointed at a sitemap index, polled and checked against a local site: the releases of
its sitemaps are stored, a sitemap that is missing is left out, and `sources check` agrees."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from random import Random

import pytest

from config import Settings, load_sources
from flows.core.check import check_sources
from flows.core.poll import poll_source
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer
from storage import Store

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{{BASE}}/sitemap-2025.xml</loc><lastmod>2025-12-31</lastmod></sitemap>
  <sitemap><loc>{{BASE}}/sitemap-2026.xml</loc><lastmod>2026-11-30</lastmod></sitemap>
  <sitemap><loc>{{BASE}}/sitemap-missing.xml</loc><lastmod>2026-01-01</lastmod></sitemap>
</sitemapindex>"""
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{{BASE}}/news/%s.html</loc></url><url><loc>{{BASE}}/about.html</loc></url>
</urlset>"""
PAGE = """<!DOCTYPE html><html><head><title>%s</title></head><body><main>
<time datetime="%s">date</time><p>%s</p></main></body></html>"""


def site(root: Path) -> None:
    (root / "news").mkdir(parents=True)
    (root / "sitemap.xml").write_text(INDEX)
    (root / "sitemap-2025.xml").write_text(SITEMAP % "old")
    (root / "sitemap-2026.xml").write_text(SITEMAP % "new")
    (root / "news" / "old.html").write_text(
        PAGE % ("Old release", "2025-06-01", "The ministry released an old statement.")
    )
    (root / "news" / "new.html").write_text(
        PAGE % ("New release", "2026-11-30", "The ministry held a cyber dialogue.")
    )


def poll(settings: Settings) -> SourceResult:
    (source,) = load_sources(settings.sources)

    async def run() -> SourceResult:
        async with open_runtime(settings) as runtime:
            return await poll_source(
                source,
                fetcher=runtime.fetcher,
                store=runtime.store,
                settings=settings,
                now=T0,
                rng=Random(1),
            )

    return asyncio.run(run())


@pytest.mark.slow
def test_a_sitemap_index_is_read_through_its_sitemaps(
    tmp_path: Path, settings_for: Callable[[Path, Path], Settings]
) -> None:
    root = tmp_path / "site"
    site(root)
    with FixtureServer(root) as server:
        catalogue = tmp_path / "sources.toml"
        catalogue.write_text(
            f'[[source]]\nname = "ministry"\nkind = "sitemap"\n'
            f'url = "{server.base_url}/sitemap.xml"\nurl_filter = "/news/."\nbody = "main p"\n'
        )
        settings = settings_for(tmp_path, catalogue)
        result = poll(settings)
        (checked,) = asyncio.run(check_sources(load_sources(catalogue), settings=settings))
        asked = [r.path for r in server.requests]
    assert (result.new, result.items, result.error) == (2, 2, None)
    with Store.open(settings.db) as store:
        stored = {r.title: r for r in store.recent(since=T0)}
    assert stored["New release"].published == datetime(2026, 11, 30, tzinfo=UTC)
    assert stored["New release"].body == "The ministry held a cyber dialogue."
    assert stored["Old release"].published == datetime(2025, 6, 1, tzinfo=UTC)
    assert "/sitemap-missing.xml" in asked  # a 404: left out, the others still count
    assert not checked.broken, checked.problems
    assert checked.items == 2
