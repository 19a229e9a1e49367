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


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Open the archive, the fetcher and the judges for one run, and close them however it
    ends."""
    store = Store.open(settings.db)
    try:
        with Judges(settings.analysis, workers=settings.poll.pool_workers) as judges:
            async with Fetcher(settings.fetch) as fetcher:
                yield Runtime(settings=settings, store=store, fetcher=fetcher, judges=judges)
    finally:
        store.close()
