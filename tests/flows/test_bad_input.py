"""Bad user input: every command answers with one line on standard error naming the file or the
problem, and a documented exit status (2 usage or configuration, 3 archive), never a
traceback, and leaves every file as it was (checksums before and after).

The commands are read from the typer app itself: a new command fails
``test_every_command_has_arguments_here`` until it is given its arguments in ``ARGS`` and so
joins the matrix of commands x bad inputs. Runs in-process through typer's CliRunner (the root
group, ``flows.cli.failures.FailureGroup``, does what ``main`` used to); a few cases also run
as real processes, through ``main``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from flows.cli import app
from flows.devtools.sample import build

ROOT = Path(__file__).resolve().parents[2]

# The arguments that make each command do its work; the bad input comes on top.
ARGS: dict[str, list[str]] = {
    "poll": [],
    "search": ["cyber"],
    "show": ["1"],
    "sources": [],
    "sources check": [],
    "backfill": ["local", "--since", "2024-01-01"],
    "demo": [],
    "analyze": ["{data}/releases.jsonl"],
    "import": ["{data}/releases.jsonl"],
    "events": [],
    "export": [],
    "report": ["--html", "{out}/report.html"],
    "browse": ["--no-open", "--port", "0"],
    "digest": ["--dry-run"],
    "status": [],
    "serve": [],
}
# Commands that never open the archive of --db (demo makes its own).
NO_ARCHIVE = {"analyze", "demo", "sources check"}
# Commands that only read the archive: they never create one.
READERS = {"search", "show", "events", "export", "report", "browse"}
# Commands that show the catalogue or the service without an archive (it is "not polled yet").
WITHOUT_ONE = {"sources", "status"}

# The quick loop runs each bad input with these commands; the other commands are marked slow
# (the whole matrix takes some 15 s of CPU).
QUICK = {"poll", "search", "import", "digest", "report", "export"}


def commands(names: set[str] | list[str]) -> list[Any]:
    """``names`` as parameters, those outside QUICK marked slow."""
    return [n if n in QUICK else pytest.param(n, marks=pytest.mark.slow) for n in sorted(names)]


CATALOGUE = """
[[source]]
name = "local"
kind = "html"
url = "http://127.0.0.1:9/list"
item = "li"
title = "a"
link = "a"
backfill_url = "http://127.0.0.1:9/list?page={page}"
"""
RELEASE = (
    '{"url": "http://127.0.0.1:9/a", "title": "Cyber dialogue", "text": "Held in Seoul.",'
    ' "published": "2024-05-01"}\n'
)


@dataclass(frozen=True)
class Files:
    """The directory of good and bad files every case reads."""

    data: Path  # inputs: the archives, catalogues, settings and JSON lines
    out: Path  # where outputs may be written

    @property
    def good_db(self) -> Path:
        return self.data / "good.db"

    @property
    def catalogue(self) -> Path:
        return self.data / "local.toml"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    data = tmp_path_factory.mktemp("data")
    out = tmp_path_factory.mktemp("out")
    good = build(data / "good.db")
    archive = good.read_bytes()
    (data / "local.toml").write_text(CATALOGUE)
    (data / "releases.jsonl").write_text(RELEASE)
    (data / "random.db").write_bytes(hashlib.sha512(b"seed").digest() * 256)
    (data / "notes.db").write_text("my notes, not an archive\n" * 100)
    (data / "truncated.db").write_bytes(archive[: len(archive) // 3])
    (data / "header-only.db").write_bytes(archive[:100])
    (data / "newer.db").write_bytes(archive)
    with sqlite3.connect(data / "newer.db") as newer:
        newer.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('cyberwatch', '999_from_the_future', '2030-01-01')"
        )
    newer.close()
    with sqlite3.connect(data / "other-program.db") as other:
        other.execute("CREATE TABLE notes (text TEXT)")
        other.execute("INSERT INTO notes VALUES ('keep me')")
    other.close()
    (data / "a-directory.db").mkdir()
    (data / "a-directory.toml").mkdir()
    (data / "plain.txt").write_text("a file, so nothing can live below it\n")
    (data / "invalid.toml").write_text("[fetch\ntimeout = 3\n")
    (data / "not-utf8.toml").write_bytes(b"\xff\xfe[fetch]\n")
    (data / "bad-value.toml").write_text("[fetch]\ntimeout = 'soon'\n")
    (data / "duplicate.toml").write_text(CATALOGUE + CATALOGUE)
    (data / "selector.toml").write_text(CATALOGUE.replace('item = "li"', 'item = "td >> a"'))
    (data / "kind.toml").write_text(CATALOGUE.replace('kind = "html"', 'kind = "gopher"'))
    (data / "no-sources.toml").write_text('title = "nothing here"\n')
    (data / "not-utf8.jsonl").write_bytes(RELEASE.encode() + b"\xff\xfe\xfa\n")
    return Files(data=data, out=out)


def checksums(*folders: Path) -> dict[str, str]:
    """Every file under ``folders`` and its SHA-256: what a bad call must leave as it was."""
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def command_names(group: Any, prefix: str = "") -> Iterator[str]:
    """Every command of the app (a group of typer's own copy of click), subcommands as
    ``sources check``; a group that runs without a subcommand (``sources``) is one too."""
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            if command.invoke_without_command:
                yield full
            yield from command_names(command, prefix=f"{full} ")
        else:
            yield full


def invoke(files: Files, command: str, *, before: list[str], after: list[str] = ()) -> Result:
    """Run ``command`` with its ARGS, the global options ``before`` it (a good archive and the
    local catalogue unless overridden) and ``after`` it, checking no file changed."""
    options = ["--db", str(files.good_db), "--sources", str(files.catalogue), *before]
    args = [a.format(data=files.data, out=files.out) for a in ARGS[command]]
    before_sums = checksums(files.data, files.out)
    result = CliRunner().invoke(app, [*options, *command.split(), *args, *after])
    assert checksums(files.data, files.out) == before_sums, "a bad call changed a file"
    return result


def assert_refused(result: Result, status: int, *named: str) -> None:
    """One line on standard error, naming ``named``, exit ``status``; no traceback."""
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == status, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cyberwatch: ")
    for name in named:
        assert name in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_every_command_has_arguments_here() -> None:
    commands = set(command_names(typer.main.get_group(app)))
    assert commands == set(ARGS), "give a new command its arguments in ARGS"


# The settings file: read by the global options, so refused before any command runs.
SETTINGS = {
    "missing": ("nothing-here.toml", "file not found"),
    "directory": ("a-directory.toml", "cannot read"),
    "invalid TOML": ("invalid.toml", "not valid TOML"),
    "not UTF-8": ("not-utf8.toml", "not UTF-8 text"),
    "bad value": ("bad-value.toml", "field 'fetch.timeout'"),
}


@pytest.mark.parametrize("command", commands(ARGS))
@pytest.mark.parametrize("case", sorted(SETTINGS))
def test_a_bad_settings_file_is_refused(files: Files, case: str, command: str) -> None:
    name, problem = SETTINGS[case]
    result = invoke(files, command, before=["--config", str(files.data / name)])
    assert_refused(result, 2, "configuration error", name, problem)


CATALOGUES = {
    "missing": ("nothing-here.toml", "file not found"),
    "directory": ("a-directory.toml", "cannot read"),
    "invalid TOML": ("invalid.toml", "not valid TOML"),
    "not UTF-8": ("not-utf8.toml", "not UTF-8 text"),
    "duplicate names": ("duplicate.toml", "source 'local': field 'name': duplicate name"),
    "bad CSS selector": ("selector.toml", "field 'item': CSS selector does not parse"),
    "unknown kind": ("kind.toml", "unknown kind 'gopher'"),
    "no sources": ("no-sources.toml", "no [[source]] tables"),
}


@pytest.mark.parametrize("command", commands(ARGS))
@pytest.mark.parametrize("case", sorted(CATALOGUES))
def test_a_bad_catalogue_is_refused(files: Files, case: str, command: str) -> None:
    name, problem = CATALOGUES[case]
    result = invoke(files, command, before=["--sources", str(files.data / name)])
    assert_refused(result, 2, "configuration error", name, problem)


ARCHIVES = {
    "random bytes": ("random.db", "not a cyberwatch archive"),
    "a text file": ("notes.db", "not a cyberwatch archive"),
    "truncated": ("truncated.db", "damaged"),
    "header only": ("header-only.db", "damaged"),
    "newer schema": ("newer.db", "newer cyberwatch (schema step 999_from_the_future"),
    "another program's": ("other-program.db", "another program"),
    "a directory": ("a-directory.db", "is a directory"),
    "below a file": ("plain.txt/archive.db", "cannot create its directory"),
}
USERS = sorted(set(ARGS) - NO_ARCHIVE)


@pytest.mark.parametrize("command", commands(USERS))
@pytest.mark.parametrize("case", sorted(ARCHIVES))
def test_an_archive_that_cannot_be_used_is_refused(files: Files, case: str, command: str) -> None:
    name, problem = ARCHIVES[case]
    if case == "below a file":
        if command in WITHOUT_ONE:
            pytest.skip("shows the state without an archive: nothing polled yet")
        if command in READERS:
            problem = "no archive here yet"  # readers never create one
    result = invoke(files, command, before=["--db", str(files.data / name)])
    assert_refused(result, 3, "archive error", name, problem)


@pytest.mark.skipif(
    sys.platform != "linux" or not Path("/proc/self").is_dir(), reason="needs Linux's /proc"
)
@pytest.mark.parametrize("command", commands(set(USERS) - READERS - WITHOUT_ONE))
def test_an_unwritable_directory_is_refused(files: Files, command: str) -> None:
    # /proc refuses new files to anyone, root included (chmod would not stop root)
    result = invoke(files, command, before=["--db", "/proc/cyberwatch-test.db"])
    assert_refused(result, 3, "archive error", "/proc/cyberwatch-test.db", "writable")


@pytest.mark.parametrize("command", sorted(READERS))
def test_readers_never_create_an_archive(files: Files, command: str) -> None:
    missing = files.out / "nowhere" / "archive.db"
    result = invoke(files, command, before=["--db", str(missing)])
    assert_refused(result, 3, str(missing), "no archive here yet: run `cyberwatch poll`")
    assert not missing.parent.exists()


OUTPUTS = {
    "export": ["--output"],
    "report": ["--html"],
    "digest": ["--output"],
}
TARGETS = {
    "no such directory": ("{out}/no/such/dir/file", "no directory"),
    "a directory": ("{out}", "is a directory"),
    "the archive": ("{data}/good.db", "that is the archive"),
}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
@pytest.mark.parametrize("case", sorted(TARGETS))
def test_an_output_that_cannot_be_written_is_refused(files: Files, case: str, command: str) -> None:
    target, problem = TARGETS[case]
    path = target.format(out=files.out, data=files.data)
    (option,) = OUTPUTS[command]
    if command == "digest" and case == "no such directory":
        pytest.skip("digest --output creates its directory")
    result = invoke(files, command, before=[], after=[option, path])
    assert_refused(result, 2, option, problem)


INPUTS = {
    "missing": ("nothing-here.jsonl", "No such file or directory"),
    "a directory": ("a-directory.db", "Is a directory"),
}


@pytest.mark.parametrize("command", ["analyze", "import"])
@pytest.mark.parametrize("case", sorted(INPUTS))
def test_an_input_file_that_cannot_be_read_is_refused(
    files: Files, case: str, command: str
) -> None:
    name, problem = INPUTS[case]
    path = str(files.data / name)
    before = checksums(files.data)
    result = CliRunner().invoke(
        app, ["--db", str(files.good_db), "--sources", str(files.catalogue), command, path]
    )
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("cyberwatch: configuration error: ") and name in line
    assert problem in line
    assert result.stdout == ""
    assert checksums(files.data) == before


def test_a_line_that_is_not_utf8_is_a_bad_line(files: Files, tmp_path: Path) -> None:
    lines = str(files.data / "not-utf8.jsonl")  # a good line, then bytes that are not UTF-8
    analysed = CliRunner().invoke(app, ["analyze", lines])
    assert analysed.exit_code == 2
    assert analysed.stderr.strip() == (
        "cyberwatch: line 2: not UTF-8 text (invalid start byte): save it as UTF-8"
    )
    good, bad = analysed.stdout.splitlines()
    assert '"url": "http://127.0.0.1:9/a"' in good and '"error": "line 2: not UTF-8' in bad

    archive = tmp_path / "archive.db"
    imported = CliRunner().invoke(app, ["--db", str(archive), "import", lines])
    assert imported.exit_code == 2
    assert imported.stderr.strip().endswith(
        "line 2: not UTF-8 text (invalid start byte): save it as UTF-8"
    )
    assert imported.stdout.startswith("1 new")  # the good line is stored, as a poll would


STRANGE = [
    '"unbalanced',
    'cyber "dialogue',
    '""',
    "*",
    "cyber*",
    "**",
    "NEAR",
    "NEAR(cyber dialogue)",
    "cyber NEAR dialogue",
    "AND OR",
    "NOT",
    "cyber AND",
    "-",
    "-cyber",
    "^",
    "^cyber",
    "cyber:dialogue",
    "title:cyber",
    "(cyber",
    "cyber)",
    "{cyber}",
    "🛡️ cyber 🔐",
    "cyber\x00dialogue",
    "\x00",
    "사이버 대화",
    "サイバー対話",
    "U.S.-Japan",
    "x" * 10_000,
    "cyber " * 2_000,
    "'; DROP TABLE releases; --",
]


@pytest.mark.parametrize("text", STRANGE, ids=[repr(t)[:30] for t in STRANGE])
def test_strange_search_text_is_searched_for_literally(files: Files, text: str) -> None:
    db = ["--db", str(files.good_db)]
    # "--" ends the options: without it "-cyber" is a usage error (exit 2), as for any command
    result = CliRunner().invoke(app, [*db, "search", "--json", "--", text])
    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0 and result.stderr == ""
    exported = CliRunner().invoke(app, [*db, "export", "--query", text])
    assert exported.exception is None and exported.exit_code == 0, exported.output


def test_strange_search_text_still_finds_what_it_names(files: Files) -> None:
    def search(text: str) -> str:
        done = CliRunner().invoke(app, ["--db", str(files.good_db), "search", text])
        assert done.exit_code == 0
        return done.stdout

    assert "[Pall] [Mall]" in search("Pall Mall")
    assert search('Pall "Mall') == search("Pall Mall") == search("Pall\x00Mall")
    assert search("cyber " * 2_000) == search("cyber")


def cyberwatch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from flows.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_a_real_process_gets_the_same_line_and_status(files: Files) -> None:
    before = checksums(files.data)
    cases = [
        (["--db", str(files.data / "truncated.db"), "search", "cyber"], 3, "damaged"),
        (["--db", str(files.data / "newer.db"), "poll"], 3, "newer cyberwatch"),
        (["--config", str(files.data / "not-utf8.toml"), "status"], 2, "not UTF-8 text"),
        (["--sources", str(files.data / "selector.toml"), "events"], 2, "does not parse"),
        (["--db", str(files.good_db), "import", str(files.data / "none.jsonl")], 2, "cannot read"),
    ]
    for args, status, problem in cases:
        done = cyberwatch(*args)
        assert done.returncode == status, done.stderr
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("cyberwatch: ") and problem in line
        assert done.stdout == ""
    assert checksums(files.data) == before


ODD_ARGUMENTS = {
    "an id beyond SQLite's integers": (["show", "9" * 30], 2, "no release"),
    "an event id beyond them": (["show", "e" + "9" * 30], 2, "no event"),
    "a superscript digit": (["show", "²"], 2, "no release ²"),
    "a broken URL": (["show", "http://["], 2, "no release http://["),
    "an empty --db": (["--db", "", "search", "x"], 3, "is a directory"),
    "an empty --sources": (["--sources", "", "search", "x"], 2, "cannot read"),
    "an unknown source": (["sources", "check", "nope"], 2, "unknown source 'nope'"),
    "an unknown channel": (["digest", "--channel", "nope"], 2, "no channel 'nope'"),
}


@pytest.mark.parametrize("case", sorted(ODD_ARGUMENTS))
def test_odd_arguments_are_refused(files: Files, case: str) -> None:
    args, status, problem = ODD_ARGUMENTS[case]
    options = [] if args[0].startswith("--") else ["--db", str(files.good_db)]
    before = checksums(files.data)
    result = CliRunner().invoke(app, [*options, *args])
    assert_refused(result, status, problem)
    assert checksums(files.data) == before


@pytest.mark.parametrize("command", ["search", "events"])
def test_a_limit_beyond_sqlite_integers_means_all(files: Files, command: str) -> None:
    args = [command, *(["cyber"] if command == "search" else []), "--limit", "9" * 30]
    result = CliRunner().invoke(app, ["--db", str(files.good_db), *args])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert result.stdout
