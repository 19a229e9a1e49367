"""Measure the alert latency: a dialogue appears in a fixture feed -> its alert reaches Slack.

    python -m flows.devtools.latency --trials 4

Runs ``cyberwatch serve`` as a real process with its DEFAULT schedule (the poll every
``[schedule] poll_interval``, each source when its next check comes), its own Prefect server,
one feed source on a fixture server on 127.0.0.1 publishing a routine release an hour (so its
rhythm gives it the shortest interval) and a Slack alert channel posting to a local stand-in
that records when each message arrives. Each trial waits a random part of the poll interval
(the item appears at any moment of the schedule), adds a new dialogue release to the feed, and
times how long until its alert is posted. Prints one line per trial and the summary; stops
``serve`` with SIGINT at the end. Takes a few minutes per trial. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from pathlib import Path
from statistics import mean, median
from typing import Any

from config import Settings
from flows.devtools.demo.server import FixtureServer
from flows.devtools.demo.slack import slack_stand_in
from storage import Store

ROOT = Path(__file__).resolve().parents[2]
PAIRS = (
    ("Republic of Korea", "Japan", "Seoul"),
    ("Germany", "France", "Berlin"),
    ("Japan", "Australia", "Tokyo"),
    ("the Netherlands", "Singapore", "The Hague"),
    ("Canada", "the United Kingdom", "Ottawa"),
    ("Spain", "India", "Madrid"),
)


def item(n: int, *, title: str, text: str, at: datetime) -> str:
    return (
        f"<item><title>{title}</title><link>{{{{BASE}}}}/news/{n}.html</link>"
        f"<guid>news-{n}</guid><pubDate>{format_datetime(at, usegmt=True)}</pubDate>"
        f"<description>{text}</description></item>"
    )


def feed(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Ministry news</title><link>{{BASE}}/</link><description>news</description>"
        f"{''.join(reversed(items))}</channel></rss>"
    )


def routine(now: datetime) -> list[str]:
    """Ten routine releases, one an hour up to now: a busy publisher."""
    return [
        item(
            n,
            title=f"Minister visits region {n}",
            text=f"The minister visited region {n} to open a new school.",
            at=now - timedelta(hours=10 - n),
        )
        for n in range(10)
    ]


def dialogue(n: int, trial: int, *, at: datetime) -> tuple[str, str]:
    """A dialogue release of its own pair of countries, and its title."""
    a, b, city = PAIRS[trial % len(PAIRS)]
    round_ = f"{4 + trial}th"
    title = f"The {round_} {a}-{b} Cyber Dialogue"
    text = (
        f"The {round_} {a}-{b} Cyber Dialogue was held in {city} on "
        f"{at.day} {at.strftime('%B %Y')}. The two delegations discussed ransomware, "
        "the security of critical infrastructure and norms of responsible state behaviour "
        "in cyberspace, and agreed to hold the next cyber dialogue next year."
    )
    return item(n, title=title, text=text, at=at), title


def environment(tmp: Path, *, base_url: str, webhook_url: str) -> dict[str, str]:
    catalogue = tmp / "sources.toml"
    catalogue.write_text(
        '[[source]]\nname = "busy-ministry"\nkind = "feed"\n'
        f'url = "{base_url}/feed.rss"\nfetch_article = false\n'
    )
    config = tmp / "cyberwatch.toml"
    config.write_text(
        '[[digest.channels]]\nname = "alerts"\nkind = "slack"\nalert = true\n'
        "[fetch]\nrobots = false\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CYBERWATCH_"))}
    env.update(
        {
            "PREFECT_HOME": str(tmp / "prefect-client"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "CYBERWATCH_CONFIG": str(config),
            "CYBERWATCH_SOURCES": str(catalogue),
            "CYBERWATCH_DB": str(tmp / "archive.db"),
            "CYBERWATCH_SERVE__HOME": str(tmp / "prefect-server"),
            "CYBERWATCH_SLACK_WEBHOOK_URL": webhook_url,
        }
    )
    return env


def wait_for(check: Any, *, timeout: float, step: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(step)
    return None


def polled(db: Path) -> bool:
    if not db.exists():
        return False
    with Store.open(db) as store:
        return store.source_state("busy-ministry").last_success is not None


def run(trials: int, *, timeout: float, seed: int) -> list[float]:
    draw = random.Random(seed)
    poll_every = Settings().schedule.poll_interval.total_seconds()
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as name, slack_stand_in(token="T/B/latency") as slack:
        tmp = Path(name)
        site = tmp / "site"
        site.mkdir()
        items = routine(datetime.now(UTC))
        (site / "feed.rss").write_text(feed(items))
        with FixtureServer(site) as server:
            env = environment(tmp, base_url=server.base_url, webhook_url=slack.url)
            log = (tmp / "serve.log").open("wb")
            serve = subprocess.Popen(
                [sys.executable, "-c", "from flows.cli import main; main()", "serve"],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                if not wait_for(lambda: polled(tmp / "archive.db"), timeout=timeout, step=1.0):
                    raise SystemExit("serve never polled the source:\n" + _tail(tmp))
                print("serve is up and has polled the feed once", flush=True)
                for trial in range(trials):
                    time.sleep(draw.uniform(0, poll_every))
                    entry, title = dialogue(len(items), trial, at=datetime.now(UTC))
                    items.append(entry)
                    (site / "feed.rss").write_text(feed(items))
                    appeared = time.monotonic()
                    arrived = wait_for(partial(slack.first_post_with, title), timeout=timeout)
                    if arrived is None:
                        print(f"trial {trial + 1}: no alert within {timeout:.0f} s", flush=True)
                        print(_tail(tmp))
                        continue
                    latencies.append(arrived - appeared)
                    print(f"trial {trial + 1}: {arrived - appeared:.1f} s", flush=True)
            finally:
                os.killpg(serve.pid, signal.SIGINT)
                try:
                    serve.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    os.killpg(serve.pid, signal.SIGKILL)
                    serve.wait()
                log.close()
    return latencies


def _tail(tmp: Path) -> str:
    return "\n".join((tmp / "serve.log").read_text(errors="replace").splitlines()[-30:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per trial")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    latencies = run(args.trials, timeout=args.timeout, seed=args.seed)
    if not latencies:
        raise SystemExit("no alert arrived")
    summary = {
        "trials": len(latencies),
        "seconds": [round(s, 1) for s in latencies],
        "mean": round(mean(latencies), 1),
        "median": round(median(latencies), 1),
        "max": round(max(latencies), 1),
    }
    print(json.dumps(summary) if args.json else summary)


if __name__ == "__main__":
    main()
