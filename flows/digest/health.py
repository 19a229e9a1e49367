"""Source health for a digest: which enabled sources are failing, and which have gone silent.

Failing, broken and drifting are the shared assessment (``flows.core.health.assess``), worded
here as the digest says them. Failing: the latest polls of the source failed (the reason is the
last error), or the latest ``sources check`` found it broken (its problem). Silent, for a
source that is not failing: its layout seems to have changed (drifting), or it has had no
successful poll, or no new release, for ``[digest] silent_after_days``: the poller may have
stopped or the publisher moved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from config import Source
from flows.core.health import Health, assess
from flows.digest.model import SourceHealth, SourceIssue
from storage import SourceState


def _days(span: timedelta) -> str:
    days = span.days
    return f"{days} day{'' if days == 1 else 's'}"


def _failing(state: SourceState) -> SourceIssue:
    error = " ".join((state.last_error or "failed").split())
    streak = state.consecutive_failures
    reason = f"{error}, {streak} polls in a row" if streak > 1 else error
    return SourceIssue(state.name, reason, since=state.last_success)


def _broken(state: SourceState) -> SourceIssue:
    problem = " ".join((state.check_problem or "broken").split())
    return SourceIssue(state.name, f"sources check: {problem}", since=state.checked_at)


def _silent(
    health: Health, newest: datetime | None, *, now: datetime, after: timedelta
) -> SourceIssue | None:
    state = health.state
    if health.condition == "drifting":
        why = f"; {state.drift_reason}" if state.drift_reason else ""
        reason = f"no items in {state.empty_polls} polls in a row, layout changed?{why}"
        return SourceIssue(state.name, reason, since=state.drift_since)
    if state.last_success is None:
        return SourceIssue(state.name, "never polled")
    if now - state.last_success > after:
        gap = _days(now - state.last_success)
        return SourceIssue(state.name, f"no successful poll for {gap}", since=state.last_success)
    if newest is not None and now - newest > after:
        return SourceIssue(state.name, f"no new release for {_days(now - newest)}", since=newest)
    return None


def source_health(
    sources: Sequence[Source],
    states: Sequence[SourceState],
    newest: Mapping[str, datetime],
    *,
    now: datetime,
    silent_after: timedelta,
    drift_after: int,
) -> SourceHealth:
    """The health of the enabled ``sources`` from their polling ``states`` and when each one's
    newest release was first seen."""
    by_name = {state.name: state for state in states}
    failing: list[SourceIssue] = []
    silent: list[SourceIssue] = []
    enabled = [source for source in sources if source.enabled]
    for source in enabled:
        health = assess(
            by_name.get(source.name, SourceState(name=source.name)), drift_after=drift_after
        )
        if health.condition == "failing":
            failing.append(_failing(health.state))
            continue
        if health.condition == "broken":
            failing.append(_broken(health.state))
            continue
        issue = _silent(health, newest.get(source.name), now=now, after=silent_after)
        if issue is not None:
            silent.append(issue)
    return SourceHealth(total=len(enabled), failing=tuple(failing), silent=tuple(silent))
