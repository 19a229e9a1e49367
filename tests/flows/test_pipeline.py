"""The poll pipeline without Prefect: real fixture server, real fetcher, real SQLite archive."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, Source, load_sources
from flows.demo.server import FixtureServer
from flows.pipeline import SourceResult, open_runtime, poll_source
from scrapers import TransientFetchError, Validators
from storage import Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SEED_TITLE = "The 4th Republic of Korea-UK Cyber Dialogue"


def poll_once(settings: Settings, sources: tuple[Source, ...] | None = None) -> list[SourceResult]:
    async def run() -> list[SourceResult]:
        async with open_runtime(settings) as runtime:
            return [
                await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=NOW,
                )
                for source in sources or load_sources(settings.sources)
            ]

    return asyncio.run(run())


def by_title(store: Store) -> dict[str, int]:
    return {
        row.title: row.id
        for row in (store.release(i) for i in range(1, store.count_releases() + 1))
    }


def test_first_poll_stores_every_fixture_release_once(settings: Settings) -> None:
    results = poll_once(settings)
    assert {r.source: r.new for r in results} == {
        "govuk-fcdo": 4,
        "mofa-press-releases": 3,
        "mofa-press-briefings": 3,
        "mofa-board": 2,
    }
    assert not any(r.failed or r.deferred for r in results)
    with Store.open(settings.db) as store:
        assert store.count_releases() == 12
        titles = by_title(store)
        seed = store.release(titles[SEED_TITLE])
        assert seed.source == "govuk-fcdo"
        assert seed.published == datetime(2024, 11, 7, 10, 50, tzinfo=UTC)
        assert "co-chaired by Andrew Whittaker" in seed.body
        assert "Pall Mall Process" in seed.body
        assert "Distributed by Public" not in seed.body
        assert "cookies" not in seed.body.lower()  # page chrome is not part of the release
        assert seed.relevant
        sanctions = store.release(
            titles["UK sanctions ransomware operators targeting British businesses"]
        )
        assert not sanctions.relevant
        korean_side = store.release(titles["Outcome of the 4th ROK-UK Cyber Dialogue"])
        assert korean_side.relevant
        assert korean_side.published is not None
        assert korean_side.published.date().isoformat() == "2024-11-07"
        states = {s.name: s for s in store.source_states()}
        assert states["govuk-fcdo"].etag is not None
        assert states["govuk-fcdo"].items_last_poll == 4


def test_second_poll_is_answered_304_and_stores_nothing(
    settings: Settings, server: FixtureServer
) -> None:
    poll_once(settings)
    server.clear_requests()
    results = poll_once(settings)
    assert all(r.not_modified for r in results)
    assert sum(r.new + r.updated for r in results) == 0
    requests = server.requests
    assert len(requests) == 4  # one per source: no article page is read again
    assert {r.status for r in requests} == {304}
    with Store.open(settings.db) as store:
        assert store.count_releases() == 12


def test_changed_feed_without_new_items_reads_no_article(
    settings: Settings, server: FixtureServer
) -> None:
    poll_once(settings)
    with Store.open(settings.db) as store:  # forget the validators: the feed comes back as 200
        store.record_success(
            "govuk-fcdo",
            validators=Validators(),
            status=200,
            items=4,
            now=NOW,
        )
    server.clear_requests()
    (govuk,) = [s for s in load_sources(settings.sources) if s.name == "govuk-fcdo"]
    (result,) = poll_once(settings, (govuk,))
    assert (result.new, result.updated, result.unchanged) == (0, 0, 4)
    assert [r.path for r in server.requests] == ["/govuk/search/news-and-communications.atom"]


@pytest.mark.parametrize("fault", ["timeout", "500"])
def test_transient_failure_is_raised_for_retry(settings: Settings, fault: str) -> None:
    base = load_sources(settings.sources)[0].url.split("/govuk/")[0]
    source = Source(name="flaky", kind="feed", url=f"{base}/_fault/{fault}")
    with pytest.raises(TransientFetchError) as err:
        poll_once(settings, (source,))
    assert err.value.source == "flaky"
    with Store.open(settings.db) as store:
        assert store.source_state("flaky").consecutive_failures == 0  # recorded by the caller


def test_html_instead_of_feed_is_recorded_as_failed(settings: Settings) -> None:
    base = load_sources(settings.sources)[0].url.split("/govuk/")[0]
    source = Source(name="waf", kind="feed", url=f"{base}/_fault/html")
    (result,) = poll_once(settings, (source,))
    assert result.failed
    assert result.error is not None and "HTML" in result.error
    with Store.open(settings.db) as store:
        state = store.source_state("waf")
        assert state.consecutive_failures == 1
        assert state.last_error == result.error


def test_oversized_answer_is_refused(settings: Settings) -> None:
    base = load_sources(settings.sources)[0].url.split("/govuk/")[0]
    source = Source(name="huge", kind="feed", url=f"{base}/_fault/huge")
    small = settings.model_copy(
        update={"fetch": settings.fetch.model_copy(update={"max_body_bytes": 100_000})}
    )
    (result,) = poll_once(small, (source,))
    assert result.failed
    assert result.error is not None and "100000" in result.error.replace(",", "")


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example,2005:/feed</id><title>t</title><updated>2024-11-07T10:50:00+00:00</updated>
  <entry><id>tag:example,2005:/a</id><updated>2024-11-07T10:50:00+00:00</updated>
    <link rel="alternate" href="{{BASE}}/a.html"/><title>Readable release</title></entry>
  <entry><id>tag:example,2005:/gone</id><updated>2024-11-07T10:50:00+00:00</updated>
    <link rel="alternate" href="{{BASE}}/gone.html"/><title>Missing page</title></entry>
</feed>
"""


def test_unreadable_article_is_left_for_the_next_poll(
    tmp_path: Path, settings_for: Callable[[Path, Path], Settings]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.atom").write_text(ATOM)
    (site / "a.html").write_text("<html><body><main><p>The text of A.</p></main></body></html>")
    with FixtureServer(site) as server:
        catalogue = tmp_path / "sources.toml"
        catalogue.write_text(
            f'[[source]]\nname = "x"\nkind = "feed"\nurl = "{server.base_url}/feed.atom"\n'
        )
        settings = settings_for(tmp_path, catalogue)
        (first,) = poll_once(settings)
        assert (first.new, first.deferred) == (1, 1)
        with Store.open(settings.db) as store:
            assert store.source_state("x").etag is None  # the next poll must see the feed again
        (site / "gone.html").write_text("<html><body><main><p>Back.</p></main></body></html>")
        (second,) = poll_once(settings)
        assert (second.new, second.unchanged, second.deferred) == (1, 1, 0)
        with Store.open(settings.db) as store:
            assert store.count_releases() == 2
            assert store.source_state("x").etag is not None
