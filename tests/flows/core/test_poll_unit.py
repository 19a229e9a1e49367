"""poll_source with a fake fetcher and an in-memory archive: what one poll of one source stores,
requests and remembers. The end-to-end version, over HTTP and a file, is tests/flows/."""

from __future__ import annotations

import asyncio
import inspect
from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from sqlite_utils import Database

from config import FetchSettings, Settings, Source
from flows.core.poll import poll_source, record_failure
from flows.core.results import SourceResult
from scrapers import Fetcher, FetchError, TransientFetchError, Validators
from storage import Store

from .fakes import FEED_URL, Entry, FakeFetcher, article_page, not_modified, rss

NOW = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
SOURCE = Source(name="example", kind="feed", url=FEED_URL)
DIALOGUE = Entry(
    "uk-japan-cyber-dialogue",
    "UK and Japan hold cyber dialogue in Tokyo",
    datetime(2024, 11, 19, 8, 0, tzinfo=UTC),
    summary="The UK and Japan held their cyber dialogue.",
)
FLOODS = Entry(
    "flood-relief",
    "UK announces support for flood-affected communities",
    datetime(2024, 11, 18, 14, 0, tzinfo=UTC),
)
CHARITIES = Entry(
    "charity-guidance",
    "New cyber security guidance for small charities",
    datetime(2024, 11, 17, 9, 0, tzinfo=UTC),
)
ENTRIES = (DIALOGUE, FLOODS, CHARITIES)


def poll(
    fetcher: FakeFetcher,
    store: Store,
    *,
    settings: Settings | None = None,
    now: datetime = NOW,
) -> SourceResult:
    return asyncio.run(
        poll_source(
            SOURCE,
            fetcher=fetcher.as_fetcher(),
            store=store,
            settings=settings or Settings(),
            now=now,
            rng=Random(0),
        )
    )


def publisher(*entries: Entry) -> FakeFetcher:
    """A site serving a feed of ``entries`` and each entry's article page."""
    answers = {e.url: article_page(e, f"Full text of {e.title}.") for e in entries}
    return FakeFetcher({FEED_URL: rss(entries), **answers})


def fetch_log(db: Database) -> list[tuple[str, int | None, str | None]]:
    return [(r["url"], r["status"], r["error"]) for r in db["fetch_log"].rows]


def test_a_new_item_has_its_article_read_once_and_is_stored_with_its_text(store: Store) -> None:
    fetcher = publisher(DIALOGUE)

    result = poll(fetcher, store)

    assert (result.new, result.items, result.deferred, result.status) == (1, 1, 0, "new")
    assert fetcher.urls() == [FEED_URL, DIALOGUE.url]
    release = store.release(result.new_ids[0])
    assert (release.url, release.title) == (DIALOGUE.url, DIALOGUE.title)
    assert release.published == DIALOGUE.published
    assert "Full text of UK and Japan hold cyber dialogue in Tokyo." in release.body
    state = store.source_state(SOURCE.name)
    assert (state.etag, state.last_status, state.items_last_poll) == ('"feed-v1"', 200, 1)
    assert state.next_check is not None and state.next_check > NOW


def test_the_first_poll_sends_no_validators_and_the_next_sends_the_stored_ones(
    store: Store,
) -> None:
    fetcher = publisher(DIALOGUE)
    poll(fetcher, store)
    poll(fetcher, store, now=NOW + timedelta(hours=1))

    feed_requests = [r for r in fetcher.requests if r.url == FEED_URL]
    assert [r.validators for r in feed_requests] == [
        Validators(),
        Validators(etag='"feed-v1"'),
    ]
    assert {r.source for r in fetcher.requests} == {SOURCE.name}


def test_a_304_stores_nothing_and_keeps_the_validators(store: Store) -> None:
    store.record_success(
        SOURCE.name, validators=Validators(etag='"feed-v1"'), status=200, items=3, now=NOW
    )
    fetcher = FakeFetcher({FEED_URL: not_modified(etag=None)})

    result = poll(fetcher, store, now=NOW + timedelta(hours=1))

    assert (result.not_modified, result.items, result.status) == (True, 3, "not modified")
    assert fetcher.urls() == [FEED_URL]
    assert store.count_releases() == 0
    state = store.source_state(SOURCE.name)
    assert (state.etag, state.last_status, state.items_last_poll) == ('"feed-v1"', 304, 3)
    assert state.next_check is not None and state.next_check > NOW + timedelta(hours=1)


def test_an_unchanged_listed_item_is_only_touched_without_reading_its_article(
    store: Store, db: Database
) -> None:
    fetcher = publisher(DIALOGUE)
    first = poll(fetcher, store)
    fetcher.requests.clear()
    later = NOW + timedelta(hours=1)

    again = poll(fetcher, store, now=later)

    assert (again.new, again.updated, again.unchanged, again.status) == (0, 0, 1, "unchanged")
    assert fetcher.urls() == [FEED_URL]
    release = store.release(first.new_ids[0])
    assert (release.first_seen, release.last_seen) == (NOW, later)
    assert store.count_releases() == 1
    assert len(fetch_log(db)) == 3  # feed + article, then the feed alone


def test_an_article_that_cannot_be_read_is_deferred_and_the_validators_dropped(
    store: Store, db: Database
) -> None:
    fetcher = publisher(DIALOGUE, FLOODS)
    fetcher.answers[FLOODS.url] = TransientFetchError(
        "HTTP 503", source=SOURCE.name, url=FLOODS.url, status=503
    )

    result = poll(fetcher, store)

    assert (result.new, result.deferred, result.items) == (1, 1, 2)
    assert [r.url for r in store.recent(since=NOW - timedelta(days=1))] == [DIALOGUE.url]
    state = store.source_state(SOURCE.name)
    assert (state.etag, state.last_modified, state.consecutive_failures) == (None, None, 0)
    assert (FLOODS.url, 503, f"HTTP 503: {FLOODS.url}") in fetch_log(db)


def test_a_deferred_item_is_read_on_the_next_poll(store: Store) -> None:
    fetcher = publisher(DIALOGUE, FLOODS)
    fetcher.answers[FLOODS.url] = FetchError("HTTP 404", url=FLOODS.url, status=404)
    poll(fetcher, store)
    fetcher.answers[FLOODS.url] = article_page(FLOODS, "Relief for families.")
    fetcher.requests.clear()

    result = poll(fetcher, store, now=NOW + timedelta(hours=1))

    assert (result.new, result.unchanged, result.deferred) == (1, 1, 0)
    assert fetcher.requests[0].validators == Validators()
    assert fetcher.urls()[1:] == [FLOODS.url]
    assert store.source_state(SOURCE.name).etag == '"feed-v1"'


def test_a_permanent_error_is_recorded_as_a_failure_with_a_later_next_check(
    store: Store, db: Database
) -> None:
    fetcher = FakeFetcher({FEED_URL: FetchError("HTTP 410", url=FEED_URL, status=410)})

    result = poll(fetcher, store)

    assert (result.failed, result.error, result.status) == (True, f"HTTP 410: {FEED_URL}", "failed")
    state = store.source_state(SOURCE.name)
    assert (state.consecutive_failures, state.last_status) == (1, 410)
    assert state.last_error == f"HTTP 410: {FEED_URL}"
    assert state.next_check is not None and state.next_check > NOW
    assert fetch_log(db) == [(FEED_URL, 410, f"HTTP 410: {FEED_URL}")]
    assert store.count_releases() == 0


def test_a_transient_error_is_raised_for_the_caller_to_retry_and_not_recorded_as_a_failure(
    store: Store, db: Database
) -> None:
    error = TransientFetchError("timed out", url=FEED_URL, retry_after=60.0)
    fetcher = FakeFetcher({FEED_URL: error})

    with pytest.raises(TransientFetchError) as raised:
        poll(fetcher, store)

    assert raised.value is error
    assert store.source_state(SOURCE.name).consecutive_failures == 0
    assert fetch_log(db) == [(FEED_URL, None, f"timed out: {FEED_URL}")]


def test_an_answer_that_is_not_a_feed_is_a_failure(store: Store) -> None:
    page = article_page(DIALOGUE, "Please enable JavaScript.")
    fetcher = FakeFetcher({FEED_URL: page})

    result = poll(fetcher, store)

    assert result.failed
    assert result.error is not None and "expected a feed, got an HTML page" in result.error
    assert store.source_state(SOURCE.name).consecutive_failures == 1


def test_the_article_budget_defers_the_rest_to_the_next_poll(store: Store) -> None:
    fetcher = publisher(*ENTRIES)
    settings = Settings(fetch=FetchSettings(max_articles=2))

    first = poll(fetcher, store, settings=settings)

    assert (first.new, first.deferred, first.items) == (2, 1, 3)
    assert len(fetcher.requests) == 1 + 2
    assert store.source_state(SOURCE.name).etag is None
    fetcher.requests.clear()

    second = poll(fetcher, store, settings=settings, now=NOW + timedelta(hours=1))

    assert (second.new, second.unchanged, second.deferred) == (1, 2, 0)
    assert len(fetcher.requests) == 1 + 1
    assert store.count_releases() == 3
    assert store.source_state(SOURCE.name).etag == '"feed-v1"'


def test_an_empty_feed_is_counted_towards_layout_drift_until_it_is_reported(
    store: Store,
) -> None:
    fetcher = FakeFetcher({FEED_URL: rss([])})
    settings = Settings()
    after = settings.poll.drift_after

    results = [
        poll(fetcher, store, settings=settings, now=NOW + timedelta(hours=h)) for h in range(after)
    ]

    assert [r.drift for r in results[:-1]] == [None] * (after - 1)
    assert results[-1].drift == f"no items ({after} polls in a row)"
    state = store.source_state(SOURCE.name)
    assert (state.empty_polls, state.drift_since, state.etag) == (after, NOW, None)


def test_the_fake_fetcher_is_called_as_the_real_one_is() -> None:
    assert inspect.signature(FakeFetcher.get) == inspect.signature(Fetcher.get)


def test_a_failure_given_up_on_waits_at_least_its_retry_after_and_longer_each_time(
    store: Store,
) -> None:
    rules = Settings().schedule
    error = TransientFetchError("HTTP 429", url=FEED_URL, status=429, retry_after=6 * 3600.0)

    result = record_failure(store, SOURCE, error, now=NOW, rules=rules, rng=Random(0))

    assert result == SourceResult(SOURCE.name, error=f"HTTP 429: {FEED_URL}")
    first = store.source_state(SOURCE.name)
    assert first.next_check is not None and first.next_check >= NOW + timedelta(hours=6)
    for _ in range(3):
        record_failure(store, SOURCE, FetchError("HTTP 500"), now=NOW, rules=rules, rng=Random(0))
    later = store.source_state(SOURCE.name)
    assert later.consecutive_failures == 4
    assert later.next_check is not None
    assert later.next_check - NOW > rules.check_interval * 2**2  # backed off past 4x
