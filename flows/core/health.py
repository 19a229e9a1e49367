"""A source's health, assessed once from its stored state for every screen.

``assess`` says what a source's state means: ``failing`` (its latest polls failed), ``broken``
(the latest ``sources check``, run daily by ``serve``, found a problem), ``drifting``
(``[poll] drift_after`` answered polls in a row gave no items: its layout has probably
changed), ``never polled`` or ``ok``. ``sources`` and ``status`` show it as ``health_label``:
``never polled``, ``ok``, ``FAILING (n in a row)``, ``BROKEN (...)`` or ``LAYOUT DRIFT? (...)``;
the digest's
health line words the failing and drifting sources in its own sentences
(``flows.digest.health``), and adds the sources that have gone silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storage import SourceState

Condition = Literal["failing", "broken", "drifting", "never polled", "ok"]


@dataclass(frozen=True, slots=True)
class Health:
    """A source's condition, with the state it was assessed from."""

    condition: Condition
    state: SourceState

    @property
    def label(self) -> str:
        """The condition in a few words: ``FAILING (3 in a row)``."""
        state = self.state
        if self.condition == "failing":
            return f"FAILING ({state.consecutive_failures} in a row)"
        if self.condition == "broken":
            day = state.checked_at.date().isoformat() if state.checked_at else "(no date)"
            return f"BROKEN (sources check {day}: {state.check_problem})"
        if self.condition == "drifting":
            since = state.drift_since.date().isoformat() if state.drift_since else "(no date)"
            return f"LAYOUT DRIFT? ({state.empty_polls} polls with no items since {since})"
        return self.condition


def assess(state: SourceState, *, drift_after: int) -> Health:
    """How the source of ``state`` is doing: failing, broken (by its latest check), drifting
    (see ``SourceState.drifting``), never polled, or ok."""
    if state.failing:
        return Health("failing", state)
    if state.broken:
        return Health("broken", state)
    if state.drifting(after=drift_after):
        return Health("drifting", state)
    if state.last_attempt is None:
        return Health("never polled", state)
    return Health("ok", state)


def health_label(state: SourceState | None, *, drift_after: int) -> str:
    """``assess``'s verdict in a few words; ``never polled`` when there is no state yet."""
    if state is None:
        return "never polled"
    return assess(state, drift_after=drift_after).label
