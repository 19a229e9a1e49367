"""Start-up: `cyberwatch --help` and `cyberwatch search` do not import what they do not use.

Each command runs in a fresh interpreter, which then reports the heavy modules it imported:
Prefect, the HTTP client, the feed and HTML parsers, the language detector, CLDR's data, the
template engine, the parties' table; nor sqlite-utils (reading needs only sqlite3), rich (only
`search --table` draws with it: the help is plain text), asyncio, the models of the analysis
rules and of the source catalogue, or the analysis' compiled rules. (What this buys in time is
measured, not asserted: docs/performance.md.)
"""

import json
import os
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
# Besides HEAVY, what `--help` and `search` do without.
NOT_FOR_SEARCH = (
    "sqlite_utils",
    "click",  # sqlite-utils' command line (typer has its own copy)
    "rich",
    "asyncio",
    "config.analysis",
    "config.sources",
    "scrapers.analysis.rules",
    "scrapers.analysis.text",  # the text's analysis: the archive imports it only to file one
    "flows.orchestration.server",
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


def imported_by(
    *args: str, watched: tuple[str, ...] = HEAVY, cache: Path | None = None
) -> tuple[str, int, list[str]]:
    """The command's output, its exit code and the ``watched`` modules it imported; ``cache``
    the per-user cache directory (XDG_CACHE_HOME)."""
    code = f"HEAVY = {watched!r}\n{RUN}"
    env = {**os.environ, **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    printed, _, last = out.stdout.rstrip("\n").rpartition("\n")
    report = json.loads(last)
    return printed, report["code"], report["heavy"]


@pytest.mark.slow
def test_help_imports_nothing_heavy() -> None:
    printed, code, heavy = imported_by("--help", watched=HEAVY + NOT_FOR_SEARCH)
    assert code == 0
    assert "search" in printed and "poll" in printed  # the real help, every command listed
    assert "[env: CYBERWATCH_DB]" in printed  # plain text: no markup ate the brackets
    assert heavy == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "options",
    [[], ["--json"], ["--csv"], ["-p", "KR"], ["-p", "uk", "--json", "--kind", "dialogue"]],
)
def test_search_imports_nothing_heavy(tmp_path: Path, options: list[str]) -> None:
    """Nor sqlite-utils, rich, asyncio or the models of the rules and the catalogue; a party
    filter is a code (``uk`` is GB) and needs no parties' table."""
    archive = tmp_path / "sample.db"
    build(archive)
    printed, code, heavy = imported_by(
        "--db", str(archive), "search", "cyber", *options, watched=HEAVY + NOT_FOR_SEARCH
    )
    assert code == 0
    assert "cyber" in printed.lower() and "No releases match" not in printed  # real hits
    assert heavy == []


@pytest.mark.slow
def test_a_table_builds_the_parties_names_once_then_reads_them(tmp_path: Path) -> None:
    """The first table builds the parties' headline names from the table (CLDR, babel) and
    keeps them in the cache; the next reads them back: the checks above are real."""
    archive = tmp_path / "sample.db"
    build(archive)
    args = ("--db", str(archive), "search", "cyber", "--table")
    watched = HEAVY + NOT_FOR_SEARCH
    first, code, heavy = imported_by(*args, watched=watched, cache=tmp_path / "cache")
    assert code == 0
    assert "Republic of Korea" in first  # the parties' headline names
    assert "scrapers.analysis.countries" in heavy and "babel" in heavy and "rich" in heavy
    assert not {"prefect", "lingua", "httpx", "sqlite_utils", "config.sources"} & set(heavy)
    again, code, heavy = imported_by(*args, watched=watched, cache=tmp_path / "cache")
    assert code == 0
    assert again == first
    assert heavy == ["rich"]


def test_the_commands_signatures_are_not_strings() -> None:
    """typer reads every command's signature at each start: annotations written as strings
    (``from __future__ import annotations``) would cost it an eval each
    (flows/cli/commands/__init__.py)."""
    from flows.cli import app

    callbacks = [c.callback for c in app.registered_commands]
    callbacks += [g.typer_instance.registered_callback.callback for g in app.registered_groups]
    callbacks += [app.registered_callback.callback]
    assert len(callbacks) >= 15
    for callback in callbacks:
        annotations = callback.__annotations__
        assert "ctx" in annotations, callback
        assert not any(isinstance(a, str) for a in annotations.values()), callback.__name__


# What a poll without new releases and without alert channels does without: the analysis,
# and the digest's modules (with CLDR's data and the templates).
ANALYSIS = (
    "scrapers.analysis.pipeline",
    "scrapers.analysis.rules",
    "lingua",
    "babel",
    "flows.digest.outbox",
)
POLL_THEN_JUDGE = """
import asyncio, json, sys
from config import Settings
from flows.core import poll, runtime
from flows.core.judging import Judges
from flows.orchestration import poll_flow
from scrapers import Item

judges = Judges(Settings().analysis, workers=0)
before = [m for m in ANALYSIS if m in sys.modules]
item = Item(source="s", url="https://example.org/1", title="Cyber Dialogue", body="Held.")
judged = [type(j).__name__ for j in asyncio.run(judges.judge([item], listed=True))]
after = [m for m in ANALYSIS if m in sys.modules]
print(json.dumps({"before": before, "after": after, "judged": judged}))
"""


@pytest.mark.slow
def test_the_poll_loads_the_analysis_only_when_it_judges() -> None:
    """A warm poll (every feed unchanged) judges nothing: the poll's modules, its flow and its
    judges leave the analysis (its rules, the language detector) unloaded until a release is
    judged, and the digest's modules unless a channel takes alerts."""
    code = f"ANALYSIS = {ANALYSIS!r}\n{POLL_THEN_JUDGE}"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    report = json.loads(out.stdout.rstrip("\n").rpartition("\n")[2])
    assert report["before"] == []
    assert report["judged"] == ["Judged"]
    assert set(report["after"]) >= {"scrapers.analysis.pipeline", "scrapers.analysis.rules"}


def test_the_command_leaves_its_heap_to_the_exit_frozen() -> None:
    """The interpreter's exit would run the garbage collector over everything the command
    loaded (after a poll, 0.5-0.8 s before the prompt comes back): what is alive when the
    command ends is frozen first, however it ends."""
    check = (
        "import gc, sys\n"
        "from flows.cli import main\n"
        "sys.argv = ['cyberwatch', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_freeze_count())\n"
    )
    for args in (["--help"], ["no-such-command"]):
        out = subprocess.run(
            [sys.executable, "-c", check, *args], capture_output=True, text=True, cwd=ROOT
        )
        assert int(out.stdout.strip().splitlines()[-1]) > 10_000, (args, out.stderr)
