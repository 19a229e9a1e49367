"""Stopping ``serve`` gently: no new runs, and the runs in flight allowed to finish.

    drained = drain(api_url, [("poll", "scheduled"), ("digest", "daily")], timeout=60)

Pauses the deployments (the server deletes their runs still scheduled, so the runner starts no
more), then waits until none of their runs is pending, running or cancelling, at most
``timeout`` seconds. A poll then ends at a release boundary with its report, and a digest after
its send, rather than being cancelled halfway; what is still running after the timeout is
cancelled by the runner's own stop. Talks to the server with Prefect's client.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from uuid import UUID

import httpx
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.exceptions import ObjectNotFound

from flows.orchestration.client import prefect_client

log = logging.getLogger("cyberwatch.serve")

ACTIVE = (StateType.PENDING, StateType.RUNNING, StateType.CANCELLING)
API_TIMEOUT = 5.0  # seconds for each request
RETRIES = 2  # a server busy with the runner's own shutdown may answer 503 at first


def drain(
    api_url: str,
    deployments: Sequence[tuple[str, str]],
    *,
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> bool:
    """Pause ``deployments`` ((flow, deployment) names) and wait for their runs in flight;
    True once none is left, False after ``timeout`` or when the server does not answer."""
    try:
        with prefect_client(api_url, timeout=API_TIMEOUT, retries=RETRIES) as client:
            ids = [i for i in (_pause(client, flow, name) for flow, name in deployments) if i]
            started = clock()
            while _in_flight(client, ids):
                if clock() - started > timeout:
                    log.warning("runs still in flight after %.0f s: cancelling them", timeout)
                    return False
                sleep(0.5)
    except httpx.HTTPError as e:
        log.warning("cannot wait for the runs in flight: %s", e)
        return False
    return True


def _pause(client: SyncPrefectClient, flow: str, name: str) -> UUID | None:
    try:
        deployment = client.read_deployment_by_name(f"{flow}/{name}")
        client.pause_deployment(deployment.id)
    except ObjectNotFound:  # never deployed, or deleted meanwhile: nothing of it to wait for
        return None
    return deployment.id


def _in_flight(client: SyncPrefectClient, deployment_ids: list[UUID]) -> int:
    if not deployment_ids:
        return 0
    runs = client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=deployment_ids)),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=list(ACTIVE)))
        ),
        limit=50,
    )
    return len(runs)
