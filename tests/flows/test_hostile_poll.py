"""One poll of 24 hostile sources beside 2 healthy ones, on the real flow (prefect_test_harness)
with production deadlines and retries: it ends in time, the healthy sources are stored early and
whole, each hostile one is recorded with its reason and next check, and nothing hostile gets in.

The sources all live on one fixture server (127.0.0.1), so ``per_host`` and ``rate`` are raised
to what 26 different hosts would allow; everything else is the default configuration.
"""

from __future__ import annotations

import asyncio
import re
import resource
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness

from config import FetchSettings, Settings, load_sources
from flows.devtools.demo.hostile import OFF_SITE_LINKS, SCRIPT_MARKERS
from flows.devtools.demo.server import SITES_DIR, SOURCES_TEMPLATE, FixtureServer, render_sources
from flows.orchestration.poll_flow import poll
from storage import Release, Store

pytestmark = pytest.mark.slow

HEALTHY = ("govuk-fcdo", "mofa-kr-press-releases")
HEALTHY_RELEASES = 7  # 4 + 3 on the fixture sites
FAULTS = (
    "drip", "silent", "reset", "truncated", "503-wait", "429-wait", "huge", "gzip-bomb",
    "redirect-loop", "redirect-file", "invalid-xml", "xxe", "entity-bomb", "wrong-charset",
    "many-entries", "duplicate-guids", "future-dates", "script-injection", "off-site", "html",
    "garbage", "500", "empty",
)  # fmt: skip
# The sources that fail, with what their line says.
FAILURES = {
    "drip": "answer not complete within the 30-second deadline",
    "silent": "no answer within 15 seconds",
    "reset": "connection failed",
    "truncated": "received 500 bytes, expected 10000",
    "503-wait": "HTTP 503 Service Unavailable, asking to wait 120 s",
    "429-wait": "HTTP 429 Too Many Requests, asking to wait 3600 s",
    "huge": "answer is over the 10485760-byte limit",
    "gzip-bomb": "answer is over the 10485760-byte limit",
    "redirect-loop": "more than 5 redirects",
    "redirect-file": "redirect to a non-http URL refused (file:)",
    "html": "expected a feed, got an HTML page",
    "garbage": "not an RSS or Atom feed",
    "500": "HTTP 500 Internal Server Error",
    "empty": "not an RSS or Atom feed",
    "refused": "cannot connect",
}
# The sources read with what could be trusted of them: content attacks are neutralised.
READ = (
    "invalid-xml", "xxe", "entity-bomb", "wrong-charset", "many-entries", "duplicate-guids",
    "future-dates", "script-injection", "off-site",
)  # fmt: skip
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def catalogue(server: FixtureServer, dest: Path) -> Path:
    """The faults first (the worst order for the healthy ones), then the two healthy sources."""
    faults = "".join(
        f'[[source]]\nname = "{name}"\nkind = "feed"\nurl = "{{{{BASE}}}}/_fault/{name}"\n\n'
        for name in FAULTS
    )
    faults += f'[[source]]\nname = "refused"\nkind = "feed"\nurl = "http://127.0.0.1:{closed_port()}/feed"\n\n'
    template = dest.with_suffix(".template.toml")
    template.write_text(faults + SOURCES_TEMPLATE.read_text())
    return render_sources(template, server.base_url, dest)


class Watch(threading.Thread):
    """Reads the archive every 0.1 s: when were the healthy releases all stored?"""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.stop = threading.Event()
        self.stored_at: float | None = None

    def run(self) -> None:
        marks = ",".join("?" * len(HEALTHY))
        while not self.stop.wait(0.1) and self.stored_at is None:
            try:
                with sqlite3.connect(self.db, timeout=0.05) as db:
                    (count,) = db.execute(
                        f"SELECT count(*) FROM releases WHERE source IN ({marks})", HEALTHY
                    ).fetchone()
            except sqlite3.Error:
                continue  # not created yet, or busy
            if count >= HEALTHY_RELEASES:
                self.stored_at = time.monotonic()


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_a_poll_of_hostile_sources_ends_in_time_and_the_healthy_ones_never_wait(
    tmp_path: Path, fixture_releases: tuple[Any, ...]
) -> None:
    with FixtureServer(SITES_DIR) as server:
        settings = Settings(
            db=tmp_path / "archive.db",
            sources=catalogue(server, tmp_path / "sources.toml"),
            fetch=FetchSettings(per_host=32, rate=1000),  # 26 hosts' worth on one server
        )
        chosen = [s.name for s in load_sources(settings.sources)]
        chosen = [n for n in chosen if n in (*FAULTS, "refused", *HEALTHY)]
        watch = Watch(settings.db)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started_wall = datetime.now(UTC)
        started = time.monotonic()
        watch.start()
        report = asyncio.run(poll(settings=settings, sources=chosen))
        took = time.monotonic() - started
        watch.stop.set()
        watch.join()
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        requested = [r.path for r in server.requests]
        base = server.base_url
    stored_after = None if watch.stored_at is None else watch.stored_at - started
    results = {r.source: r for r in report.results}
    print(f"\npoll {took:.1f} s; healthy stored after {stored_after} s; rss +{grown_mb:.0f} MB")
    for name, result in results.items():
        print(f"  {name:24} {result.status:14} {result.error or ''}"[:200])
    # The poll ends (its target: 90 s), the healthy sources do not wait for the sick ones (the
    # target is 15 s, measured here and printed; asserted with room for a loaded machine: before
    # the dripping source's 30 s deadline), memory stays bounded.
    assert took < 90
    assert stored_after is not None and stored_after < 30
    assert grown_mb < 250  # no 1 GB body, no inflated bomb: a few capped 10 MB reads at most
    # Each faulty source: failed with its reason, or read with what it could be trusted for.
    for name, reason in FAILURES.items():
        assert results[name].failed, name
        assert reason in (results[name].error or ""), (name, results[name].error)
    for name in READ:
        assert not results[name].failed, (name, results[name].error)
    assert (results["many-entries"].new, results["many-entries"].deferred) == (40, 9960)
    with Store.open(settings.db) as store:
        states = {s.name: s for s in store.source_states()}
        for name in FAILURES:
            at = states[name].next_check
            assert at is not None and at >= started_wall + timedelta(minutes=5), name
        assert states["503-wait"].next_check >= started_wall + timedelta(seconds=120)
        assert states["429-wait"].next_check >= started_wall + timedelta(seconds=3600)
        check_archive(store, server_base=base, requested=requested, fixtures=fixture_releases)
    with sqlite3.connect(settings.db) as db:
        dump = "\n".join(db.iterdump())
    assert "root:x:0:0" not in dump and "/bin/" not in dump  # no local file read
    assert "lollollol" not in dump  # no entity expanded


def check_archive(
    store: Store, *, server_base: str, requested: list[str], fixtures: tuple[Any, ...]
) -> None:
    """The healthy releases whole; nothing hostile in the archive."""
    releases = [store.release(i) for i in range(1, store.count_releases() + 1)]
    healthy = [r for r in releases if r.source in HEALTHY]
    assert len(healthy) == HEALTHY_RELEASES
    expected = {f.path: f for f in fixtures}
    for release in healthy:
        fixture = expected[release.url.removeprefix(server_base)]
        assert (release.title, release.published) == (fixture.title, fixture.published)
        assert fixture.text in release.body
    by_source: dict[str, list[Release]] = {}
    for release in releases:
        by_source.setdefault(release.source, []).append(release)
    assert len(by_source["duplicate-guids"]) == 1  # one GUID, one release
    assert by_source["future-dates"][0].published is None  # 2120 is not believed
    assert by_source["wrong-charset"][0].title == "Caf\u00e9 \u201ccyber\u201d talks"
    # Off-site links are stored as links, never requested.
    off_site = {r.url for r in by_source["off-site"]}
    assert off_site == set(OFF_SITE_LINKS)
    assert all(r.body == r.title for r in by_source["off-site"])  # the feed's text only
    # Nothing live, no control character anywhere.
    for release in releases:
        text = f"{release.title}\n{release.summary}\n{release.body}"
        for marker in SCRIPT_MARKERS:
            assert marker not in text, (release.url, marker)
        assert not CONTROL.search(text), (release.url, text)
        assert not CONTROL.search(release.url), release.url
    hostile = by_source["script-injection"][0]
    assert hostile.title == "Cyber talks"
    assert "The talks were held." in hostile.body and "A safe link ends here." in hostile.body
    assert "/_fault/hostile-article" in requested  # read: it is on the source's own site
