"""One source's share of a poll: a slot among the sources polled at once, and a deadline.

    budget = SourceBudget(slots, seconds=settings.poll.source_deadline)
    async with budget.slot() as left:           # waits for a free slot; left: seconds remaining
        ...                                     # at most ``left`` seconds of work
    if budget.worth_retrying(after=delay, took=attempt_seconds): ...

A source holds its slot only while it works: a retry's delay is waited with the slot free, so
another source can use it. Its deadline counts from when it first got a slot, so waiting in
the queue costs it nothing, and covers every attempt: retries stop when another attempt as long
as the last one would not fit. The time a source waits for work the whole run shares (its
releases judged in worker processes behind every other source's) does not count against its
deadline (``paused``): the deadline is for a slow or stuck source, not a busy machine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class SourceBudget:
    """A slot from ``slots`` while working, and ``seconds`` for the whole poll of one source."""

    def __init__(
        self,
        slots: asyncio.Semaphore,
        *,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self._slots = slots
        self._clock = clock
        self._started: float | None = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[float]:
        """Hold a slot; give the seconds left of the deadline (started at the first slot)."""
        async with self._slots:
            if self._started is None:
                self._started = self._clock()
            yield self.left()

    def left(self) -> float:
        """Seconds left before the deadline (the whole budget before the first slot)."""
        if self._started is None:
            return self.seconds
        return max(self.seconds - (self._clock() - self._started), 0.0)

    def worth_retrying(self, *, after: float, took: float) -> bool:
        """Whether an attempt as long as the last (``took`` seconds), started ``after`` seconds
        from now, would end before the deadline."""
        return after + took < self.left()


@asynccontextmanager
async def paused(deadline: asyncio.Timeout | None) -> AsyncIterator[None]:
    """The time spent inside does not count against ``deadline`` (an entered
    ``asyncio.timeout``); without one, or once it has expired, nothing changes."""
    when = None if deadline is None or deadline.expired() else deadline.when()
    if deadline is None or when is None:
        yield
        return
    loop = asyncio.get_running_loop()
    left = when - loop.time()
    deadline.reschedule(None)
    try:
        yield
    finally:
        deadline.reschedule(loop.time() + max(left, 0.0))
