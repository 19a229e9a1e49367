"""Worker tasks for the judging tests, importable by a spawned worker process: one that dies
like a crashed process when a chunk holds an item titled ``CRASH``."""

from __future__ import annotations

import os
from collections.abc import Sequence

from flows.core.judging import Judgement, judge_chunk
from scrapers import Item

CRASH = "CRASH"


def crashing_chunk(items: Sequence[Item], listed: bool) -> list[Judgement]:
    """``judge_chunk``, except that the worker process dies (no exception, no cleanup) on a
    chunk holding an item titled ``CRASH``."""
    if any(item.title == CRASH for item in items):
        os._exit(70)
    return judge_chunk(items, listed)
