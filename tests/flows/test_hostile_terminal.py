"""Hostile text stored in the archive (an old archive, an imported file) never reaches the
terminal as escape sequences or control characters: every command's standard output goes
through ``flows.cli.output.terminal``. CliRunner is no terminal; the terminal case (styles
kept) is checked on the writer itself."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.cli.output.terminal import InertWriter, inert
from flows.devtools.sample import build

# Window title, clear screen, C1 CSI colour, conceal, clipboard write (OSC 52), hyperlink,
# DCS, carriage return and backspace: each visible word survives, nothing else.
HOSTILE = (
    "\x1b]0;TITLE\x07\x1b[2J\x9b31mRED\x1b[8mHIDDEN\x1b]52;c;Y2xpcA==\x07"
    "\x1b]8;;https://evil.example/\x1b\\LINK\x1b]8;;\x1b\\\x1bPq#0\x1b\\\r\x08END"
)
VISIBLE = "REDHIDDENLINKEND"
UNSAFE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build(tmp_path_factory.mktemp("hostile") / "archive.db")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE releases SET title = title || ?, body = ? || body", [HOSTILE, HOSTILE])
        db.execute("UPDATE release_versions SET title = title || ?", [HOSTILE])
        db.execute("UPDATE events SET location = ?", [f"Seoul{HOSTILE}"])
        db.execute(
            "INSERT INTO sources (name, last_error, last_error_at, consecutive_failures) "
            "VALUES ('govuk-fcdo', ?, '2026-11-28T08:00:00+00:00', 2)",
            [f"HTTP 500 {HOSTILE}"],
        )
    db.close()
    return path


COMMANDS = [
    ["search", "cyber"],
    ["search", "cyber", "--table"],
    ["search", "cyber", "--csv"],
    ["search", "cyber", "--json"],
    ["show", "1"],
    ["show", "1", "--diff"],
    ["show", "e1"],
    ["events"],
    ["events", "--json"],
    ["export", "--format", "csv"],
    ["export", "--format", "atom"],
    ["sources"],
    ["status"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_stored_escape_sequences_never_reach_standard_output(
    archive: Path, args: list[str]
) -> None:
    result = CliRunner().invoke(app, ["--db", str(archive), *args])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout  # JSON writes it as the six characters \u001b: inert
    assert UNSAFE.search(result.stdout) is None, repr(UNSAFE.search(result.stdout))


def test_the_hostile_text_is_shown_as_plain_words(archive: Path) -> None:
    out = CliRunner().invoke(app, ["--db", str(archive), "show", "1"]).stdout
    assert VISIBLE in out  # the words are printed: only the sequences went


def test_on_a_terminal_only_colour_and_bold_are_kept() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    writer = InertWriter(screen)
    writer.write(f"\x1b[1;33mbold\x1b[0m {HOSTILE}\n")
    assert screen.getvalue() == f"\x1b[1;33mbold\x1b[0m {VISIBLE}\n"
    assert inert(f"\x1b[1mb\x1b[0m{HOSTILE}") == f"b{VISIBLE}"  # not a terminal: no styles


@pytest.mark.slow
def test_a_dry_run_digest_prints_no_escape_sequence(archive: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--db", str(archive), "digest", "--dry-run", "--output", str(tmp_path / "d.html")]
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert UNSAFE.search(result.stdout) is None
    assert "REDHIDDEN" in result.stdout  # the hostile titles were in the digest
