"""The poll benchmark: the farm answers like a publisher, and the harness prints its table."""

import asyncio
import os
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
