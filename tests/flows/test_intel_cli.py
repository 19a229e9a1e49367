"""``cyberwatch analyze``, ``import`` and ``events``; the evaluation and the benchmark scripts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import Settings
from flows.cli import app
from flows.devtools import evaluate
from flows.devtools.bench import imports as bench

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "tests" / "data" / "analysis" / "rok-uk-cyber-dialogue-2024-11.txt").read_text(
    encoding="utf-8"
)
TITLE = "The 4th Republic of Korea-UK Cyber Dialogue"
PUBT = "https://pubt.io/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA"
GOVUK = "https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
SANCTIONS = {
    "url": "https://www.gov.uk/government/news/uk-sanctions-ransomware-operators",
    "title": "UK sanctions ransomware operators targeting British businesses",
    "text": "The UK has today sanctioned five members of a ransomware group.",
    "published": "2024-11-12",
}
KEYS = {"url", "relevant", "score", "kind", "parties", "round", "held_on", "location", "chairs",
        "topics"}  # fmt: skip


def lines(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def seed_record(url: str = PUBT, text: str = SEED) -> dict[str, object]:
    return {"url": url, "title": TITLE, "text": text, "published": "2024-11-07"}


def cyberwatch(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from flows.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_analyze_prints_one_json_line_per_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(lines(seed_record(), SANCTIONS), encoding="utf-8")
    done = cyberwatch("analyze", str(source))
    assert done.returncode == 0, done.stderr
    seed, sanctions = (json.loads(line) for line in done.stdout.splitlines())
    assert set(seed) >= KEYS and set(sanctions) >= KEYS
    assert {k: seed[k] for k in ("url", "relevant", "kind", "parties", "round", "held_on")} == {
        "url": PUBT, "relevant": True, "kind": "dialogue", "parties": ["GB", "KR"], "round": 4,
        "held_on": "2024-11-06",
    }  # fmt: skip
    assert (seed["location"], seed["chairs"]) == ("London", ["Andrew Whittaker", "Rhee Dong-yeol"])
    assert "pall-mall-process" in seed["topics"]
    assert (sanctions["relevant"], sanctions["kind"], sanctions["round"]) == (False, "other", None)
    assert 0 <= sanctions["score"] < 0.5 < seed["score"] <= 1


@pytest.mark.slow
def test_analyze_reads_standard_input_and_names_bad_lines() -> None:
    done = cyberwatch("analyze", "-", stdin=lines(SANCTIONS) + "not json\n" + '{"url": 1}\n')
    assert done.returncode == 2
    first, second, third = (json.loads(line) for line in done.stdout.splitlines())
    assert first["url"] == SANCTIONS["url"]
    assert second["error"].startswith("line 2: not JSON")
    assert third["error"] == "line 3: field 'url' must be a string"
    assert "line 2" in done.stderr


@pytest.mark.slow
def test_import_then_events(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    source = tmp_path / "in.jsonl"
    govuk = dict(seed_record(GOVUK, SEED.split("\n", 1)[1]), source="govuk-fcdo")
    source.write_text(lines(seed_record(), govuk, SANCTIONS), encoding="utf-8")
    done = cyberwatch("--db", str(db), "import", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3 new, 0 updated, 0 unchanged"
    again = cyberwatch("--db", str(db), "import", "--json", str(source))
    assert json.loads(again.stdout) == {"new": 0, "updated": 0, "unchanged": 3, "errors": 0}
    listed = cyberwatch("--db", str(db), "events", "--json")
    (event,) = (json.loads(line) for line in listed.stdout.splitlines())
    assert {k: event[k] for k in ("parties", "round", "held_on", "location")} == {
        "parties": ["GB", "KR"], "round": 4, "held_on": "2024-11-06", "location": "London",
    }  # fmt: skip
    assert [(r["url"], r["source"], r["role"]) for r in event["releases"]] == [
        (GOVUK, "govuk-fcdo", "original"), (PUBT, "import", "copy"),
    ]  # fmt: skip
    text = cyberwatch("--db", str(db), "events").stdout
    assert text.splitlines()[0] == "2024-11-06  GB-KR  round 4  London"


@pytest.mark.slow
def test_the_fixture_poll_makes_the_seed_and_mofa_release_one_event(archive: Settings) -> None:
    settings = archive
    result = CliRunner().invoke(app, ["--db", str(settings.db), "events", "--json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    (seed,) = [e for e in events if e["parties"] == ["GB", "KR"] and e["round"] == 4]
    assert (seed["held_on"], seed["location"]) == ("2024-11-06", "London")
    assert seed["chairs"] == ["Andrew Whittaker", "Rhee Dong-yeol"]
    paths = {r["url"].split("/", 3)[3] for r in seed["releases"]}
    assert {
        "govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue",
        "mofa/eng/brd/m_5676/view-321950.html",
    } <= paths
    assert seed["releases"][0]["official"] is True
    analysed = CliRunner().invoke(app, ["analyze", "-"], input=lines(seed_record()))
    assert json.loads(analysed.output)["chairs"] == ["Andrew Whittaker", "Rhee Dong-yeol"]


def test_the_evaluation_runs_on_a_small_labelled_set(tmp_path: Path) -> None:
    truth = {"parties": ["KR", "GB"], "iteration": 4, "held_on": "2024-11-06",
             "location": "London", "chairs": ["Andrew Whittaker", "Rhee Dong-yeol"],
             "topics": ["ransomware"]}  # fmt: skip
    records = [
        {**seed_record(), "label": "positive", "group": "g1", "truth": truth},
        {
            **seed_record(GOVUK, SEED.split("\n", 1)[1]),
            "label": "positive",
            "group": "g1",
            "truth": truth,
        },
        {**SANCTIONS, "label": "negative", "truth": {}},
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text(lines(*records), encoding="utf-8")
    table = evaluate.report(data, Settings(db=tmp_path / "unused.db"))
    assert "tp 2 fp 0 fn 0 tn 1" in table
    for field in ("parties", "round", "held_on", "location", "chairs", "topics"):
        assert any(line.split()[:2] == [field, "1.000"] for line in table.splitlines()), field
    assert "tp 1 fp 0 fn 0 (1 true pairs)" in table


@pytest.mark.slow
def test_the_benchmark_runs_small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    timings = bench.run(60, 20, 10, tmp_path / "bench.db")
    assert [done for done, _ in timings] == [20, 40, 60]
    assert "archive: 60 releases" in capsys.readouterr().out
