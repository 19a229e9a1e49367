"""Layout-drift streaks, the origin of releases and backfill progress, in a real SQLite file."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from scrapers.model import Item, Validators
from storage import BackfillState, Store

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "archive.db") as store:
        yield store


def test_drift_streak_counts_answered_polls_with_a_problem(store: Store) -> None:
    assert store.record_layout("board", problem=None, now=T0) == 0
    for n in range(1, 4):
        assert store.record_layout("board", problem="no items", now=T0 + n * HOUR) == n
    state = store.source_state("board")
    assert (state.empty_polls, state.drift_since, state.drift_reason) == (3, T0 + HOUR, "no items")
    assert state.drifting(after=3)
    assert not state.drifting(after=4)
    # Other state is kept apart: a success does not clear the streak, a good layout does.
    store.record_success("board", validators=Validators(), status=200, items=0, now=T0 + 4 * HOUR)
    assert store.source_state("board").empty_polls == 3
    assert store.record_layout("board", problem=None, now=T0 + 5 * HOUR) == 0
    state = store.source_state("board")
    assert (state.empty_polls, state.drift_since, state.drift_reason) == (0, None, None)


def test_origin_is_that_of_the_first_arrival(store: Store) -> None:
    old = Item(source="board", url="https://x.org/view?seq=1", title="Old", body="Text")
    first = store.save(old, now=T0, origin="backfill")
    assert store.release(first.id).origin == "backfill"
    polled = Item(source="board", url="https://x.org/view?seq=2", title="New", body="Text")
    second = store.save(polled, now=T0)
    assert store.release(second.id).origin == "poll"
    again = store.save(polled, now=T0 + HOUR, origin="backfill")
    assert (again.id, again.outcome) == (second.id, "unchanged")
    assert store.release(second.id).origin == "poll"


def test_backfill_state_round_trips_per_source_and_dates(store: Store) -> None:
    since = date(2024, 1, 1)
    assert store.backfill_state("board", since=since, until=None) is None
    state = BackfillState(
        source="board",
        since=since,
        until=None,
        until_used=date(2025, 5, 1),
        pages_done=2,
        next_url="https://x.org/list?page=3",
        started_at=T0,
        updated_at=T0 + HOUR,
        finished_at=None,
    )
    store.save_backfill_state(state)
    assert store.backfill_state("board", since=since, until=None) == state
    assert store.backfill_state("board", since=since, until=date(2024, 6, 30)) is None
    done = replace(state, pages_done=3, next_url=None, finished_at=T0 + 2 * HOUR)
    store.save_backfill_state(done)
    loaded = store.backfill_state("board", since=since, until=None)
    assert loaded == done
    assert loaded.finished
