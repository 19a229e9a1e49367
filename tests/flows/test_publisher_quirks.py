"""Publisher quirks through the whole poll path: real server on 127.0.0.1, real archive."""

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, Source, builtin_sources, load_sources
from flows.core.poll import poll_source
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer
from scrapers import Validators
from storage import Store

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

ORG_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-GB" xmlns="http://www.w3.org/2005/Atom">
  <id>{{BASE}}/government/organisations/fcdo</id>
  <title>Foreign, Commonwealth &amp; Development Office - Activity on GOV.UK</title>
  <updated>STAMP</updated>
  <author><name>HM Government</name></author>
  <entry>
    <id>{{BASE}}/government/news/dialogue#STAMP</id>
    <updated>STAMP</updated>
    <link rel="alternate" type="text/html" href="{{BASE}}/government/news/dialogue"/>
    <title>Press release: The 4th Republic of Korea-UK Cyber Dialogue</title>
    <category label="Press release" term="Press release"/>
    <summary>The 4th Republic of Korea-UK Cyber Dialogue was held in London.</summary>
  </entry>
</feed>
"""
PAGE = '<html><body><div class="gem-c-govspeak"><p>TEXT</p></div></body></html>'


def poll(settings: Settings, source: Source) -> SourceResult:
    async def run() -> SourceResult:
        async with open_runtime(settings) as runtime:
            return await poll_source(
                source, fetcher=runtime.fetcher, store=runtime.store, settings=settings, now=NOW
            )

    return asyncio.run(run())


def test_organisation_feed_entry_whose_id_changes_on_update_is_one_release(
    tmp_path: Path, settings_for: Callable[[Path, Path], Settings]
) -> None:
    """GOV.UK organisation feeds: the entry id is "<url>#<update time>", so an edited release
    comes back with a new id. Identified by URL, it is updated in place, not stored again."""
    site = tmp_path / "site"
    (site / "government" / "news").mkdir(parents=True)
    feed = site / "org.atom"
    page = site / "government" / "news" / "dialogue.html"
    (builtin,) = [s for s in load_sources(builtin_sources()) if s.name == "govuk-fcdo-org"]
    with FixtureServer(site) as server:
        base = server.base_url
        source = replace(builtin, url=f"{base}/org.atom")
        settings = settings_for(tmp_path, tmp_path / "unused.toml")

        feed.write_text(ORG_FEED.replace("STAMP", "2024-11-07T10:50:00Z"))
        page.write_text(PAGE.replace("TEXT", "Held in London on 6 November 2024."))
        first = poll(settings, source)
        assert (first.new, first.updated) == (1, 0)

        feed.write_text(ORG_FEED.replace("STAMP", "2024-11-08T09:00:00Z"))
        page.write_text(PAGE.replace("TEXT", "Held in London on Wednesday 6 November 2024."))
        second = poll(settings, source)
        assert (second.new, second.updated) == (0, 1)

    with Store.open(settings.db) as store:
        assert store.count_releases() == 1
        release = store.release(first.new_ids[0])
        assert release.guid is None  # the changing entry id is not the release's identity
        assert release.url == f"{base}/government/news/dialogue"
        assert release.title == "The 4th Republic of Korea-UK Cyber Dialogue"  # prefix removed
        assert release.body == "Held in London on Wednesday 6 November 2024."
        assert release.published == datetime(2024, 11, 8, 9, 0, tzinfo=UTC)


def test_feed_without_guids_is_recognised_by_url(settings: Settings) -> None:
    """MOFA's RSS has no <guid>: a second full read finds the same three releases."""
    (source,) = [s for s in load_sources(settings.sources) if s.name == "mofa-kr-press-releases"]
    first = poll(settings, source)
    assert first.new == 3
    with Store.open(settings.db) as store:  # forget the validators: the feed comes back as 200
        store.record_success(source.name, validators=Validators(), status=200, items=3, now=NOW)
    second = poll(settings, source)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    with Store.open(settings.db) as store:
        assert store.count_releases() == 3


def test_date_only_on_the_article_page_and_link_to_the_original(
    settings: Settings, server: FixtureServer
) -> None:
    """Japan MOFA lists no dates (read from each page); the pubt.io copy of the seed stores the
    link back to the GOV.UK original."""
    sources = {s.name: s for s in load_sources(settings.sources)}
    assert poll(settings, sources["japan-mofa-press-releases"]).new == 2
    assert poll(settings, sources["pubt-io"]).new == 2
    with Store.open(settings.db) as store:
        releases = {store.release(i).title: store.release(i) for i in range(1, 5)}
    assert releases["Japan-UK Cyber Dialogue"].published == datetime(2024, 11, 19, tzinfo=UTC)
    copy = releases["The 4th Republic of Korea-UK Cyber Dialogue"]
    assert copy.published == datetime(2024, 11, 7, tzinfo=UTC)  # "11/07/2024", US order
    assert copy.original_url == (
        f"{server.base_url}/govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
    )
