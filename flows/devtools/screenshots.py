"""The research tools' screenshots in docs/: ``python -m flows.devtools.screenshots [DIR]``.

Builds the sample archive (``flows.devtools.sample``), runs ``cyberwatch search`` on a pseudo
terminal (so it prints as on a terminal, matched words highlighted) and ``cyberwatch report``,
and has headless Chromium photograph both: ``search.png`` (the terminal drawn by rich as SVG)
and ``report.png``. Needs Chromium; never used by the tests.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

from flows.devtools.preview import screenshot
from flows.devtools.sample import build

SEARCH = ("search", "cyber dialogue", "--party", "KR", "--party", "UK", "--sort", "date")
CLI = (sys.executable, "-c", "from flows.cli import main; main()")


def on_terminal(*args: str, columns: int = 110) -> str:
    """What ``cyberwatch ARGS`` prints on a terminal ``columns`` wide (with its escape codes)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    with subprocess.Popen([*CLI, *args], stdout=follower, stderr=follower, env=env) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def terminal_svg(command: str, output: str, *, columns: int = 110) -> str:
    console = Console(record=True, width=columns, force_terminal=True, file=io.StringIO())
    console.print(Text(f"$ {command}", style="bold green"))
    console.print(Text.from_ansi(output))
    return console.export_svg(title="cyberwatch search")


def main(argv: list[str]) -> int:
    docs = Path(argv[0]) if argv else Path("docs")
    with tempfile.TemporaryDirectory(prefix="cyberwatch-shots-") as scratch:
        work = Path(scratch)
        archive = build(work / "archive.db")
        output = on_terminal("--db", str(archive), *SEARCH)
        command = "cyberwatch search 'cyber dialogue' --party KR --party UK --sort date"
        svg = work / "search.svg"
        svg.write_text(terminal_svg(command, output), encoding="utf-8")
        page = work / "search.html"
        page.write_text(f"<html><body style='margin:0'>{svg.read_text()}</body></html>")
        screenshot(page, docs / "search.png", width=1000, height=312)
        report = work / "report.html"
        subprocess.run(
            [*CLI, "--db", str(archive), "report", "--html", str(report)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        screenshot(report, docs / "report.png", width=1100, height=900)
    print(docs / "search.png", docs / "report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
