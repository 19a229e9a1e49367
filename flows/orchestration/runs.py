"""The flow runs ``cyberwatch status`` shows, from the Prefect server: the last runs of each flow
and the next scheduled one (``flows.core.status.FlowRuns``), read with Prefect's client."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import httpx
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun as PrefectFlowRun
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.sorting import FlowRunSort

from flows.core.status import FlowRun, FlowRuns
from flows.orchestration.client import prefect_client

FLOWS = ("poll", "digest")
RUNS_SHOWN = 3
API_TIMEOUT = 3.0  # seconds: status stays fast when the server hangs

_PAST = FlowRunFilter(
    state=FlowRunFilterState(type=FlowRunFilterStateType(not_any_=[StateType.SCHEDULED]))
)
_SCHEDULED = FlowRunFilter(
    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
)


def flow_runs(
    api_url: str, flows: Sequence[str] = FLOWS, *, last: int = RUNS_SHOWN
) -> FlowRuns | None:
    """The ``last`` runs of each flow, newest first, then its next scheduled one; None when the
    server at ``api_url`` does not answer."""
    runs: list[FlowRun] = []
    try:
        with prefect_client(api_url, timeout=API_TIMEOUT) as client:
            for flow in flows:
                named = FlowFilter(name=FlowFilterName(any_=[flow]))
                done = client.read_flow_runs(
                    flow_filter=named,
                    flow_run_filter=_PAST,
                    sort=FlowRunSort.START_TIME_DESC,
                    limit=last,
                )
                later = client.read_flow_runs(
                    flow_filter=named,
                    flow_run_filter=_SCHEDULED,
                    sort=FlowRunSort.EXPECTED_START_TIME_ASC,
                    limit=1,
                )
                runs += [_run(flow, r) for r in done]
                runs += [_run(flow, r, scheduled=True) for r in later]
    except (httpx.HTTPError, ValueError):  # no answer, an error status, or not Prefect's
        return None
    return FlowRuns(api=api_url, runs=tuple(runs))


def _run(flow: str, run: PrefectFlowRun, *, scheduled: bool = False) -> FlowRun:
    start = run.start_time or run.expected_start_time
    seconds = run.total_run_time.total_seconds()
    state = run.state_name or (run.state_type.value if run.state_type else None)
    return FlowRun(
        flow=flow,
        name=run.name,
        state=state or "?",
        start=_utc(start) if start else None,
        seconds=seconds if seconds and not scheduled else None,
        scheduled=scheduled,
    )


def _utc(moment: datetime) -> datetime:
    """A plain ``datetime`` in UTC (Prefect's own datetime class stays in Prefect)."""
    at = moment.astimezone(UTC)
    return datetime(
        at.year, at.month, at.day, at.hour, at.minute, at.second, at.microsecond, tzinfo=UTC
    )
