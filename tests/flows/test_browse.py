"""`cyberwatch browse`: Datasette started by the command on a free port answers facet queries,
full-text search and the canned queries over the archive, reads it only, and a poll writing to
the archive meanwhile is not blocked (and is seen)."""

import hashlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from flows.devtools.sample import build
from scrapers.model import Item
from storage import Store

pytestmark = pytest.mark.slow
pytest.importorskip("datasette", reason="the browse extra: pip install 'cyberwatch[browse]'")
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return build(tmp_path / "archive.db")


@pytest.fixture
def browsing(archive: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-c", "from flows.cli import main; main()", "--db", str(archive)]
    process = subprocess.Popen(
        [*command, "browse", "--port", str(port), "--no-open"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "Datasette did not start within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def facets(data: dict) -> dict[str, dict[object, int]]:  # type: ignore[type-arg]
    return {
        name: {row["value"]: row["count"] for row in facet["results"]}
        for name, facet in data["facet_results"].items()
    }


def test_facets_on_parties_topics_source_and_year(browsing: str, archive: Path) -> None:
    url = f"{browsing}/archive/releases.json?_size=0"
    found = facets(httpx.get(url, timeout=10).json())
    assert found["parties"] == {"GB": 5, "KR": 5, "JP": 4, "AU": 2, "US": 2}
    # Topics are the analysis's reading of each text: the facet counts what the archive holds.
    with sqlite3.connect(archive) as db:
        (ransomware,) = db.execute(
            "SELECT count(*) FROM releases, json_each(releases.topics) WHERE value = 'ransomware'"
        ).fetchone()
    assert ransomware >= 1
    assert found["topics"]["ransomware"] == ransomware
    assert found["source"]["mofa-kr-press-releases"] == 3
    assert found["year"] == {2024: 4, 2023: 1, 2022: 1, 2021: 1, 2020: 1, 2019: 1, 2017: 1}
    narrowed = httpx.get(f"{url}&parties__arraycontains=AU", timeout=10).json()
    assert narrowed["filtered_table_rows_count"] == 2


def test_full_text_search_and_canned_queries(browsing: str) -> None:
    hits = httpx.get(
        f"{browsing}/archive/releases.json?_search=Pall+Mall&_shape=array&_col=title", timeout=10
    ).json()
    assert len(hits) == 3
    rounds = httpx.get(
        f"{browsing}/archive/pair_rounds.json?party_a=KR&party_b=uk&_shape=array", timeout=10
    ).json()
    assert rounds == []  # codes, not names: UK is GB
    rounds = httpx.get(
        f"{browsing}/archive/pair_rounds.json?party_a=KR&party_b=gb&_shape=array", timeout=10
    ).json()
    assert [(r["round"], r["day"]) for r in rounds] == [
        (2, "2020-05-19"),
        (3, "2022-06-17"),
        (4, "2024-11-06"),
    ]
    latest = httpx.get(f"{browsing}/archive/latest_events.json?_shape=array", timeout=10).json()
    assert latest[0]["day"] == "2024-11-06" and latest[0]["releases"] == 3
    years = httpx.get(f"{browsing}/archive/dialogues_by_year.json?_shape=array", timeout=10)
    assert [r["year"] for r in years.json()][:2] == ["2024", "2023"]


def test_browsing_reads_only_and_a_poll_goes_on(browsing: str, archive: Path) -> None:
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    httpx.get(f"{browsing}/archive/releases.json?_facet=year", timeout=10).raise_for_status()
    refused = httpx.post(f"{browsing}/archive/-/query", data={"sql": "DELETE FROM releases"})
    assert refused.status_code >= 400
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before
    item = Item(source="s", url="https://gov.example/new", title="Cyber talks", body="Text.")
    with Store.open(archive) as store:  # a poll's write, while Datasette has the file open
        assert store.save(item, now=datetime(2026, 12, 2, tzinfo=UTC)).outcome == "new"
    count = httpx.get(f"{browsing}/archive/releases.json?_size=0", timeout=10).json()
    assert count["filtered_table_rows_count"] == 11
