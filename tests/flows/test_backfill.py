"""`cyberwatch backfill` on a synthetic three-page MOFA-style board served at 127.0.0.1.

The board (flows/devtools/demo/sites/mofa/eng/brd/m_5676/backfill/, see its PROVENANCE.md) lists
twelve releases, four a page, from 2024-11-20 (page 1) back to 2024-07-03 (page 3); page 4 is empty.
"""

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import BackfillSettings, ConfigError, Settings, Source, load_sources
from flows.cli import app
from flows.cli.output.sources import backfill_line
from flows.core.backfill import BackfillReport, run_backfill
from flows.core.poll import poll_source
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import SITES_DIR, FixtureServer, render_sources
from storage import Store

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
BOARD = "/mofa/eng/brd/m_5676/backfill"
DATES = "srchFr={since:%Y%m%d}&srchTo={until:%Y%m%d}"  # as MOFA's list.do takes them
SOURCES = f"""
[[source]]
name = "mofa-archive"
kind = "html"
url = "{{{{BASE}}}}{BOARD}/page-1.do"
item = "div.board_list table tbody tr"
title = "td.al a"
link = "td.al a"
date = "td:last-child"
date_format = "%Y-%m-%d"
body = ".bo_con"
backfill_url = "{{{{BASE}}}}{BOARD}/page-{{page}}.do?{DATES}"
enabled = false

[[source]]
name = "mofa-archive-next"
kind = "html"
url = "{{{{BASE}}}}{BOARD}/page-1.do"
item = "div.board_list table tbody tr"
title = "td.al a"
link = "td.al a"
date = "td:last-child"
date_format = "%Y-%m-%d"
body = ".bo_con"
next_page = ".paging a.next"
enabled = false

[[source]]
name = "no-archive"
kind = "html"
url = "{{{{BASE}}}}{BOARD}/page-1.do"
item = "tr"
title = "a"
link = "a"
enabled = false
"""


@pytest.fixture
def settings(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> Settings:
    made = settings_for(tmp_path, catalogue_with(server, SOURCES))
    fetch = made.fetch.model_copy(update={"robots": True, "contact": "ops@example.org"})
    return made.model_copy(update={"fetch": fetch})


def source(settings: Settings, name: str = "mofa-archive") -> Source:
    return next(s for s in load_sources(settings.sources) if s.name == name)


def walk(
    settings: Settings,
    since: date,
    until: date | None = None,
    *,
    name: str = "mofa-archive",
    now: datetime = NOW,
    restart: bool = False,
) -> BackfillReport:
    return asyncio.run(
        run_backfill(
            source(settings, name),
            settings=settings,
            since=since,
            until=until,
            now=now,
            restart=restart,
        )
    )


def pages(server: FixtureServer) -> list[str]:
    return [r.path for r in server.requests if "/page-" in r.path]


@pytest.mark.slow
def test_walk_stops_at_the_first_page_older_than_since(
    settings: Settings, server: FixtureServer
) -> None:
    report = walk(settings, date(2024, 9, 20), date(2024, 12, 31))
    assert (report.pages, report.new, report.outside, report.finished) == (3, 6, 6, True)
    assert report.stopped == "a page with nothing newer than 2024-09-20"
    query = "?srchFr=20240920&srchTo=20241231"
    assert pages(server) == [f"{BOARD}/page-{n}.do{query}" for n in (1, 2, 3)]
    articles = [r.path for r in server.requests if "/view-" in r.path]
    assert len(articles) == 6  # only the releases within the dates are read
    assert all("ops@example.org" in r.headers["User-Agent"] for r in server.requests)
    with Store.open(settings.db) as store:
        releases = [store.release(i) for i in report.new_ids]
    assert {r.origin for r in releases} == {"backfill"}
    assert min(r.published for r in releases if r.published).date() == date(2024, 9, 26)
    berlin = next(r for r in releases if "Germany" in r.title)
    assert "synthetic release of 2024-10-08" in berlin.body  # the article page was read
    assert backfill_line(report).startswith(
        "mofa-archive (2024-09-20 to 2024-12-31): complete, a page with nothing newer than "
        "2024-09-20; 3 pages read (3 done in all), 6 new,"
    )


@pytest.mark.slow
def test_rerun_resumes_after_the_last_completed_page(
    settings: Settings, server: FixtureServer
) -> None:
    capped = settings.model_copy(update={"backfill": BackfillSettings(max_pages=2)})
    first = walk(capped, date(2024, 1, 1))
    assert (first.pages, first.pages_done, first.new, first.finished) == (2, 2, 8, False)
    assert first.stopped == "read 2 pages, the most per run; run again to continue"
    # Open-ended: the pages ask up to the day the walk started, on every later run too.
    query = "?srchFr=20240101&srchTo=20261128"
    assert pages(server) == [f"{BOARD}/page-{n}.do{query}" for n in (1, 2)]

    server.clear_requests()
    second = walk(capped, date(2024, 1, 1), now=NOW + timedelta(days=1))
    assert (second.pages, second.pages_done, second.new, second.finished) == (2, 4, 4, True)
    assert second.stopped == "a page with no items"
    assert pages(server) == [f"{BOARD}/page-{n}.do{query}" for n in (3, 4)]
    assert len([r for r in server.requests if "/view-" in r.path]) == 4

    server.clear_requests()
    third = walk(capped, date(2024, 1, 1))
    assert (third.pages, third.finished, third.stopped) == (0, True, "already complete")
    assert server.requests == []
    with Store.open(settings.db) as store:
        assert store.count_releases() == 12

    server.clear_requests()
    again = walk(settings, date(2024, 1, 1), restart=True)
    assert (again.pages, again.new, again.unchanged, again.finished) == (4, 0, 12, True)
    assert not [r for r in server.requests if "/view-" in r.path]  # known: not read again
    with Store.open(settings.db) as store:
        assert store.count_releases() == 12


@pytest.mark.slow
def test_walk_follows_next_page_links(settings: Settings, server: FixtureServer) -> None:
    report = walk(settings, date(2024, 1, 1), name="mofa-archive-next")
    assert (report.pages, report.new, report.finished) == (3, 12, True)
    assert report.stopped == "no next page"
    assert pages(server) == [f"{BOARD}/page-{n}.do" for n in (1, 2, 3)]


@pytest.mark.slow
def test_released_first_seen_by_a_poll_stay_polled(settings: Settings) -> None:
    async def poll() -> None:
        async with open_runtime(settings) as runtime:
            await poll_source(
                source(settings),
                fetcher=runtime.fetcher,
                store=runtime.store,
                settings=settings,
                now=NOW,
            )

    asyncio.run(poll())
    report = walk(settings, date(2024, 1, 1))
    assert (report.new, report.unchanged) == (8, 4)
    with Store.open(settings.db) as store:
        origins = [store.release(i).origin for i in range(1, 13)]
    assert origins.count("poll") == 4
    assert origins.count("backfill") == 8


@pytest.mark.slow
def test_a_failing_page_keeps_the_progress(
    tmp_path: Path, settings_for: Callable[[Path, Path], Settings]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES_DIR / BOARD.lstrip("/"), site / BOARD.lstrip("/"))
    page_2 = site / BOARD.lstrip("/") / "page-2.do"
    kept = page_2.read_bytes()
    page_2.unlink()
    template = tmp_path / "template.toml"
    template.write_text(SOURCES)
    with FixtureServer(site) as server:
        settings = settings_for(
            tmp_path, render_sources(template, server.base_url, tmp_path / "s.toml")
        )
        failed = walk(settings, date(2024, 1, 1))
        assert failed.failed
        assert failed.error is not None and failed.error.startswith("HTTP 404 Not Found:")
        assert (failed.pages, failed.pages_done, failed.new) == (1, 1, 4)
        assert backfill_line(failed).startswith("mofa-archive (2024-01-01 to today): FAILED: HTTP")

        page_2.write_bytes(kept)
        server.clear_requests()
        resumed = walk(settings, date(2024, 1, 1))
        assert (resumed.pages, resumed.pages_done, resumed.new, resumed.finished) == (3, 4, 8, True)
        assert [p.split("?")[0] for p in pages(server)] == [
            f"{BOARD}/page-{n}.do" for n in (2, 3, 4)
        ]


@pytest.mark.slow
def test_a_source_without_an_archive_is_refused(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="cannot be backfilled: set backfill_url or next_page"):
        walk(settings, date(2024, 1, 1), name="no-archive")
    with pytest.raises(ConfigError, match="before --since"):
        walk(settings, date(2024, 1, 1), date(2023, 1, 1))


@pytest.mark.slow
def test_cli_backfill(settings: Settings, server: FixtureServer) -> None:
    args = ["--db", str(settings.db), "--sources", str(settings.sources), "backfill"]
    env = {"CYBERWATCH_FETCH__RATE": "1000"}
    runner = CliRunner()
    done = runner.invoke(
        app, [*args, "mofa-archive", "--since", "2024-09-20", "--until", "2024-12-31"], env=env
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("mofa-archive (2024-09-20 to 2024-12-31): complete, ")
    assert done.stderr.startswith("cyberwatch: backfill 1/50: mofa-archive page 1, ")  # progress
    again = runner.invoke(app, [*args, "mofa-archive", "--since", "2024-09-20", "--json"], env=env)
    assert again.exit_code == 0, again.output
    row = json.loads(again.stdout)
    # Another walk (open-ended): the same releases, already stored.
    assert (row["until"], row["pages"], row["new"], row["unchanged"]) == (None, 3, 0, 6)
    bad_date = runner.invoke(app, [*args, "mofa-archive", "--since", "20 Nov 2024"])
    assert bad_date.exit_code == 2


@pytest.mark.slow
def test_cli_refuses_a_source_without_an_archive(settings: Settings) -> None:
    options = ["--sources", str(settings.sources), "--db", str(settings.db)]
    command = ["backfill", "no-archive", "--since", "2024-01-01"]
    done = subprocess.run(
        [sys.executable, "-c", "from flows.cli import main; main()", *options, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "cyberwatch: configuration error: source 'no-archive': cannot be backfilled: "
        "set backfill_url or next_page"
    )


def test_readme_documents_the_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in ("cyberwatch backfill", "cyberwatch sources check", "LAYOUT DRIFT?"):
        assert command in readme
    for command in (["backfill", "--help"], ["sources", "check", "--help"]):
        assert CliRunner().invoke(app, command).exit_code == 0
