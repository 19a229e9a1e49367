"""A source's health in one word and the numbers behind it, worded once for every screen.

``sources``, ``status`` and the digest's health line all describe a source's state through
``health_label``: ``never polled``, ``ok``, ``FAILING (n in a row)`` or ``LAYOUT DRIFT? (...)``.
"""

from __future__ import annotations

from storage import SourceState


def health_label(state: SourceState | None, *, drift_after: int) -> str:
    """How a source is doing: never polled, failing, drifting (see ``SourceState.drifting``)
    or ok."""
    if state is None or state.last_attempt is None:
        return "never polled"
    if state.consecutive_failures:
        return f"FAILING ({state.consecutive_failures} in a row)"
    if state.drifting(after=drift_after):
        since = state.drift_since.date().isoformat() if state.drift_since else "(no date)"
        return f"LAYOUT DRIFT? ({state.empty_polls} polls with no items since {since})"
    return "ok"
