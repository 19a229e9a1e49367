"""The layout-drift alarm: a source that answers but yields nothing, poll after poll."""

import asyncio
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import Settings, Source, load_sources
from flows.cli import app
from flows.core.poll import poll_source
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import FixtureServer
from storage import Store

pytestmark = pytest.mark.slow

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
BOARD = """
[[source]]
name = "board"
kind = "html"
url = "{{BASE}}/mofa/eng/brd/m_5676/backfill/page-1.do"
item = "div.board_list table tbody tr"
title = "td.al a"
link = "td.al a"
date = "td:last-child"
date_format = "%Y-%m-%d"
body = ".bo_con"
enabled = false
"""
REDESIGNED = {"item": "div.board_list ul.list li"}  # the selector after a "redesign"


def poll(settings: Settings, source: Source, *, at: datetime) -> SourceResult:
    async def run() -> SourceResult:
        async with open_runtime(settings) as runtime:
            return await poll_source(
                source, fetcher=runtime.fetcher, store=runtime.store, settings=settings, now=at
            )

    return asyncio.run(run())


def board(settings: Settings, **changes: str) -> Source:
    source = next(s for s in load_sources(settings.sources) if s.name == "board")
    return replace(source, **changes)  # type: ignore[arg-type]


def sources_lines(settings: Settings, *args: str) -> list[str]:
    result = CliRunner().invoke(
        app, ["--db", str(settings.db), "--sources", str(settings.sources), "sources", *args]
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_selectors_matching_nothing_for_n_polls_raise_the_alarm(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, catalogue_with(server, BOARD))
    assert settings.poll.drift_after == 3
    redesigned = board(settings, **REDESIGNED)
    results = [
        poll(settings, redesigned, at=T0 + timedelta(days=n)) for n in (1, 2, 3)
    ]  # each a full 200 read: a page with a problem keeps no validators
    assert [r.failed for r in results] == [False, False, False]
    assert [r.drift for r in results[:2]] == [None, None]
    assert results[2].drift == (
        "item selector 'div.board_list ul.list li' matched nothing (3 polls in a row)"
    )
    with Store.open(settings.db) as store:
        state = store.source_state("board")
    assert (state.empty_polls, state.drift_since) == (3, T0 + timedelta(days=1))
    assert state.drifting(after=3)

    (row,) = [json.loads(line) for line in sources_lines(settings, "--json") if '"board"' in line]
    assert (row["health"], row["drifting"], row["empty_polls"]) == (
        "LAYOUT DRIFT? (3 polls with no items since 2026-11-29)",
        True,
        3,
    )
    assert row["drift_since"] == "2026-11-29T09:00:00+00:00"
    assert row["drift_reason"] == "item selector 'div.board_list ul.list li' matched nothing"
    text = sources_lines(settings)
    health = text[text.index(next(t for t in text if t.startswith("board"))) + 1]
    assert health.strip().startswith("LAYOUT DRIFT? (3 polls with no items since 2026-11-29)")
    assert "last poll: item selector 'div.board_list ul.list li' matched nothing" in health

    # The selectors are fixed: the next poll clears the alarm.
    assert poll(settings, board(settings), at=T0 + timedelta(days=4)).drift is None
    with Store.open(settings.db) as store:
        assert store.source_state("board").empty_polls == 0


def test_a_304_is_not_an_empty_poll(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, catalogue_with(server, BOARD))
    source = board(settings)
    for n in range(4):
        result = poll(settings, source, at=T0 + timedelta(hours=n))
        assert result.not_modified == (n > 0)
    with Store.open(settings.db) as store:
        assert store.source_state("board").empty_polls == 0
    assert [r.status for r in server.requests if r.path.endswith("page-1.do")] == [
        200,
        304,
        304,
        304,
    ]
