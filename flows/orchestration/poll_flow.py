"""The ``poll`` Prefect flow: one task per source, run concurrently, transient failures retried.

The work itself is ``flows.core.poll.poll_source``; this module only adds orchestration: retries
with exponential backoff for transient failures (timeouts, 429, 5xx) and nothing else, a
concurrency cap across sources (a source holds its slot only while it works, never through a
retry's delay), a deadline for each source's whole poll (``[poll] source_deadline``, retries
included: a retry that would not fit is not made), sources that answered last time started
first, a summary the flow returns, and, once the sources are polled, the alert channels' new
events (``flows.digest.outbox.run_alerts``). A source that fails, even with
an unexpected error, becomes a failed line of the summary and never fails the other sources.

Which sources: the named ones (always); else every enabled source that is due (its next check
has come, ``scrapers.schedule``), or every enabled one with ``all_sources``. Without ``settings``
(a served or deployed run) the flow loads them as the command line does: ``cyberwatch.toml`` or
``CYBERWATCH_CONFIG``, then the ``CYBERWATCH_*`` environment of the process running it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, cast

from prefect import State, flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.runtime import task_run as current_task_run

from config import Settings, Source, load_settings, load_sources
from flows.core import logs
from flows.core.budget import SourceBudget
from flows.core.poll import poll_source, record_failure
from flows.core.progress import report
from flows.core.results import PollReport, SourceResult
from flows.core.runtime import Runtime, open_runtime
from flows.core.selection import healthy_first, select_sources, shares_by_source, split_due
from flows.digest.outbox import alert_channels, run_alerts
from scrapers import DeadlineError, TransientFetchError


async def _is_transient(task: Any, task_run: TaskRun, state: State[Any]) -> bool:
    """Retry only failures that may pass: a timeout, a refused connection, 429, 5xx."""
    error = await state.aresult(raise_on_failure=False)
    return isinstance(error, TransientFetchError)


@task(
    name="poll-source",
    task_run_name="poll-{source.name}",
    cache_policy=NO_CACHE,
    retry_condition_fn=_is_transient,
)
async def poll_source_task(
    source: Source, runtime: Runtime, budget: SourceBudget, shares: int = 1
) -> SourceResult:
    """Poll one source (fetch, parse, read new articles, store) holding one of the poll's slots,
    within what is left of its deadline. A transient failure is raised for Prefect to retry
    (the delay waited with the slot free) while a retry may help and fits in the deadline; else
    it is recorded as the source's failure (one log line, no traceback). ``shares``: the
    sources on its host, who share its budget of checks."""
    settings = runtime.settings
    async with budget.slot() as left:
        now = datetime.now(UTC)
        began = time.monotonic()
        try:
            async with asyncio.timeout(left):
                result = await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=now,
                    shares=shares,
                    judges=runtime.judges,
                )
        except TimeoutError:
            overdue = DeadlineError(
                f"poll of the source not done within its {budget.seconds:g}-second deadline",
                source=source.name,
                url=source.url,
            )
            result = record_failure(
                runtime.store, source, overdue, now=now, rules=settings.schedule, shares=shares
            )
        except TransientFetchError as e:
            attempt = current_task_run.get_run_count()
            delay = settings.poll.retry_delay * 2 ** (attempt - 1)
            if (
                attempt <= settings.poll.retries
                and _may_pass_soon(e, settings)
                and budget.worth_retrying(after=delay, took=time.monotonic() - began)
            ):
                raise
            result = record_failure(
                runtime.store, source, e, now=now, rules=settings.schedule, shares=shares
            )
    if not result.failed:  # a failure was logged with its reason and next try when recorded
        get_run_logger().info(
            "%s: %s (%d new, %d updated, %d unchanged)",
            source.name,
            result.status,
            result.new,
            result.updated,
            result.unchanged,
        )
    return result


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
    task_fn = poll_source_task.with_options(
        retries=settings.poll.retries,
        retry_delay_seconds=[
            settings.poll.retry_delay * 2**i for i in range(settings.poll.retries)
        ],
    )
    slots = asyncio.Semaphore(settings.fetch.concurrency)
    async with open_runtime(settings) as runtime:
        waiting: tuple[Source, ...] = ()
        if not sources and not all_sources:
            states = {state.name: state for state in runtime.store.source_states()}
            chosen, waiting = split_due(chosen, states, now=started, rules=settings.schedule)
        finished: list[str] = []

        async def one(source: Source) -> SourceResult:
            budget = SourceBudget(slots, seconds=settings.poll.source_deadline)
            # An async task called with return_state=True gives an awaitable of its state;
            # Prefect's overloads type it as the state itself.
            call = task_fn(source, runtime, budget, shares[source.name], return_state=True)
            state = await cast(Awaitable[State[SourceResult]], call)
            result = await _outcome(state, source, runtime, shares[source.name])
            finished.append(source.name)
            report("poll", done=len(finished), total=len(chosen), item=_said(result))
            return result

        # Sources that answered last time take the first slots; results keep catalogue order.
        known = {state.name: state for state in runtime.store.source_states()}
        running = {s.name: asyncio.ensure_future(one(s)) for s in healthy_first(chosen, known)}
        results = await asyncio.gather(*(running[s.name] for s in chosen))
        states = {state.name: state for state in runtime.store.source_states()}
    await _alert(settings)
    later = [states[s.name].next_check for s in waiting if s.name in states]
    return PollReport(
        started=started,
        results=tuple(results),
        not_due=tuple(s.name for s in waiting),
        next_due=min((at for at in later if at is not None), default=None),
    )


async def _alert(settings: Settings) -> None:
    """Right after the poll: each alert channel's new events (and any alert still pending from
    an earlier failure), through the digest outbox. A failure is logged, never the poll's."""
    if not alert_channels(settings):
        return
    report = await asyncio.to_thread(run_alerts, settings, now=datetime.now(UTC))
    logger = get_run_logger()
    for outcome in report.outcomes:
        (logger.warning if outcome.failed else logger.info)("alert %s", outcome.line())


async def _outcome(
    state: State[SourceResult], source: Source, runtime: Runtime, shares: int
) -> SourceResult:
    """The task's result; a task that raised (after its retries) is the source's failure."""
    outcome = await state.aresult(raise_on_failure=False)
    if isinstance(outcome, SourceResult):
        return outcome
    error = outcome if isinstance(outcome, Exception) else None
    return record_failure(
        runtime.store,
        source,
        error or RuntimeError(state.message or "task did not finish"),
        now=datetime.now(UTC),
        rules=runtime.settings.schedule,
        shares=shares,
    )


def _said(result: SourceResult) -> str:
    return f"{result.source} {'FAILED' if result.failed else result.status}"
