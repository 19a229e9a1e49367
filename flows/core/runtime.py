"""What a poll works with: the settings, the archive and the HTTP fetcher, opened together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from config import Settings
from scrapers import Fetcher
from storage import Store


@dataclass(frozen=True, slots=True)
class Runtime:
    """What a poll works with: the settings, the archive and the HTTP fetcher."""

    settings: Settings
    store: Store
    fetcher: Fetcher


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Open the archive and the fetcher for one run, and close both however it ends."""
    store = Store.open(settings.db)
    try:
        async with Fetcher(settings.fetch) as fetcher:
            yield Runtime(settings=settings, store=store, fetcher=fetcher)
    finally:
        store.close()
