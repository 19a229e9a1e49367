"""Preview the sample digest: ``python -m flows.devtools.preview [--screenshot PNG]``.

Writes the HTML email (and the plain text next to it) for the fixture events, and with
``--screenshot`` has headless Chromium photograph it (``make screenshot``). Chromium is needed
only for the screenshot, never by the tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from flows.digest.render import render_html, render_text
from flows.digest.sample import sample_digest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def screenshot(html: Path, png: Path, *, width: int = 900, height: int = 1650) -> None:
    """Photograph ``html`` with headless Chromium, offline and with a throw-away profile."""
    browser = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if browser is None:
        raise SystemExit("preview: no Chromium found (apt-get install chromium)")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cyberwatch-chromium-") as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={png.resolve()}",
                f"--window-size={width},{height}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.devtools.preview", description=__doc__)
    parser.add_argument("--html", type=Path, help="write the HTML here (default: a temp file)")
    parser.add_argument("--screenshot", type=Path, help="write a PNG of the email here")
    parser.add_argument("--height", type=int, default=1650)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cyberwatch-preview-") as scratch:
        html: Path = args.html or Path(scratch) / "digest.html"
        write(html)
        if args.html:
            print(html)
        if args.screenshot:
            screenshot(html, args.screenshot, height=args.height)
            print(args.screenshot)
    return 0


def write(html: Path) -> None:
    """The sample digest's HTML at ``html`` and its plain text beside it (``.txt``)."""
    digest = sample_digest()
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(render_html(digest), encoding="utf-8")
    html.with_suffix(".txt").write_text(render_text(digest), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
