"""`cyberwatch sources check` against the fixture sites on 127.0.0.1."""

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import Settings, load_sources
from flows.cli import EXIT_SOURCE_FAILED, app
from flows.core.check import CheckResult, check_sources
from flows.devtools.demo.server import FixtureServer

CONTACT = "ops@example.org"
BOARD = "/mofa/eng/brd/m_5676/backfill"  # synthetic MOFA-style board (see its PROVENANCE.md)
BROKEN = f"""
[[source]]
name = "board-ok"
kind = "html"
url = "{{{{BASE}}}}{BOARD}/page-1.do"
item = "div.board_list table tbody tr"
title = "td.al a"
link = "td.al a"
date = "td:last-child"
date_format = "%Y-%m-%d"
body = ".bo_con"
enabled = false

[[source]]
name = "board-redesigned"
kind = "html"
url = "{{{{BASE}}}}{BOARD}/page-1.do"
item = "div.board_list ul.list li"
title = "a"
link = "a"
enabled = false

[[source]]
name = "board-new-article-page"
kind = "html"
url = "{{{{BASE}}}}{BOARD}/page-1.do"
item = "div.board_list table tbody tr"
title = "td.al a"
link = "td.al a"
body = ".view_con"
enabled = false

[[source]]
name = "unreachable"
kind = "feed"
url = "http://127.0.0.1:9/feed.xml"
enabled = false
"""


def polite(settings: Settings) -> Settings:
    """The test settings with robots.txt obeyed and a contact in the User-Agent."""
    fetch = settings.fetch.model_copy(update={"robots": True, "contact": CONTACT})
    return settings.model_copy(update={"fetch": fetch})


def check(settings: Settings, names: list[str] | None = None) -> dict[str, CheckResult]:
    sources = load_sources(settings.sources)
    chosen = [s for s in sources if names is None or s.name in names]
    results = asyncio.run(check_sources(chosen, settings=settings))
    return {r.source: r for r in results}


@pytest.mark.slow
def test_every_fixture_source_checks_ok(settings: Settings, server: FixtureServer) -> None:
    results = check(polite(settings))
    assert len(results) == len(load_sources(settings.sources))
    for result in results.values():
        assert not result.broken, (result.source, result.problems)
        assert (result.status, result.error) == (200, None)
        assert result.items > 0
    requests = server.requests
    assert [r.path for r in requests].count("/robots.txt") == 1
    assert all(CONTACT in r.headers["User-Agent"] for r in requests)
    assert not any("If-None-Match" in r.headers for r in requests)  # always a live read


def test_a_source_that_works_reports_its_selectors(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> None:
    settings = polite(settings_for(tmp_path, catalogue_with(server, BROKEN)))
    result = check(settings, ["board-ok"])["board-ok"]
    assert not result.broken
    assert (result.status, result.items) == (200, 4)
    assert result.newest is not None and result.newest.date().isoformat() == "2024-11-20"
    assert [(s.field, s.matched, s.of) for s in result.selectors] == [
        ("item", 4, None),
        ("title", 4, 4),
        ("link", 4, 4),
        ("date", 4, 4),
        ("body", 1, 1),
    ]
    assert f"{BOARD}/view-330100.html" in [r.path for r in server.requests]  # the newest


def test_broken_selectors_are_named(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> None:
    settings = polite(settings_for(tmp_path, catalogue_with(server, BROKEN)))
    results = check(settings, ["board-redesigned", "board-new-article-page", "unreachable"])
    assert all(r.broken for r in results.values())
    assert results["board-redesigned"].problems == (
        "item selector 'div.board_list ul.list li' matched nothing",
    )
    assert results["board-redesigned"].status == 200
    assert results["board-new-article-page"].problems == (
        "newest article: body selector '.view_con' matched in none of 1 pages",
    )
    (reason,) = results["unreachable"].problems
    assert "cannot connect" in reason
    assert results["unreachable"].status is None


def test_a_selector_broken_in_a_copy_of_a_fixture_source(settings: Settings) -> None:
    sources = load_sources(settings.sources)
    board = next(s for s in sources if s.kind == "html")
    wrong = replace(board, name="copy", title="td.subject a", link="td.subject a")
    (result,) = asyncio.run(check_sources([wrong], settings=settings))
    assert result.broken
    assert "title selector 'td.subject a' matched in none of" in result.problems[0]


def invoke(settings: Settings, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        app,
        ["--db", str(settings.db), "--sources", str(settings.sources), *args],
        env={"CYBERWATCH_FETCH__RATE": "1000"},
    )
    return result.exit_code, result.output.splitlines()


@pytest.mark.slow
def test_cli_exit_status_and_lines(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, catalogue_with(server, BROKEN))
    status, lines = invoke(settings, "sources", "check")  # the enabled sources
    assert status == 0, lines
    assert all(line.startswith("ok  ") for line in lines)
    assert len(lines) == len([s for s in load_sources(settings.sources) if s.enabled])

    status, lines = invoke(settings, "sources", "check", "board-ok", "board-redesigned")
    assert status == EXIT_SOURCE_FAILED
    ok, broken = lines
    assert ok.split()[:6] == ["ok", "board-ok", "HTTP", "200", "4", "items"]
    assert "newest 2024-11-20" in ok
    assert "all selectors matched (item 4, title 4/4, link 4/4, date 4/4, body 1/1)" in ok
    assert broken.startswith("BROKEN  board-redesigned  HTTP 200    0 items  newest -")
    assert broken.endswith("item selector 'div.board_list ul.list li' matched nothing")
    assert not settings.db.exists()  # nothing stored

    status, lines = invoke(settings, "sources", "check", "unreachable", "--json")
    assert status == EXIT_SOURCE_FAILED
    row = json.loads(lines[0])
    assert (row["source"], row["ok"], row["status"], row["items"]) == (
        "unreachable",
        False,
        None,
        0,
    )
    assert "cannot connect" in row["problems"][0]


@pytest.mark.parametrize("args", [["sources"], ["sources", "--json"]])
def test_sources_still_lists_without_a_subcommand(settings: Settings, args: list[str]) -> None:
    status, lines = invoke(settings, *args)
    assert status == 0
    sources = load_sources(settings.sources)
    # text: two lines each, and a third saying why a disabled source is off
    reasons = sum(1 for s in sources if s.disabled_reason)
    assert len(lines) == (len(sources) if "--json" in args else 2 * len(sources) + reasons)


def test_unknown_source_is_refused(settings: Settings) -> None:
    result = CliRunner().invoke(
        app, ["--sources", str(settings.sources), "sources", "check", "nope"]
    )
    assert result.exit_code == 2
    assert "unknown source 'nope'" in result.stderr
