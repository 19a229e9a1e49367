from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from scrapers.model import Validators
from storage import SourceState, Store

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=30)
T2 = T0 + timedelta(minutes=60)
T3 = T0 + timedelta(minutes=90)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path) as store:
        yield store


def test_an_unknown_source_has_an_empty_state(store: Store) -> None:
    state = store.source_state("never-polled")
    assert state == SourceState(name="never-polled")
    assert not state.failing
    assert store.source_states() == []


def test_success_records_validators_and_counts(store: Store) -> None:
    validators = Validators(etag='"v1"', last_modified="Thu, 01 May 2025 08:00:00 GMT")
    store.record_success("fcdo", validators=validators, status=200, items=12, now=T0)

    assert store.source_state("fcdo") == SourceState(
        name="fcdo",
        etag='"v1"',
        last_modified="Thu, 01 May 2025 08:00:00 GMT",
        last_success=T0,
        last_attempt=T0,
        last_status=200,
        consecutive_failures=0,
        items_last_poll=12,
    )


def test_a_304_without_validators_keeps_the_stored_ones(store: Store) -> None:
    store.record_success(
        "fcdo", validators=Validators(etag='"v1"', last_modified="old"), status=200, items=3, now=T0
    )
    store.record_success("fcdo", validators=Validators(), status=304, items=0, now=T1)
    state = store.source_state("fcdo")
    assert (state.etag, state.last_modified, state.last_status) == ('"v1"', "old", 304)
    assert (state.last_success, state.items_last_poll) == (T1, 0)

    store.record_success(
        "fcdo", validators=Validators(last_modified="new"), status=304, items=0, now=T2
    )
    state = store.source_state("fcdo")
    assert (state.etag, state.last_modified) == ('"v1"', "new")

    store.record_success("fcdo", validators=Validators(), status=200, items=2, now=T3)
    state = store.source_state("fcdo")
    assert (state.etag, state.last_modified) == (None, None)


def test_failures_count_up_and_a_success_resets_the_streak(store: Store) -> None:
    store.record_success("mofa", validators=Validators(etag='"e"'), status=200, items=4, now=T0)
    store.record_failure("mofa", error="HTTP 503: https://mofa.example/", status=503, now=T1)
    store.record_failure("mofa", error="timed out: https://mofa.example/", status=None, now=T2)

    state = store.source_state("mofa")
    assert state.failing
    assert state.consecutive_failures == 2
    assert (state.last_error, state.last_error_at) == ("timed out: https://mofa.example/", T2)
    assert (state.last_attempt, state.last_status) == (T2, None)
    assert (state.last_success, state.etag) == (T0, '"e"')

    store.record_success("mofa", validators=Validators(etag='"e"'), status=200, items=1, now=T3)
    state = store.source_state("mofa")
    assert not state.failing
    assert state.consecutive_failures == 0
    assert (state.last_error, state.last_error_at) == ("timed out: https://mofa.example/", T2)
    assert (state.last_success, state.last_attempt, state.last_status) == (T3, T3, 200)


def test_a_first_failure_creates_the_source(store: Store) -> None:
    store.record_failure("new", error="HTTP 404", status=404, now=T0)
    assert store.source_state("new") == SourceState(
        name="new",
        last_error="HTTP 404",
        last_error_at=T0,
        last_attempt=T0,
        last_status=404,
        consecutive_failures=1,
    )


def test_source_states_lists_every_source_by_name(store: Store) -> None:
    store.record_failure("zeta", error="x", status=500, now=T0)
    store.record_success("alpha", validators=Validators(), status=200, items=0, now=T0)
    assert [state.name for state in store.source_states()] == ["alpha", "zeta"]


def test_log_fetch_appends_a_row(store: Store, path: Path) -> None:
    store.log_fetch(
        source="fcdo",
        url="https://f.example/feed",
        status=200,
        elapsed=0.25,
        size=2048,
        error=None,
        now=T0,
    )
    store.log_fetch(
        source="fcdo",
        url="https://f.example/feed",
        status=None,
        elapsed=20.0,
        size=0,
        error="timed out",
        now=T1,
    )
    with Database(path) as db:
        rows = list(
            db.query("SELECT source, url, at, status, elapsed, bytes, error FROM fetch_log")
        )
    assert rows == [
        {
            "source": "fcdo",
            "url": "https://f.example/feed",
            "at": "2025-05-01T09:00:00.000000+00:00",
            "status": 200,
            "elapsed": 0.25,
            "bytes": 2048,
            "error": None,
        },
        {
            "source": "fcdo",
            "url": "https://f.example/feed",
            "at": "2025-05-01T09:30:00.000000+00:00",
            "status": None,
            "elapsed": 20.0,
            "bytes": 0,
            "error": "timed out",
        },
    ]


def test_publication_dates_are_read_by_one_seek_into_the_sources_index(store: Store) -> None:
    statements: list[str] = []
    store._db.conn.set_trace_callback(statements.append)
    store.publication_dates("a-source", limit=10)
    store._db.conn.set_trace_callback(None)
    (query,) = [s for s in statements if "published" in s]  # with its values bound
    plan = store._db.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
    assert [row[3] for row in plan] == [
        "SEARCH releases USING COVERING INDEX releases_source_published (source=? AND published>?)"
    ]
