"""The `cyberwatch` command: real processes for exit statuses and output, CliRunner for the rest."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from config import Settings
from flows.cli import app
from flows.devtools.demo.server import FixtureServer

ROOT = Path(__file__).resolve().parents[2]
SEED_TITLE = "The 4th Republic of Korea-UK Cyber Dialogue"
UNREACHABLE = """
[[source]]
name = "unreachable"
kind = "feed"
url = "http://127.0.0.1:9/feed.xml"
"""


def cyberwatch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def invoke(settings: Settings, *args: str) -> list[str]:
    result = CliRunner().invoke(
        app, ["--db", str(settings.db), "--sources", str(settings.sources), *args]
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


@pytest.mark.slow
def test_poll_names_an_unreachable_source_on_one_line_and_exits_1(
    server: FixtureServer, tmp_path: Path, catalogue_with: Callable[[FixtureServer, str], Path]
) -> None:
    catalogue = catalogue_with(server, UNREACHABLE)
    env = {
        "CYBERWATCH_SOURCES": str(catalogue),
        "CYBERWATCH_DB": str(tmp_path / "a.db"),
        "CYBERWATCH_POLL__RETRY_DELAY": "0",
        "CYBERWATCH_FETCH__RATE": "1000",  # our own loopback server: no pacing
    }
    done = cyberwatch("poll", env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    failed = [line for line in done.stdout.splitlines() if "FAILED" in line]
    assert len(failed) == 1
    assert failed[0].startswith("unreachable")
    assert "cannot connect" in failed[0]
    assert "24 new releases, 10 marked as cyber dialogues" in done.stdout  # enabled sources
    assert SEED_TITLE in done.stdout

    again = cyberwatch("poll", "--json", "--source", "govuk-fcdo", env=env)
    assert again.returncode == 0, again.stderr
    # Prefect's warning about a line logged outside a flow run (the temporary server's stop)
    assert "Warning" not in done.stderr + again.stderr
    (line,) = again.stdout.splitlines()
    assert json.loads(line)["status"] == "not modified"


@pytest.mark.slow
def test_demo_runs_offline() -> None:
    done = cyberwatch("demo")
    assert done.returncode == 0, done.stderr
    assert "47 new releases" in done.stdout  # every publisher, disabled sources included
    assert SEED_TITLE in done.stdout
    # releases from 15 publishers at least, German, French, Dutch and Spanish among them
    one_per_publisher = [
        "govuk-fcdo",
        "mofa-kr-board",
        "us-state-press-releases",
        "japan-mofa-ja-press-releases",
        "eu-eeas-press-material",
        "canada-gac-news",
        "australia-dfat-news",
        "aa-de-press",
        "fr-meae-actualites",
        "nl-rijksoverheid-cyber",
        "es-exteriores-notas",
        "eu-council-press",
        "ec-presscorner",
        "sg-csa-press",
        "sg-mfa-press",
        "australia-fm-media-releases",
    ]
    assert all(f"({name})" in done.stdout for name in one_per_publisher)
    assert "Deutsch-Japanische Cyberkonsultationen in Berlin" in done.stdout
    assert "Nederland en Zuid-Korea houden eerste cyberdialoog" in done.stdout
    assert "Tenue du dialogue cyber franco-indien" in done.stdout
    assert "primer diálogo sobre ciberseguridad" in done.stdout
    assert "[Pall] [Mall]" in done.stdout


@pytest.mark.slow
def test_search_puts_the_seed_first_for_pall_mall(archive: Settings) -> None:
    lines = invoke(archive, "search", "Pall Mall")
    assert lines[0] == f"1. {SEED_TITLE}"
    assert "govuk-fcdo" in lines[1]
    assert "[Pall] [Mall]" in lines[2]


@pytest.mark.slow
def test_search_json_has_one_object_per_line(archive: Settings) -> None:
    rows = [json.loads(line) for line in invoke(archive, "search", "cyber dialogue", "--json")]
    assert len(rows) >= 3
    assert {"id", "title", "url", "source", "published", "snippet", "rank"} <= set(rows[0])
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)


@pytest.mark.slow
@pytest.mark.parametrize("query", ["U.S.-Japan", '"', "(", "cyber AND", "*", "NEAR(", ""])
def test_search_accepts_any_text(archive: Settings, query: str) -> None:
    invoke(archive, "search", query)


@pytest.mark.slow
def test_search_limit(archive: Settings) -> None:
    assert len(invoke(archive, "search", "the", "--json", "--limit", "2")) == 2


@pytest.mark.slow
def test_sources_lists_state(archive: Settings) -> None:
    rows = [json.loads(line) for line in invoke(archive, "sources", "--json")]
    assert [r["name"] for r in rows] == [
        "govuk-fcdo",
        "govuk-ncsc",
        "govuk-cyber-dialogue",
        "govuk-fcdo-org",
        "mofa-kr-press-releases",
        "mofa-kr-press-briefings",
        "mofa-kr-board",
        "mofa-kr-ko-press-releases",
        "us-state-press-releases",
        "japan-mofa-press-releases",
        "japan-mofa-ja-press-releases",
        "eu-eeas-press",
        "eu-eeas-press-material",
        "canada-gac-news",
        "australia-dfat-news",
        "aa-de-press",
        "aa-en-press",
        "fr-meae-news",
        "fr-meae-actualites",
        "nl-rijksoverheid-cyber",
        "es-exteriores-notas",
        "eu-council-press",
        "ec-presscorner",
        "sg-csa-press",
        "sg-mfa-press",
        "australia-fm-media-releases",
        "pubt-io",
        "wired-gov",
    ]
    assert rows[0]["health"] == "ok"
    assert rows[0]["items_last_poll"] == 4
    assert (rows[0]["evidence"], rows[0]["language"]) == ("publisher-code", "en")
    by_name = {r["name"]: r for r in rows}
    assert by_name["sg-mfa-press"]["enabled"] is False
    assert "Isomer" in by_name["sg-mfa-press"]["disabled_reason"]
    text = invoke(archive, "sources")
    assert text[0].startswith("govuk-fcdo  [feed en evidence: publisher-code]  http://127.0.0.1:")
    assert text[1].strip().startswith("ok; last success 2026-11-28")
    fcdo_org = text.index(next(t for t in text if t.startswith("govuk-fcdo-org (disabled)")))
    assert text[fcdo_org + 1].strip().startswith("disabled: overlaps govuk-fcdo")


def test_search_without_an_archive_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "search", "x"])
    assert result.exit_code == 3
    assert "no archive here yet: run `cyberwatch poll`" in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.slow
def test_broken_catalogue_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "rss"\nurl = "https://example.org"\n')
    done = cyberwatch("--sources", str(bad), "sources")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"cyberwatch: configuration error: {bad}: source 'x': field 'kind': "
        "unknown kind 'rss' (expected one of: feed, html, sitemap, json)"
    )


@pytest.mark.slow
def test_unknown_source_name_is_refused_before_polling(archive: Settings) -> None:
    done = cyberwatch(
        "--sources", str(archive.sources), "--db", str(archive.db), "poll", "-s", "nope"
    )
    assert done.returncode == 2
    assert "unknown source 'nope' (known: govuk-fcdo, " in done.stderr


@pytest.mark.slow
def test_archive_that_is_not_sqlite_is_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "archive.db"
    bad.write_text("not a database, but a user's file that must survive")
    done = cyberwatch("--db", str(bad), "search", "cyber")
    assert done.returncode == 3
    assert done.stderr.startswith("cyberwatch: archive error:")
    assert bad.read_text() == "not a database, but a user's file that must survive"


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = [c.name for c in app.registered_commands]
    assert len(commands) >= 10
    for command in [*commands, "sources", "sources check"]:
        result = CliRunner().invoke(app, [*str(command).split(), "--help"])
        assert result.exit_code == 0, result.output
        assert f"cyberwatch {command}" in readme, command
