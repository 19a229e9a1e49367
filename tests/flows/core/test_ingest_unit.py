"""ingest_items with a fake fetcher and an in-memory archive: which listed items get their
article read, which are stored, touched or deferred, and how each is judged."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from config import FetchSettings, Settings, Source
from flows.core.ingest import ingest_items
from flows.core.results import Ingested
from scrapers import Item, RobotsDisallowedError, parse_feed
from storage import Origin, Store

from .fakes import FEED_URL, Entry, FakeFetcher, article_page, rss

NOW = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
SOURCE = Source(name="example", kind="feed", url=FEED_URL)
DIALOGUE = Entry(
    "uk-japan-cyber-dialogue",
    "UK and Japan hold cyber dialogue in Tokyo",
    datetime(2024, 11, 19, 8, 0, tzinfo=UTC),
    summary="A listing summary.",
)
FLOODS = Entry(
    "flood-relief",
    "UK announces support for flood-affected communities",
    datetime(2024, 11, 18, 14, 0, tzinfo=UTC),
    summary="Emergency relief for families displaced by flooding.",
)
DIALOGUE_TEXT = (
    "The United Kingdom and Japan held the 9th UK-Japan Cyber Dialogue in Tokyo on "
    "19 November 2024. Officials discussed cyber security, international law in cyberspace "
    "and capacity building."
)


def listed(*entries: Entry, source: Source = SOURCE) -> list[Item]:
    """The items a poll of ``source`` reads from a feed of ``entries`` (the real parser)."""
    return parse_feed(source, rss(entries))


def ingest(
    items: Sequence[Item],
    fetcher: FakeFetcher,
    store: Store,
    *,
    source: Source = SOURCE,
    settings: Settings | None = None,
    now: datetime = NOW,
    origin: Origin = "poll",
    budget: int | None = None,
) -> Ingested:
    return asyncio.run(
        ingest_items(
            source,
            items,
            fetcher=fetcher.as_fetcher(),
            store=store,
            settings=settings or Settings(),
            now=now,
            origin=origin,
            budget=budget,
        )
    )


def test_a_new_item_is_stored_with_its_article_text_and_judged(store: Store) -> None:
    fetcher = FakeFetcher({DIALOGUE.url: article_page(DIALOGUE, DIALOGUE_TEXT)})

    done = ingest(listed(DIALOGUE), fetcher, store)

    assert (len(done.new_ids), done.updated, done.unchanged, done.deferred) == (1, 0, 0, 0)
    assert fetcher.urls() == [DIALOGUE.url]
    release = store.release(done.new_ids[0])
    assert DIALOGUE_TEXT in release.body
    assert release.summary == DIALOGUE.summary
    assert release.relevant
    assert release.origin == "poll"
    assert store.event_of(release.id) is not None


def test_an_item_listed_the_same_again_is_touched_and_its_article_not_read(store: Store) -> None:
    fetcher = FakeFetcher({DIALOGUE.url: article_page(DIALOGUE, DIALOGUE_TEXT)})
    first = ingest(listed(DIALOGUE), fetcher, store)
    fetcher.requests.clear()
    later = NOW + timedelta(hours=2)

    again = ingest(listed(DIALOGUE), fetcher, store, now=later)

    assert again == Ingested(unchanged=1)
    assert fetcher.requests == []
    assert store.release(first.new_ids[0]).last_seen == later


def test_an_item_listed_differently_is_read_again_and_updated(store: Store) -> None:
    fetcher = FakeFetcher({DIALOGUE.url: article_page(DIALOGUE, DIALOGUE_TEXT)})
    first = ingest(listed(DIALOGUE), fetcher, store)
    renamed = replace(DIALOGUE, title="UK and Japan hold 9th cyber dialogue in Tokyo")
    fetcher.answers[DIALOGUE.url] = article_page(renamed, DIALOGUE_TEXT + " Revised.")
    fetcher.requests.clear()

    again = ingest(listed(renamed), fetcher, store, now=NOW + timedelta(hours=2))

    assert (again.new_ids, again.updated, again.unchanged) == ((), 1, 0)
    assert fetcher.urls() == [DIALOGUE.url]
    release = store.release(first.new_ids[0])
    assert release.title == renamed.title
    assert release.body.endswith("Revised.")


def test_an_unreadable_article_is_deferred_and_nothing_is_stored(store: Store) -> None:
    fetcher = FakeFetcher()  # every article answers 404

    done = ingest(listed(DIALOGUE, FLOODS), fetcher, store)

    assert done == Ingested(deferred=2)
    assert sorted(fetcher.urls()) == sorted([DIALOGUE.url, FLOODS.url])
    assert store.count_releases() == 0


def test_an_article_robots_txt_disallows_is_stored_from_its_listing(store: Store) -> None:
    fetcher = FakeFetcher(
        {FLOODS.url: RobotsDisallowedError("disallowed by robots.txt", url=FLOODS.url)}
    )

    done = ingest(listed(FLOODS), fetcher, store)

    assert (len(done.new_ids), done.deferred) == (1, 0)
    assert store.release(done.new_ids[0]).body == FLOODS.summary


def test_a_source_without_article_pages_is_stored_from_its_listing_without_requests(
    store: Store,
) -> None:
    listing_only = replace(SOURCE, fetch_article=False)
    fetcher = FakeFetcher()
    settings = Settings(fetch=FetchSettings(max_articles=0))

    done = ingest(
        listed(DIALOGUE, FLOODS, source=listing_only),
        fetcher,
        store,
        source=listing_only,
        settings=settings,
    )

    assert (len(done.new_ids), done.deferred) == (2, 0)
    assert fetcher.requests == []
    bodies = {store.release(i).body for i in done.new_ids}
    assert bodies == {DIALOGUE.summary, FLOODS.summary}


def test_the_settings_budget_reads_that_many_articles_and_defers_the_rest(store: Store) -> None:
    fetcher = FakeFetcher({e.url: article_page(e, "Text.") for e in (DIALOGUE, FLOODS)})
    settings = Settings(fetch=FetchSettings(max_articles=1))

    done = ingest(listed(DIALOGUE, FLOODS), fetcher, store, settings=settings)

    assert (len(done.new_ids), done.deferred) == (1, 1)
    assert fetcher.urls() == [DIALOGUE.url]  # in listing order


def test_an_explicit_budget_overrides_the_settings_and_the_origin_is_kept(store: Store) -> None:
    fetcher = FakeFetcher({e.url: article_page(e, "Text.") for e in (DIALOGUE, FLOODS)})
    settings = Settings(fetch=FetchSettings(max_articles=0))

    done = ingest(
        listed(DIALOGUE, FLOODS), fetcher, store, settings=settings, budget=2, origin="backfill"
    )

    assert (len(done.new_ids), done.deferred) == (2, 0)
    assert {store.release(i).origin for i in done.new_ids} == {"backfill"}


def test_an_item_unrelated_to_cyber_is_stored_as_not_relevant(store: Store) -> None:
    fetcher = FakeFetcher({FLOODS.url: article_page(FLOODS, "Relief for flooded towns.")})

    done = ingest(listed(FLOODS), fetcher, store)

    release = store.release(done.new_ids[0])
    assert not release.relevant
    assert release.score < Settings().analysis.threshold
