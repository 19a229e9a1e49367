"""The ``check`` Prefect flow: ``sources check`` of every enabled source, recorded, once a day.

``cyberwatch serve`` runs it daily (``[schedule] check_cron``, 06:00 by default, before the
digest so the digest's health line has it). The work is ``flows.core.check.check_sources``
(fetch each source live, parse it, match its selectors, read its newest release page); this
flow records what it found on each source (``Store.record_check``: ``status`` and
``sources`` show a broken one as ``BROKEN (...)``, the digest's health line lists it with the
failing ones) and tells the alert channels of the sources that broke since the check before
(``flows.digest.breakage``). A broken source is a finding, not a failed run.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from prefect import flow, get_run_logger

from config import Settings, load_settings, load_sources
from flows.core import logs
from flows.core.check import CheckResult, check_sources
from flows.digest.breakage import Broken, announce_broken
from storage import Store


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What the daily check found: every source's result, and which broke since the last."""

    started: datetime
    results: tuple[CheckResult, ...]
    newly_broken: tuple[str, ...]
    notices: tuple[str, ...]  # one line per alert channel told of them

    @property
    def broken(self) -> tuple[str, ...]:
        return tuple(r.source for r in self.results if r.broken)


@flow(name="check", log_prints=False)
async def check(settings: Settings | None = None) -> CheckReport:
    """Check every enabled source live, record the findings, announce the new breakages."""
    settings = settings or load_settings()
    logs.install(settings)
    started = datetime.now(UTC)
    sources = [s for s in load_sources(settings.sources) if s.enabled]
    results = await check_sources(sources, settings=settings)
    newly: list[Broken] = []
    with Store.open(settings.db) as store:
        for result in results:
            problem = "; ".join(result.problems) or None
            if store.record_check(result.source, problem=problem, now=started):
                newly.append(Broken(result.source, problem or ""))
    logger = get_run_logger()
    for result in results:
        if result.broken:
            logger.warning("%s: BROKEN: %s", result.source, "; ".join(result.problems))
    logger.info(
        "sources check: %d of %d broken, %d newly",
        sum(r.broken for r in results),
        len(results),
        len(newly),
    )
    notices = await asyncio.to_thread(
        announce_broken, newly, checked=len(results), settings=settings, now=started
    )
    for line in notices:
        (logger.warning if "FAILED" in line else logger.info)("alert %s", line)
    return CheckReport(
        started=started,
        results=tuple(results),
        newly_broken=tuple(b.source for b in newly),
        notices=tuple(notices),
    )
