"""The poll benchmark: the farm answers like a publisher, and the harness prints its table."""

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from config import load_sources
from flows.devtools.bench.farm import Farm, FarmSpec, write_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_the_farm_serves_feeds_with_validators_and_articles() -> None:
    spec = FarmSpec(sources=3, hosts=2, entries=4, latency=0.0)

    async def scenario() -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        servers, port = await Farm(spec).serve()
        try:
            async with httpx.AsyncClient() as client:
                feed = await client.get(spec.feed_url(2, port))
                again = await client.get(
                    spec.feed_url(2, port), headers={"If-None-Match": feed.headers["etag"]}
                )
                article = await client.get(f"http://{spec.host(2)}:{port}/s2/3.html")
        finally:
            for server in servers:
                server.close()
        return feed, again, article

    feed, again, article = asyncio.run(scenario())
    assert feed.status_code == 200 and feed.text.count("<item>") == 4
    assert f"http://{spec.host(2)}:" in feed.text  # links point back at the source's own host
    assert again.status_code == 304 and again.content == b""
    assert article.status_code == 200 and "<article><p>" in article.text


def test_the_farm_catalogue_loads_as_sources(tmp_path: Path) -> None:
    spec = FarmSpec(sources=5, hosts=2)
    sources = load_sources(write_catalogue(spec, 8080, tmp_path / "sources.toml"))
    assert [s.name for s in sources] == [f"farm-{i}" for i in range(5)]
    assert {s.host for s in sources} == {"127.0.1.1", "127.0.1.2"}


def test_the_table_gives_ratios_against_the_analysing_script_when_it_ran() -> None:
    from flows.devtools.bench.report import poll_table
    from flows.devtools.bench.runner import Measure

    bare = Measure("bare", 10, "cold", 2.0, 2.0, 100, 200, True)
    analysing = Measure("bare-analysis", 10, "cold", 4.0, 5.0, 120, 200, True)
    core = Measure("core", 10, "cold", 4.4, 7.5, 150, 200, True)
    head, _, *rows = poll_table([bare, analysing, core])
    assert head.endswith("| wall x | CPU x | wall x analysing | CPU x analysing |")
    assert rows[2].endswith("| 2.2 | 3.8 | 1.1 | 1.5 |")  # core: against each script
    head, _, *rows = poll_table([bare, core])
    assert head.endswith("| wall x | CPU x |") and rows[1].endswith("| 2.2 | 3.8 |")


def test_the_analysing_bare_script_judges_each_new_release_as_cyberwatch_does(
    tmp_path: Path,
) -> None:
    from config import AnalysisSettings
    from flows.devtools.bench import baseline
    from scrapers.analysis import Rules

    spec = FarmSpec(sources=3, hosts=2, entries=4, latency=0.0)
    db = tmp_path / "bare.db"

    async def scenario() -> tuple[int, int]:
        servers, port = await Farm(spec).serve()
        try:
            urls = spec.feed_urls(port)
            first = await baseline.run(urls, db, rules=Rules.compile(AnalysisSettings()))
            again = await baseline.run(urls, db, rules=None)  # every feed answers 304
        finally:
            for server in servers:
                server.close()
        return first, again

    assert asyncio.run(scenario()) == (12, 0)
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT title, kind, relevant FROM releases").fetchall()
    dialogues = [(kind, relevant) for title, kind, relevant in rows if "Cyber Dialogue" in title]
    others = [(kind, relevant) for title, kind, relevant in rows if "Cyber Dialogue" not in title]
    assert dialogues and others  # the farm's mix: both kinds among the 12
    assert set(dialogues) == {("dialogue", 1)}
    assert {relevant for _, relevant in others} == {0}


@pytest.mark.slow
def test_the_quick_benchmark_prints_a_table_with_both_rows(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    command = [sys.executable, "-m", "flows.devtools.bench", "--quick", "--sources", "4"]
    command += ["--hosts", "2", "--entries", "3", "--latency", "0", "--only", "bare"]
    command += ["--only", "core", "--archive", "200", "--workdir", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 4 |")]
    assert len(rows) == 4, done.stdout  # cold and warm of each
    assert any("bare script" in row for row in rows)
    assert any("cyberwatch core" in row and "FAILED" not in row for row in rows)
    for row in rows:  # every contender stored the farm's 12 releases
        assert row.split("|")[7].strip() == "12", row
    assert "cores" in done.stdout.splitlines()[0]
    assert any(line.startswith("| 200 |") for line in done.stdout.splitlines()), done.stdout


@pytest.mark.slow  # imports 20 releases through the analysis
def test_the_scale_archive_copies_the_seed_and_reports_every_search(tmp_path: Path) -> None:
    from flows.devtools.bench import scale
    from storage import Filters, Store

    db = tmp_path / "scale.db"
    scale.build(db, 50, seed=20)  # the seed, a full copy of it, and half a copy

    def banded(where: str) -> int:
        bands = "(SELECT * FROM release_bands UNION ALL SELECT * FROM release_bands_recent)"
        sql = f"SELECT count(DISTINCT release_id) FROM {bands} WHERE {where}"
        return int(store._db.execute(sql).fetchone()[0])

    with Store.open(db) as store:
        assert store.count_releases() == 50
        every = store.listing(Filters(all_copies=True), limit=None)
        assert len({hit.url for hit in every}) == 50  # a URL each
        assert banded("1") == 2 * banded("release_id <= 20") + banded("release_id <= 10") > 0
    size, searches, import_ms, cpu_ms = scale.measure(db, more=5)
    assert size > 0 and import_ms > 0 and cpu_ms > 0
    assert [s.query for s in searches] == [query for query, _, _ in scale.SEARCHES]
    assert any(s.hits > 0 for s in searches)


def test_a_kept_scale_workdir_never_reports_a_larger_archive_under_a_smaller_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from flows.devtools.bench import scale

    def sizes(lines: list[str]) -> list[str]:  # the releases column of each archive's first row
        return [line.split("|")[1].strip() for line in lines[2:] if line.split("|")[1].strip()]

    first = scale.run([40], seed=20, more=5, workdir=tmp_path)
    assert sizes(first) == ["40"]
    again = scale.run([30, 40], seed=20, more=5, workdir=tmp_path)
    # 30 is skipped (the archive holds 45), the last count measures the archive as it is
    assert sizes(again) == ["45"]
    assert f"skipped 30: {tmp_path / 'scale.db'} holds 45 releases" in capsys.readouterr().out


@pytest.mark.slow
def test_alternate_polls_warm_from_one_cold_archive_tree_by_tree(tmp_path: Path) -> None:
    """Two trees (here this checkout twice), one round: each tree's warm poll starts from a
    copy of the same cold archive, and a tree that is no checkout is refused."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    command = [sys.executable, "-m", "flows.devtools.bench.alternate", "--sources", "4"]
    command += ["--hosts", "2", "--rounds", "1", "--only", "core", "--workdir", str(tmp_path)]
    done = subprocess.run(
        [*command, "--tree", str(ROOT), "--tree", "."],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [line.split("|") for line in done.stdout.splitlines() if line.startswith("| 1 |")]
    assert [row[2].strip() for row in rows] == [str(ROOT), str(ROOT)]
    assert all(row[3].strip() == "core" and row[7].strip() == "80" for row in rows), rows
    refused = subprocess.run(
        [*command, "--tree", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "not a checkout of cyberwatch" in refused.stderr


@pytest.mark.slow  # Prefect's migrations of a new database: about 9 s
def test_the_flow_s_new_prefect_home_is_created_before_its_cold_run_and_timed(
    tmp_path: Path,
) -> None:
    """The cold run then starts its server on a database already up to date, as every later
    run of a home does; the creation is a row of its own in the table."""
    from flows.devtools.bench.report import poll_table
    from flows.devtools.bench.runner import NEW_HOME, new_prefect_home
    from flows.orchestration.server_database import up_to_date

    spec = FarmSpec(sources=4, hosts=2)
    assert not up_to_date(tmp_path / "prefect")
    measure = new_prefect_home(spec, tmp_path)
    assert up_to_date(tmp_path / "prefect")
    assert measure.ok and measure.phase == NEW_HOME and measure.cpu > 0
    assert measure.releases == 0  # no poll ran
    (row,) = poll_table([measure])[2:]
    assert row.startswith(f"| 4 | {NEW_HOME} | cyberwatch poll (flow) |") and row.endswith(
        "| - | - |"
    )
