"""The ``poll`` Prefect flow: one task per host, its sources polled concurrently inside it, each
with its own result, retries and deadline.

The work itself is ``flows.core.poll.poll_source``; this module only adds orchestration: retries
with exponential backoff for transient failures (timeouts, 429, 5xx) and nothing else, each one
logged (``farm-3: retry 1 of 2 in 1 s: ...``) and counted in the source's result (``attempts``),
a concurrency cap across sources (a source holds its slot only while it works, never through a
retry's delay), a deadline for each source's whole poll (``[poll] source_deadline``, retries
included: a retry that would not fit is not made), sources that answered last time started
first, a summary the flow returns, and, once the sources are polled, the alert channels' new
events (``flows.digest.outbox.run_alerts``). A source that fails, even with an unexpected error,
becomes a failed line of the summary and never fails the other sources.

One Prefect task per host rather than per source: a task run costs about 5 ms of the poll's CPU
and as much of the server's (its states, its events), so with 1,000 sources on 50 hosts the
tasks cost 50 of those instead of 1,000 (docs/performance.md); a host is also the unit the
politeness limits apply to. Each source's result and retries are in the summary and the log,
under its host's task run.

Which sources: the named ones (always); else every enabled source that is due (its next check
has come, ``scrapers.schedule``), or every enabled one with ``all_sources``. Without ``settings``
(a served or deployed run) the flow loads them as the command line does: ``cyberwatch.toml`` or
``CYBERWATCH_CONFIG``, then the ``CYBERWATCH_*`` environment of the process running it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import cast

from prefect import State, flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from config import Settings, Source, load_settings, load_sources
from config.channels import alert_channels
from flows.core import logs
from flows.core.budget import SourceBudget
from flows.core.poll import poll_source, record_failure
from flows.core.progress import report
from flows.core.results import PollReport, SourceResult
from flows.core.runtime import Runtime, open_runtime
from flows.core.selection import (
    by_host,
    healthy_first,
    select_sources,
    shares_by_source,
    split_due,
)
from scrapers import DeadlineError, TransientFetchError

PollOne = Callable[[Source], Awaitable[SourceResult]]


@task(name="poll-host", task_run_name="poll-{host}", cache_policy=NO_CACHE)
async def poll_host_task(
    host: str, sources: Sequence[Source], poll_one: PollOne, at_once: int
) -> list[SourceResult]:
    """Poll the sources on one host, each on its own (``poll_one``), ``at_once`` at a time: the
    host's own limits (``[fetch] per_host``, ``rate``) bound its requests anyway, so more of its
    sources in flight only make each take longer (and run out of its deadline) for nothing."""
    gate = asyncio.Semaphore(at_once)

    async def gated(source: Source) -> SourceResult:
        async with gate:  # before the source's slot and deadline: waiting here costs it nothing
            return await poll_one(source)

    return list(await asyncio.gather(*(gated(source) for source in sources)))


async def poll_with_retries(
    source: Source, runtime: Runtime, budget: SourceBudget, shares: int = 1
) -> SourceResult:
    """Poll one source, trying again after a transient failure while a retry may help and
    fits in its deadline (each retry a warning in the log); any other error is the source's
    failure, never the poll's. ``shares``: the sources on its host, who share its budget of
    checks."""
    settings = runtime.settings
    attempt = 1
    while True:
        try:
            outcome = await _attempt(source, runtime, budget, shares, attempt)
        except Exception as e:  # a bug or an unforeseen answer: this source's failure only
            get_run_logger().error("%s: unexpected error", source.name, exc_info=True)
            outcome = record_failure(
                runtime.store,
                source,
                e,
                now=datetime.now(UTC),
                rules=settings.schedule,
                shares=shares,
            )
        if isinstance(outcome, SourceResult):
            break
        await asyncio.sleep(outcome)  # the retry's delay, its slot free for another source
        attempt += 1
    if not outcome.failed:  # a failure was logged with its reason and next try when recorded
        get_run_logger().info(
            "%s: %s (%d new, %d updated, %d unchanged)",
            source.name,
            outcome.status,
            outcome.new,
            outcome.updated,
            outcome.unchanged,
        )
    return dataclasses.replace(outcome, attempts=attempt)


async def _attempt(
    source: Source, runtime: Runtime, budget: SourceBudget, shares: int, attempt: int
) -> SourceResult | float:
    """One attempt, holding one of the poll's slots, within what is left of the deadline: the
    source's result, or the seconds to wait before the next attempt."""
    settings = runtime.settings
    async with budget.slot() as left:
        now = datetime.now(UTC)
        began = time.monotonic()
        try:
            async with asyncio.timeout(left) as deadline:
                return await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=now,
                    shares=shares,
                    judges=runtime.judges,
                    deadline=deadline,  # not counting the wait behind the run's judging
                )
        except TimeoutError:
            overdue = DeadlineError(
                f"poll of the source not done within its {budget.seconds:g}-second deadline",
                source=source.name,
                url=source.url,
            )
            error: Exception = overdue
        except TransientFetchError as e:
            delay = float(settings.poll.retry_delay * 2 ** (attempt - 1))
            if (
                attempt <= settings.poll.retries
                and _may_pass_soon(e, settings)
                and budget.worth_retrying(after=delay, took=time.monotonic() - began)
            ):
                get_run_logger().warning(
                    "%s: retry %d of %d in %g s: %s",
                    source.name,
                    attempt,
                    settings.poll.retries,
                    delay,
                    e,
                )
                return delay
            error = e
        return record_failure(
            runtime.store, source, error, now=now, rules=settings.schedule, shares=shares
        )


def _may_pass_soon(error: TransientFetchError, settings: Settings) -> bool:
    """A server that asked for a longer wait than we wait out is asked again at its next check,
    not by a retry within this poll."""
    return error.retry_after is None or error.retry_after <= settings.fetch.max_retry_after


@flow(name="poll", log_prints=False)
async def poll(
    settings: Settings | None = None,
    sources: list[str] | None = None,
    all_sources: bool = False,
) -> PollReport:
    """Poll the sources that are due (every enabled one with ``all_sources``, or the named ones)
    into the archive and report per source."""
    settings = settings or load_settings()
    logs.install(settings)
    catalogue = load_sources(settings.sources)
    chosen = select_sources(catalogue, sources)
    shares = shares_by_source(catalogue, chosen)
    started = datetime.now(UTC)
    slots = asyncio.Semaphore(settings.fetch.concurrency)
    async with open_runtime(settings) as runtime:
        waiting: tuple[Source, ...] = ()
        if not sources and not all_sources:
            states = {state.name: state for state in runtime.store.source_states()}
            chosen, waiting = split_due(chosen, states, now=started, rules=settings.schedule)
        results: dict[str, SourceResult] = {}

        async def one(source: Source) -> SourceResult:
            budget = SourceBudget(slots, seconds=settings.poll.source_deadline)
            result = await poll_with_retries(source, runtime, budget, shares[source.name])
            results[source.name] = result
            report("poll", done=len(results), total=len(chosen), item=_said(result))
            return result

        # Sources that answered last time take the first slots (their hosts' tasks start
        # first); results keep catalogue order.
        known = {state.name: state for state in runtime.store.source_states()}
        hosts = by_host(healthy_first(chosen, known))
        await asyncio.gather(
            *(
                _poll_host(host, group, one, results, runtime, shares)
                for host, group in hosts.items()
            )
        )
        states = {state.name: state for state in runtime.store.source_states()}
    await _alert(settings)
    later = [states[s.name].next_check for s in waiting if s.name in states]
    return PollReport(
        started=started,
        results=tuple(results[s.name] for s in chosen),
        not_due=tuple(s.name for s in waiting),
        next_due=min((at for at in later if at is not None), default=None),
    )


async def _poll_host(
    host: str,
    group: list[Source],
    one: PollOne,
    results: dict[str, SourceResult],
    runtime: Runtime,
    shares: dict[str, int],
) -> None:
    """One host's task. If the task itself fails (its sources' own errors never reach it),
    each of its sources without a result is recorded as failed, with the task's error."""
    # An async task called with return_state=True gives an awaitable of its state; Prefect's
    # overloads type it as the state itself. quote(): Prefect need not look into the values.
    at_once = runtime.settings.fetch.per_host
    call = poll_host_task(host, quote(group), quote(one), at_once, return_state=True)
    state = await cast(Awaitable[State[list[SourceResult]]], call)
    if not state.is_failed() and not state.is_crashed():
        return
    outcome = await state.aresult(raise_on_failure=False)
    error = outcome if isinstance(outcome, Exception) else None
    for source in group:
        if source.name not in results:
            results[source.name] = record_failure(
                runtime.store,
                source,
                error or RuntimeError(state.message or "task did not finish"),
                now=datetime.now(UTC),
                rules=runtime.settings.schedule,
                shares=shares[source.name],
            )


async def _alert(settings: Settings) -> None:
    """Right after the poll: each alert channel's new events (and any alert still pending from
    an earlier failure), through the digest outbox. A failure is logged, never the poll's."""
    if not alert_channels(settings):
        return
    from flows.digest.outbox import run_alerts  # the digest's modules: only with alert channels

    report = await asyncio.to_thread(run_alerts, settings, now=datetime.now(UTC))
    logger = get_run_logger()
    for outcome in report.outcomes:
        (logger.warning if outcome.failed else logger.info)("alert %s", outcome.line())


def _said(result: SourceResult) -> str:
    return f"{result.source} {'FAILED' if result.failed else result.status}"
