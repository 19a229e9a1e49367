"""Prefect's own client, for the server at a given URL.

    with prefect_client(api_url, timeout=3.0) as client:   # a SyncPrefectClient
        client.read_flow_runs(...)

The URL is applied through ``temporary_settings`` (never an ephemeral server, and nothing written
to ``os.environ``). Each request waits at most ``timeout`` seconds and is tried again ``retries``
times only (Prefect's client retries timeouts and a busy server's 503 with a doubling delay, five
times by default): ``status`` stays fast, and stopping ``serve`` is not held up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings


@contextmanager
def prefect_client(
    api_url: str, *, timeout: float, retries: int = 0
) -> Iterator[SyncPrefectClient]:
    """A client of the Prefect server at ``api_url`` (``http://host:port/api``) for the block."""
    with (
        temporary_settings(updates={PREFECT_API_URL: api_url, PREFECT_CLIENT_MAX_RETRIES: retries}),
        get_client(httpx_settings={"timeout": timeout}, sync_client=True) as client,
    ):
        yield client
