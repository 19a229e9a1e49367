"""The poll pipeline without Prefect: real fixture server, real fetcher, real SQLite archive."""

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import Settings, Source, load_sources
from flows.core.poll import poll_source
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer
from scrapers import TransientFetchError, Validators
from storage import Release, Store

CheckArchive = Callable[[Store, tuple[Source, ...], str], dict[str, Release]]

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SEED = "/govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
SOURCES = 28


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


@pytest.mark.slow
def test_first_poll_stores_every_fixture_release_once(
    settings: Settings, server: FixtureServer, check_fixture_releases: CheckArchive
) -> None:
    """Every publisher's fixture site at once: each release stored once, with the right
    publisher, date, title and text, whichever of the overlapping sources listed it first."""
    results = poll_once(settings)
    assert {r.source: (r.new, r.items) for r in results} == {
        "govuk-fcdo": (4, 4),
        "govuk-ncsc": (2, 2),
        "govuk-cyber-dialogue": (0, 2),  # both already stored from govuk-fcdo
        "govuk-fcdo-org": (0, 3),  # the same pages, listed with other ids and title prefixes
        "mofa-kr-press-releases": (3, 3),
        "mofa-kr-press-briefings": (3, 3),
        "mofa-kr-board": (2, 2),
        "mofa-kr-ko-press-releases": (2, 2),
        "us-state-press-releases": (2, 2),
        "japan-mofa-press-releases": (2, 2),
        "japan-mofa-ja-press-releases": (2, 2),
        "eu-eeas-press": (2, 2),
        "eu-eeas-press-material": (2, 2),
        "canada-gac-news": (2, 2),
        "australia-dfat-news": (2, 2),
        "aa-de-press": (2, 2),
        "aa-en-press": (1, 1),
        "fr-meae-news": (1, 1),
        "fr-meae-actualites": (1, 1),
        "nl-rijksoverheid-cyber": (1, 1),
        "es-exteriores-notas": (1, 1),
        "eu-council-press": (1, 1),  # the meeting beside it is filtered out
        "ec-presscorner": (2, 2),
        "sg-csa-press": (1, 1),  # the sitemap's other pages are filtered out
        "sg-mfa-press": (1, 1),
        "australia-fm-media-releases": (1, 1),
        "pubt-io": (2, 2),
        "wired-gov": (2, 2),
    }
    assert not any(r.failed or r.deferred for r in results)
    sources = load_sources(settings.sources)
    with Store.open(settings.db) as store:
        assert store.count_releases() == 47
        stored = check_fixture_releases(store, sources, server.base_url)
        seed = stored[SEED]
        assert seed.source == "govuk-fcdo"
        assert "Pall Mall Process" in seed.body
        assert "Distributed by Public" not in seed.body
        assert "cookies" not in seed.body.lower()  # page chrome is not part of the release
        assert seed.original_url is None
        assert seed.relevant
        korean_side = stored["/mofa/eng/brd/m_5676/view-321950.html"]  # MOFA's own release
        assert korean_side.source == "mofa-kr-board"
        assert korean_side.relevant
        copy = stored["/pubt/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA"]
        assert copy.source == "pubt-io"
        assert copy.original_url == server.base_url + SEED
        assert copy.body.startswith(
            "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London"
        )
        assert "Distributed by Public" not in copy.body  # the aggregator's header line
        sanctions = stored[
            "/govuk/government/news/uk-sanctions-ransomware-operators-targeting-british-businesses"
        ]
        assert not sanctions.relevant
        states = {s.name: s for s in store.source_states()}
        assert states["govuk-fcdo"].etag is not None
        assert states["govuk-fcdo"].items_last_poll == 4


@pytest.mark.slow
def test_second_poll_is_answered_304_and_stores_nothing(
    settings: Settings, server: FixtureServer
) -> None:
    poll_once(settings)
    server.clear_requests()
    results = poll_once(settings)
    assert all(r.not_modified for r in results)
    assert sum(r.new + r.updated for r in results) == 0
    requests = server.requests
    assert len(requests) == SOURCES  # one per source: no article page is read again
    assert {r.status for r in requests} == {304}
    with Store.open(settings.db) as store:
        assert store.count_releases() == 47


@pytest.mark.slow
def test_changed_feed_without_new_items_reads_no_article(
    settings: Settings, server: FixtureServer
) -> None:
    poll_once(settings)
    with Store.open(settings.db) as store:  # forget the validators: the feed comes back as 200
        store.record_success(
            "govuk-ncsc",
            validators=Validators(),
            status=200,
            items=2,
            now=NOW,
        )
    server.clear_requests()
    (ncsc,) = [s for s in load_sources(settings.sources) if s.name == "govuk-ncsc"]
    (result,) = poll_once(settings, (ncsc,))
    assert (result.new, result.updated, result.unchanged) == (0, 0, 2)
    assert [r.path for r in server.requests] == [ncsc.url.removeprefix(server.base_url)]


@pytest.mark.parametrize("fault", [pytest.param("timeout", marks=pytest.mark.slow), "500"])
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


@pytest.mark.slow
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
