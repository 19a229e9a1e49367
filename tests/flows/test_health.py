"""A source's health, assessed once (flows/core/health.py): the condition and its label."""

from datetime import UTC, datetime

import pytest

from flows.core.health import assess, health_label
from storage import SourceState

NOW = datetime(2026, 11, 28, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("state", "condition", "label"),
    [
        (SourceState(name="new"), "never polled", "never polled"),
        (SourceState(name="fine", last_attempt=NOW, last_success=NOW), "ok", "ok"),
        (
            SourceState(name="down", last_attempt=NOW, consecutive_failures=3, last_error="503"),
            "failing",
            "FAILING (3 in a row)",
        ),
        (
            SourceState(name="moved", last_attempt=NOW, empty_polls=4, drift_since=NOW),
            "drifting",
            "LAYOUT DRIFT? (4 polls with no items since 2026-11-28)",
        ),
        (
            SourceState(name="quiet", last_attempt=NOW, empty_polls=2, drift_since=NOW),
            "ok",
            "ok",
        ),
    ],
)
def test_assess_names_the_condition_and_the_label_words_it(
    state: SourceState, condition: str, label: str
) -> None:
    health = assess(state, drift_after=3)
    assert health.condition == condition
    assert health.label == label
    assert health_label(state, drift_after=3) == label


def test_failing_wins_over_drifting_and_a_source_without_state_was_never_polled() -> None:
    both = SourceState(name="x", last_attempt=NOW, consecutive_failures=1, empty_polls=5)
    assert assess(both, drift_after=3).condition == "failing"
    assert health_label(None, drift_after=3) == "never polled"
