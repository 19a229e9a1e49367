"""Reading a source's answer into a listing without stalling the other sources.

Parsing is CPU work: feedparser takes about a millisecond an entry, so a feed of 10,000
entries holds the interpreter for seconds. A small answer is parsed in a thread; a big one
(``APART_BYTES`` or more) in a child process (``python -m flows.core.listing``), which uses
another core and leaves the event loop and its lock free for every other source, and is killed
if the source's poll is cancelled (its deadline). Both give what ``scrapers.read_page`` gives,
and raise what it raises.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from typing import Any, cast

from config import Source
from scrapers import ListPage, ParseError, Response, ScraperError, read_page

APART_BYTES = 512 * 1024


async def read_listing(source: Source, response: Response) -> ListPage:
    """``read_page(source, response)``, off the event loop."""
    if len(response.content) < APART_BYTES:
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
    outcome: tuple[str, Any] = pickle.loads(out)  # our own child's answer
    kind, value = outcome
    if kind == "error":
        error_type, message = value
        raise error_type(message, source=source.name, url=response.url)
    return cast(ListPage, value)


def _main() -> None:
    """The child: a pickled (source, response) on stdin, ("ok", listing) or ("error",
    (type, message)) on stdout."""
    source, response = pickle.loads(sys.stdin.buffer.read())  # from our parent
    try:
        outcome: tuple[str, Any] = ("ok", read_page(source, response))
    except ScraperError as e:
        outcome = ("error", (type(e), e.message))
    sys.stdout.buffer.write(pickle.dumps(outcome))


if __name__ == "__main__":
    _main()
