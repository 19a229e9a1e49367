"""Progress of long work (poll, backfill, import): reported as log records, shown as a bar.

The work reports each step with ``report(...)``: an INFO record on the ``cyberwatch.progress``
logger carrying a ``Step``. Whoever runs the work decides how it looks: ``shown(...)`` draws a
rich progress bar on standard error when that is a terminal, and prints the records as plain
lines otherwise (cron, CI, a pipe). Inside a served flow the records are ordinary log lines,
sent to Prefect with the flow's other logs. The work never knows whether anyone watches.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich is imported only to draw a bar on a terminal
    from rich.progress import Progress, TaskID

PROGRESS_LOGGER = "cyberwatch.progress"
log = logging.getLogger(PROGRESS_LOGGER)


@dataclass(frozen=True, slots=True)
class Step:
    """``done`` of ``total`` (None: not known) units of ``job`` are done; ``item`` was the last."""

    job: str
    done: int
    total: int | None
    item: str


def report(job: str, *, done: int, total: int | None, item: str) -> None:
    """Say that ``done`` of ``total`` units of ``job`` are done, the last being ``item``."""
    step = Step(job=job, done=done, total=total, item=item)
    of = f"/{total}" if total is not None else ""
    log.info("%s %d%s: %s", job, done, of, item, extra={"progress": step})


class _Bar(logging.Handler):
    """Moves a rich progress bar, one task per job, from the progress records."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def emit(self, record: logging.LogRecord) -> None:
        step = getattr(record, "progress", None)
        if not isinstance(step, Step):
            return
        task = self._tasks.get(step.job)
        if task is None:
            task = self._tasks[step.job] = self._progress.add_task(step.job, total=step.total)
        self._progress.update(
            task, completed=step.done, total=step.total, description=f"{step.job}: {step.item}"
        )


@contextmanager
def shown(stream: TextIO | None = None) -> Iterator[None]:
    """Show progress records while the block runs: a bar when ``stream`` (standard error by
    default) is a terminal, else one plain line per record."""
    out = stream if stream is not None else sys.stderr
    logger = logging.getLogger(PROGRESS_LOGGER)
    level, propagate = logger.level, logger.propagate
    handler: logging.Handler
    if out.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(file=out),
            transient=True,
        )
        handler = _Bar(progress)
    else:
        progress = None
        handler = logging.StreamHandler(out)
        handler.setFormatter(logging.Formatter("cyberwatch: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # shown here, not again by Prefect's console
    try:
        if progress is None:
            yield
        else:
            with progress:
                yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
