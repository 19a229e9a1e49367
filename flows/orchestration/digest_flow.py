"""The ``digest`` Prefect flow: each channel's digest composed, sent and marked exactly once.

The work is ``flows.digest.outbox``; this module adds orchestration: one task per channel,
one channel after the other, a channel whose task breaks reported as failed without stopping
the others. No Prefect retries: a failed send stays pending in the outbox and the next run
sends it (see ``flows/digest/outbox.py`` for the exactly-once design).

Without ``settings`` (a served or deployed run) the flow loads them as the command line does:
``cyberwatch.toml`` or ``CYBERWATCH_CONFIG``, then the ``CYBERWATCH_*`` environment.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import cast

from prefect import State, flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from config import ChannelSettings, Settings, load_settings
from flows.core import logs
from flows.digest.outbox import failed, run_one, select_channels
from flows.digest.outcome import ChannelOutcome, DigestReport


@task(name="digest-channel", task_run_name="digest-{channel.name}", cache_policy=NO_CACHE)
async def digest_channel(
    channel: ChannelSettings, settings: Settings, dry_run: bool
) -> tuple[ChannelOutcome, ...]:
    """Compose (or take the pending digest), send and mark one channel's digest."""
    now = datetime.now(UTC)
    outcomes = await asyncio.to_thread(run_one, settings, channel, now=now, dry_run=dry_run)
    logger = get_run_logger()
    for outcome in outcomes:
        (logger.warning if outcome.failed else logger.info)("%s", outcome.line())
    return outcomes


@flow(name="digest", log_prints=False)
async def digest(
    settings: Settings | None = None, channel: str | None = None, dry_run: bool = False
) -> DigestReport:
    """Send each channel's digest (or the named channel's); ``dry_run`` renders it only."""
    settings = settings or load_settings()
    logs.install(settings)
    started = datetime.now(UTC)
    chosen = select_channels(settings, channel, dry_run=dry_run, required=False)
    if not chosen:
        get_run_logger().warning("no digest channel is configured: nothing to send")
    outcomes: list[ChannelOutcome] = []
    for one in chosen:
        # An async task called with return_state=True gives an awaitable of its state;
        # Prefect's overloads type it as the state itself.
        call = digest_channel(one, settings, dry_run, return_state=True)
        state = await cast(Awaitable[State[tuple[ChannelOutcome, ...]]], call)
        result = await state.aresult(raise_on_failure=False)
        if isinstance(result, tuple):
            outcomes.extend(result)
        else:
            error = result if isinstance(result, BaseException) else None
            outcomes.append(
                failed(one, error or RuntimeError(state.message or "did not finish"), settings)
            )
    return DigestReport(started=started, outcomes=tuple(outcomes))
