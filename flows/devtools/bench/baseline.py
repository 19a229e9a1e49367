"""The bare script cyberwatch's poll is measured against: the same work, nothing else.

    python -m flows.devtools.bench.baseline --db bare.db --urls urls.txt [--analyze]

For every feed URL: a conditional GET (the ETag kept from the last run), feedparser, then every
entry not stored yet has its article page read and its ``<article>`` text taken with selectolax,
and the entries are inserted into a plain SQLite table, one transaction per feed. Async httpx
with one client per host and at most 4 requests in flight per host; no robots.txt, no pacing,
no retries.

No analysis either, unless ``--analyze``: then each new entry is also judged and fingerprinted
as cyberwatch does it (``scrapers.analysis``), in this process, and its kind and verdict
stored. That contender is the work any tool must do to pick out and deduplicate releases, done
the simplest way; what cyberwatch costs beyond it is its own machinery.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import feedparser
import httpx
from selectolax.lexbor import LexborHTMLParser

if TYPE_CHECKING:  # loaded with ``--analyze`` only: the bare script imports nothing of ours
    from scrapers.analysis import Rules

PER_HOST = 4

SCHEMA = """
create table if not exists feeds (url text primary key, etag text);
create table if not exists releases (
    url text primary key, feed text, title text, text text, published text,
    kind text, relevant integer
);
"""


class Bare:
    """One httpx client and one semaphore per host, and the SQLite file; ``rules``: judge and
    fingerprint each new entry with them."""

    def __init__(self, db: sqlite3.Connection, rules: Rules | None = None) -> None:
        self._db = db
        self._rules = rules
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._limits: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(PER_HOST)
        )

    async def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        host = urlsplit(url).netloc
        client = self._clients.get(host)
        if client is None:
            limits = httpx.Limits(max_connections=PER_HOST)
            client = self._clients[host] = httpx.AsyncClient(limits=limits, timeout=60)
        async with self._limits[host]:
            return await client.get(url, headers=headers)

    async def feed(self, url: str) -> int:
        """Poll one feed; the number of releases stored."""
        row = self._db.execute("select etag from feeds where url = ?", (url,)).fetchone()
        headers = {"If-None-Match": row[0]} if row and row[0] else None
        answer = await self.get(url, headers)
        if answer.status_code == 304:
            return 0
        parsed = feedparser.parse(answer.content)
        links = [entry.link for entry in parsed.entries]
        marks = ",".join("?" * len(links))
        known = {
            r[0]
            for r in self._db.execute(f"select url from releases where url in ({marks})", links)
        }
        fresh = [entry for entry in parsed.entries if entry.link not in known]
        pages = await asyncio.gather(*(self.get(entry.link) for entry in fresh))
        rows = []
        for entry, page in zip(fresh, pages, strict=True):
            node = LexborHTMLParser(page.content).css_first("article")
            text = node.text(separator=" ", strip=True) if node is not None else ""
            kind, relevant = self._judge(entry.title, text, entry.link)
            rows.append(
                (entry.link, url, entry.title, text, entry.get("published"), kind, relevant)
            )
        with self._db:
            self._db.executemany(
                "insert or replace into releases values (?, ?, ?, ?, ?, ?, ?)", rows
            )
            self._db.execute(
                "insert or replace into feeds values (?, ?)", (url, answer.headers.get("etag"))
            )
        return len(rows)

    def _judge(self, title: str, text: str, url: str) -> tuple[str | None, int | None]:
        """The entry's kind and verdict (and its fingerprint, computed and dropped), or Nones
        without ``rules``."""
        if self._rules is None:
            return None, None
        from scrapers.analysis import analyze
        from scrapers.analysis.fingerprint import fingerprint

        analysis = analyze(title, text, published=None, url=url, rules=self._rules)
        fingerprint(title, text, self._rules)
        return analysis.kind, int(analysis.verdict.relevant)

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()


async def run(urls: Sequence[str], db_path: Path, *, rules: Rules | None = None) -> int:
    """Poll every feed at once (judging each new entry with ``rules``); the number of releases
    stored."""
    db = sqlite3.connect(db_path)
    db.executescript(SCHEMA)
    bare = Bare(db, rules)
    try:
        return sum(await asyncio.gather(*(bare.feed(url) for url in urls)))
    finally:
        await bare.close()
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Poll feeds the bare way.")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--urls", type=Path, required=True, help="file of feed URLs, one a line")
    parser.add_argument(
        "--analyze", action="store_true", help="judge and fingerprint each new entry too"
    )
    args = parser.parse_args(argv)
    urls = args.urls.read_text(encoding="utf-8").split()
    rules = None
    if args.analyze:
        from config import AnalysisSettings
        from scrapers.analysis import Rules

        rules = Rules.compile(AnalysisSettings())
    stored = asyncio.run(run(urls, args.db, rules=rules))
    print(f"stored {stored}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
