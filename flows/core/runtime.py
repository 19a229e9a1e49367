"""What a poll works with: the settings, the archive, the HTTP fetcher and the judges, opened
together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
# 45-50 MB more memory at its peak, and no less time (docs/performance.md, session 20).
POLL_CACHE_MIB = 16


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Open the archive, the fetcher and the judges for one run, and close them however it
    ends."""
    store = Store.open(settings.db, cache_mib=POLL_CACHE_MIB)
    try:
        with Judges(settings.analysis, workers=settings.poll.pool_workers) as judges:
            async with Fetcher(settings.fetch) as fetcher:
                yield Runtime(settings=settings, store=store, fetcher=fetcher, judges=judges)
    finally:
        store.close()
