"""Start-up: `cyberwatch --help` and `cyberwatch search` do not import what they do not use.

Each command runs in a fresh interpreter, which then reports the heavy modules it imported:
Prefect, the HTTP client, the feed and HTML parsers, the language detector, CLDR's data, the
template engine and the parties' table. (What this buys in time is measured, not asserted:
docs/performance.md.)
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.devtools.sample import build

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "prefect",
    "httpx",
    "feedparser",
    "selectolax",
    "lingua",
    "babel",
    "jinja2",
    "dateparser",
    "scrapers.fetch",
    "scrapers.analysis.parties",
    "scrapers.analysis.countries",
    "flows.digest",
    "flows.orchestration.run",
)
RUN = """
import json, sys
from flows.cli import main
sys.argv = ["cyberwatch", *sys.argv[1:]]
try:
    main()
except SystemExit as e:
    code = e.code
else:
    code = 0
print(json.dumps({"code": code, "heavy": [m for m in HEAVY if m in sys.modules]}))
"""


def imported_by(*args: str) -> tuple[str, int, list[str]]:
    """The command's output, its exit code and the heavy modules it imported."""
    code = f"HEAVY = {HEAVY!r}\n{RUN}"
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    printed, _, last = out.stdout.rstrip("\n").rpartition("\n")
    report = json.loads(last)
    return printed, report["code"], report["heavy"]


@pytest.mark.slow
def test_help_imports_nothing_heavy() -> None:
    printed, code, heavy = imported_by("--help")
    assert code == 0
    assert "search" in printed and "poll" in printed  # the real help, every command listed
    assert heavy == []


@pytest.mark.slow
def test_search_imports_nothing_heavy(tmp_path: Path) -> None:
    archive = tmp_path / "sample.db"
    build(archive)
    printed, code, heavy = imported_by("--db", str(archive), "search", "cyber")
    assert code == 0
    assert "cyber" in printed.lower() and "No releases match" not in printed  # real hits
    assert heavy == []


@pytest.mark.slow
def test_a_party_filter_loads_the_parties_table_and_still_no_prefect(tmp_path: Path) -> None:
    """The table is loaded when asked for (``-p KR``), and only it: the check above is real."""
    archive = tmp_path / "sample.db"
    build(archive)
    _, code, heavy = imported_by("--db", str(archive), "search", "cyber", "-p", "KR", "--json")
    assert code == 0
    assert "scrapers.analysis.countries" in heavy
    assert "prefect" not in heavy and "lingua" not in heavy and "httpx" not in heavy
