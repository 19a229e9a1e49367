"""Reading a source's answer into a listing without stalling the other sources.

Parsing is CPU work: feedparser takes about a millisecond an entry, so a feed of 10,000
entries holds the interpreter for seconds. A small answer is parsed by the run's judging worker
processes when they run (a large poll: ``Judges.offload``, its wait not counted against the
source's deadline), else in a thread; a big one (``APART_BYTES`` or more) in a child process
(``python -m flows.core.listing``), which uses another core and leaves the event loop and its
lock free for every other source, and is killed if the source's poll is cancelled (its
deadline). All give what ``scrapers.read_page`` gives, and raise what it raises.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from typing import Any, cast

from config import Source
from flows.core.budget import paused
from flows.core.judging import Judges
from scrapers import ListPage, ParseError, Response, ScraperError, read_page

APART_BYTES = 512 * 1024
Outcome = tuple[str, Any]  # ("ok", the listing) or ("error", (error type, message))


async def read_listing(
    source: Source,
    response: Response,
    *,
    judges: Judges | None = None,
    deadline: asyncio.Timeout | None = None,
) -> ListPage:
    """``read_page(source, response)``, off the event loop (in ``judges``' worker processes
    when they run; the wait there paused on ``deadline``, the source's)."""
    if len(response.content) < APART_BYTES:
        if judges is not None and judges.pooled:
            async with paused(deadline):  # queued behind the whole run's judging
                outcome = await judges.offload(parse, source, response)
            if outcome is not None:
                return _listing(source, response, outcome)
        return await asyncio.to_thread(read_page, source, response)
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "flows.core.listing",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    try:
        out, _ = await child.communicate(pickle.dumps((source, response)))
    finally:
        if child.returncode is None:  # cancelled: the parse is abandoned
            child.kill()
            await child.wait()
    if child.returncode != 0 or not out:
        raise ParseError(
            f"the parser stopped (exit status {child.returncode})",
            source=source.name,
            url=response.url,
        )
    return _listing(source, response, pickle.loads(out))  # our own child's answer


def parse(source: Source, response: Response) -> Outcome:
    """``read_page`` in another process: its listing, or the error it raised as type and
    message (a scraper error's keyword arguments do not survive pickling)."""
    try:
        return ("ok", read_page(source, response))
    except ScraperError as e:
        return ("error", (type(e), e.message))


def _listing(source: Source, response: Response, outcome: Outcome) -> ListPage:
    kind, value = outcome
    if kind == "error":
        error_type, message = value
        raise error_type(message, source=source.name, url=response.url)
    return cast(ListPage, value)


def _main() -> None:
    """The child: a pickled (source, response) on stdin, ``parse``'s outcome on stdout."""
    source, response = pickle.loads(sys.stdin.buffer.read())  # from our parent
    sys.stdout.buffer.write(pickle.dumps(parse(source, response)))


if __name__ == "__main__":
    _main()
