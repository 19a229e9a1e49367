"""What a poll works with: the settings, the archive, the HTTP fetcher and the judges, opened
together."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from config import Settings
from flows.core.judging import Judges
from scrapers import Fetcher
from storage import Store


@dataclass(frozen=True, slots=True)
class Runtime:
    """What a poll works with: the settings, the archive, the HTTP fetcher, and the judges
    (the run's compiled analysis rules, and its worker processes if the run grows large)."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    judges: Judges


# The archive's page cache in a poll, whose writes are a source's releases a transaction. With
# the 64 MiB an import wants, a cold poll of 1,000 sources (20,000 releases) filled it and took
# 45-50 MB more memory at its peak, and no less time (docs/performance.md, session 20); 8 MiB
# instead of 16 took 8-9 MB off again, in no measurably longer time (session 24), and 4 MiB
# another 4-6 MB (session 25, two pairs: 85-92 s both).
POLL_CACHE_MIB = 4
# A run's writes are committed together, those of ``HOLD_SECONDS`` at a time (``Store.holding``):
# a source's batch commits with the others', and the pages they share (the indexes' last
# leaves, the full-text index's new segment, the sources' rows) are written and synced once
# for all of them, not once a source. Then for ``BREATHE_SECONDS`` each batch commits on its
# own, as it would with no run going on, so that another process's writer (an import, a
# digest) gets the write lock between two batches within its busy timeout.
HOLD_SECONDS = 1.0
BREATHE_SECONDS = 0.2


@asynccontextmanager
async def open_runtime(settings: Settings, *, hold: float = HOLD_SECONDS) -> AsyncIterator[Runtime]:
    """Open the archive, the fetcher and the judges for one run, and close them however it
    ends; meanwhile the run's writes are committed ``hold`` seconds' worth at a time, and what
    the process held as the run began is out of the garbage collector's passes
    (``_frozen_heap``)."""
    store = Store.open(settings.db, cache_mib=POLL_CACHE_MIB)
    try:
        with (
            _frozen_heap(),
            Judges(settings.analysis, workers=settings.poll.pool_workers) as judges,
        ):
            async with Fetcher(settings.fetch) as fetcher, _committed_in_rounds(store, hold):
                yield Runtime(settings=settings, store=store, fetcher=fetcher, judges=judges)
    finally:
        store.close()


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """While the block runs, the garbage collector passes no more over what the process holds
    as it begins (imported modules, models, settings: they live as long as the run); they are
    unfrozen after it, for whatever the process does next. A cold poll of 1,000 sources spent
    3.5 s of its main process in full collections, 0.85 with them frozen."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@asynccontextmanager
async def _committed_in_rounds(store: Store, hold: float) -> AsyncIterator[None]:
    """Hold the run's writes ``hold`` seconds at a time, ``BREATHE_SECONDS`` apart; what is held
    is committed when the block ends, however it ends (a failed commit raises here)."""
    rounds = asyncio.create_task(_rounds(store, hold))
    try:
        yield
    finally:
        rounds.cancel()
        await asyncio.wait([rounds])  # its held writes committed (a cancellation of ours raises)
        if not rounds.cancelled() and (error := rounds.exception()) is not None:
            raise error  # a commit failed: the writes it held were rolled back


async def _rounds(store: Store, hold: float) -> None:
    while True:
        with store.holding():
            await asyncio.sleep(hold)
        await asyncio.sleep(BREATHE_SECONDS)
