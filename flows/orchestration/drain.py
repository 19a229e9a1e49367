"""Stopping ``serve`` gently: no new runs, and the runs in flight allowed to finish.

    drained = drain(api_url, [("poll", "scheduled"), ("digest", "daily")], timeout=60)

Pauses the deployments (the server deletes their runs still scheduled, so the runner starts no
more), then waits until none of their runs is pending, running or cancelling, at most
``timeout`` seconds. A poll then ends at a release boundary with its report, and a digest after
its send, rather than being cancelled halfway; what is still running after the timeout is
cancelled by the runner's own stop. Talks to the Prefect REST API with plain HTTP.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

import httpx

log = logging.getLogger("cyberwatch.serve")

ACTIVE = ("PENDING", "RUNNING", "CANCELLING")


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
        with httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=5.0) as client:
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


def _pause(client: httpx.Client, flow: str, name: str) -> str | None:
    found = client.get(f"deployments/name/{flow}/{name}")
    if found.status_code == 404:
        return None
    found.raise_for_status()
    deployment_id = str(found.json()["id"])
    client.post(f"deployments/{deployment_id}/pause_deployment").raise_for_status()
    return deployment_id


def _in_flight(client: httpx.Client, deployment_ids: list[str]) -> int:
    if not deployment_ids:
        return 0
    body = {
        "deployments": {"id": {"any_": deployment_ids}},
        "flow_runs": {"state": {"type": {"any_": list(ACTIVE)}}},
        "limit": 50,
    }
    answer = client.post("flow_runs/filter", json=body)
    answer.raise_for_status()
    runs = answer.json()
    return len(runs) if isinstance(runs, list) else 0
