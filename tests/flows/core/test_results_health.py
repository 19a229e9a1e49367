"""The words a poll's outcome and a source's health are shown with: SourceResult.status,
PollReport's totals and health_label. Pure, no archive."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.core.health import health_label
from flows.core.results import PollReport, SourceResult
from storage import SourceState

NOW = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("result", "status"),
    [
        (SourceResult("s", error="HTTP 404", new=2), "failed"),
        (SourceResult("s", not_modified=True, items=4), "not modified"),
        (SourceResult("s", new=1, updated=2, unchanged=3), "new"),
        (SourceResult("s", updated=2, unchanged=3), "updated"),
        (SourceResult("s", unchanged=3), "unchanged"),
        (SourceResult("s"), "unchanged"),
    ],
)
def test_a_source_result_is_worded_by_its_most_telling_outcome(
    result: SourceResult, status: str
) -> None:
    assert result.status == status
    assert result.failed == (status == "failed")


def test_a_poll_report_gathers_the_failures_and_new_ids_of_its_sources() -> None:
    broken = SourceResult("b", error="timed out")
    report = PollReport(
        started=NOW,
        results=(SourceResult("a", new=2, new_ids=(1, 2)), broken, SourceResult("c", new_ids=(7,))),
    )

    assert report.failed == (broken,)
    assert report.new_ids == (1, 2, 7)


def test_a_source_without_a_state_or_an_attempt_was_never_polled() -> None:
    assert health_label(None, drift_after=3) == "never polled"
    assert health_label(SourceState(name="s"), drift_after=3) == "never polled"


def test_a_failing_source_says_how_many_times_in_a_row() -> None:
    state = SourceState(name="s", last_attempt=NOW, consecutive_failures=2, empty_polls=5)

    assert health_label(state, drift_after=3) == "FAILING (2 in a row)"


def test_a_source_drifts_once_its_empty_polls_reach_the_threshold() -> None:
    state = SourceState(name="s", last_attempt=NOW, empty_polls=3, drift_since=NOW)

    assert health_label(state, drift_after=3) == (
        "LAYOUT DRIFT? (3 polls with no items since 2024-11-20)"
    )
    assert health_label(state, drift_after=4) == "ok"


def test_a_drift_without_a_start_date_says_so() -> None:
    state = SourceState(name="s", last_attempt=NOW, empty_polls=2)

    assert health_label(state, drift_after=2) == (
        "LAYOUT DRIFT? (2 polls with no items since (no date))"
    )


def test_a_source_polled_without_trouble_is_ok() -> None:
    state = SourceState(name="s", last_attempt=NOW, last_success=NOW)

    assert health_label(state, drift_after=3) == "ok"
