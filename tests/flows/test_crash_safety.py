"""Crash safety, measured: the poll and the digest killed with SIGKILL at random moments.

Each trial runs the real work in a real process (forked by ``tests/flows/crash_child.py`` from a
warm interpreter: the plain core the ``poll`` and ``digest`` flows wrap, without Prefect, so a
trial costs the work and not a second of imports) against the fixture sites on 127.0.0.1, a
real SMTP server (aiosmtpd) and the Slack stand-in, and kills it with SIGKILL after a delay drawn
with ``random.Random(SEED)`` from [0, the time a clean run takes]. After each kill the archive
must be sound (``tests/flows/archive_checks.py`` defines it precisely: SQLite's and FTS5's
integrity checks, every release with its index row and its analysis, events and outbox
consistent); a rerun must then complete the work: the archive holds what a clean run stores,
no release twice, and every digest item reaches each channel, none twice.

The one duplicate the design allows (``flows/digest/outbox.py``): the process dies after the
channel accepted a message and before the archive recorded it. The email is then sent again
with the same Message-ID (mail clients drop the copy), or that one Slack message posted again.
The test asserts duplicates happen only there, and counts them.

Set ``CRASH_REPORT=path`` to write each trial's kill point as JSON lines.
"""

from __future__ import annotations

import email
import json
import os
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from flows.devtools.demo.server import FixtureServer
from flows.devtools.demo.slack import SlackStandIn
from flows.digest.outbox import LEASE
from tests.flows.archive_checks import differences, facts, problems
from tests.flows.crash_child import Zygote
from tests.flows.digest.conftest import SmtpServer, slack, smtp

pytestmark = pytest.mark.slow

__all__ = ["slack", "smtp"]  # the digest tests' SMTP server and Slack stand-in, as fixtures
TRIALS = 20
SEED = 20261203
CHANNELS = ("email", "slack")
# A third of the catalogue, chosen for what a half-done poll could break: 24 releases in five
# languages, aggregator copies (pubt-io, wired-gov) and events reported by several sources.
SOURCES = (
    "govuk-fcdo", "mofa-kr-press-releases", "mofa-kr-board", "mofa-kr-ko-press-releases",
    "japan-mofa-press-releases", "japan-mofa-ja-press-releases", "aa-de-press", "aa-en-press",
    "fr-meae-news", "fr-meae-actualites", "pubt-io", "wired-gov",
)  # fmt: skip
RELEASES = 24


@pytest.fixture(scope="module")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    with Zygote(tmp_path_factory.mktemp("zygote") / "stderr.log") as forking:
        yield forking


def report(kind: str, trial: int, **fields: Any) -> None:
    path = os.environ.get("CRASH_REPORT")
    if path:
        with Path(path).open("a") as out:
            out.write(json.dumps({"test": kind, "trial": trial, **fields}) + "\n")


def now() -> str:
    return datetime.now(UTC).isoformat()


def catalogue(server: FixtureServer, write: Callable[[FixtureServer, str], Path]) -> Path:
    """The fixture catalogue cut down to ``SOURCES``."""
    path = write(server, "")
    head, *blocks = path.read_text().split("[[source]]")
    kept = [b for b in blocks if any(f'name = "{name}"' in b for name in SOURCES)]
    assert len(kept) == len(SOURCES)
    path.write_text("[[source]]".join([head, *kept]))
    return path


# --- the poll -------------------------------------------------------------------------------


def stored_releases(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "releases" not in tables:
            return 0
        count: int = conn.execute("SELECT count(*) FROM releases").fetchone()[0]
        return count


def poll_stage(db: Path, *, killed: bool, requests: int, sources: int) -> str:
    """Where the kill found the poll, from what the archive and the server saw."""
    if not killed:
        return "finished before the kill"
    if not db.exists():
        return "before the archive was created"
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "sources" not in tables:
            return "creating the archive"
        stored = conn.execute(
            "SELECT count(*) FROM sources WHERE last_success IS NOT NULL"
        ).fetchone()[0]
    if requests == 0:
        return "before any answer"
    if stored == 0:
        return "fetching, no source stored yet"
    if stored < sources:
        return "mid-poll, some sources stored"
    return "every source stored, closing"


def test_a_poll_killed_at_random_moments_leaves_a_sound_archive_the_next_poll_completes(
    server: FixtureServer,
    tmp_path: Path,
    catalogue_with: Callable[[FixtureServer, str], Path],
    zygote: Zygote,
) -> None:
    sources = catalogue(server, catalogue_with)

    def params(db: Path) -> dict[str, str]:
        return {"db": str(db), "sources": str(sources), "now": now()}

    clean = zygote.run("poll", params(tmp_path / "clean.db"), kill_after=None)
    assert clean.status == 0 and problems(tmp_path / "clean.db") == []
    expected = facts(tmp_path / "clean.db")
    assert expected["count"] == (RELEASES, RELEASES)
    assert expected["copies"] and expected["events"]  # what a half-done poll could break

    rng = random.Random(SEED)
    stages: Counter[str] = Counter()
    for trial in range(TRIALS):
        db = tmp_path / f"poll-{trial}.db"
        asked = len(server.requests)
        delay = rng.uniform(0, clean.seconds)
        killed = zygote.run("poll", params(db), kill_after=delay)
        answered = len(server.requests) - asked
        stage = poll_stage(db, killed=killed.killed, requests=answered, sources=len(SOURCES))
        stages[stage] += 1
        stored = stored_releases(db)
        report("poll", trial, delay=round(delay, 3), stage=stage, answered=answered, stored=stored)
        assert problems(db) == [], (trial, stage)

        rerun = zygote.run("poll", params(db), kill_after=None)
        assert rerun.status == 0, (trial, stage)
        assert problems(db) == [], (trial, stage)
        assert differences(expected, facts(db)) == [], (trial, stage)
    assert stages["mid-poll, some sources stored"] >= 3, stages  # the kills reached the work
    print(f"\npoll: {TRIALS} kills in {clean.seconds:.2f} s runs: {dict(stages)}")


# --- the digest -----------------------------------------------------------------------------


def digest_rows(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM digests ORDER BY created_at")]


def delivered(db: Path) -> set[tuple[str, str, int]]:
    sql = "SELECT channel, item_kind, item_id FROM deliveries WHERE delivered_at IS NOT NULL"
    with sqlite3.connect(db) as conn:
        return set(conn.execute(sql).fetchall())


def message_ids(server: SmtpServer, start: int) -> list[str]:
    """The Message-IDs of the messages the SMTP server accepted since ``start``."""
    found = []
    for envelope in server.mailbox.envelopes[start:]:
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        found.append(str(email.message_from_bytes(content, policy=default)["Message-ID"]))
    return found


def sent_content(db: Path) -> tuple[list[str], list[Any]]:
    """The Message-IDs of the sent email digests and the messages of the sent Slack digests."""
    ids: list[str] = []
    messages: list[Any] = []
    for row in digest_rows(db):
        if row["status"] != "sent":
            continue
        content = json.loads(row["payload"])
        if content["kind"] == "email":
            ids.append(content["message_id"])
        else:
            messages.extend(content["messages"])
    return ids, messages


def settled(smtp: SmtpServer, slack: SlackStandIn) -> tuple[int, int]:
    """The messages and posts received, once the servers have finished what a killed client
    sent them: a message sent in full counts as accepted even if its sender died before it
    read the answer, as on a real relay."""
    counts = (len(smtp.mailbox.envelopes), len(slack.posts))
    while True:
        time.sleep(0.25)
        now_counts = (len(smtp.mailbox.envelopes), len(slack.posts))
        if now_counts == counts:
            return counts
        counts = now_counts


def digest_stage(db: Path, *, killed: bool, mails: int, posts: int) -> tuple[str, str | None]:
    """Where the kill found the digest, and the channel whose accepted message the archive had
    not recorded yet (the window a duplicate can come from), if any."""
    if not killed:
        return "finished before the kill", None
    rows = {row["channel"]: row for row in digest_rows(db)}
    mail, chat = rows.get("email"), rows.get("slack")
    if mail is None:
        return "before the email digest was recorded", None
    if mail["status"] == "pending":
        if mails:
            return "email accepted, not yet marked sent", "email"
        if mail["attempts"] == 0:
            return "email recorded, not yet claimed", None
        return "email claimed, sending", None
    if chat is None:
        return "email sent, Slack digest not recorded", None
    if chat["status"] == "sent":
        return "both sent, closing", None
    progress = chat["slack_progress"]
    if posts > progress:
        return "Slack message accepted, not yet recorded", "slack"
    if progress == 0:
        return "email sent, Slack claimed or recorded", None
    return "mid-Slack, some messages posted", None


def test_a_digest_killed_at_random_moments_sends_every_item_once(
    server: FixtureServer,
    tmp_path: Path,
    catalogue_with: Callable[[FixtureServer, str], Path],
    zygote: Zygote,
    smtp: SmtpServer,
    slack: SlackStandIn,
) -> None:
    filled = tmp_path / "filled.db"
    sources = str(catalogue(server, catalogue_with))
    base = {"sources": sources, "smtp_port": smtp.port, "slack_url": slack.url}
    fill = zygote.run("poll", {**base, "db": str(filled), "now": now()}, kill_after=None)
    assert fill.status == 0

    def copy_of_filled(name: str) -> Path:
        db = tmp_path / name
        with sqlite3.connect(filled) as source, sqlite3.connect(db) as copy:
            source.backup(copy)
        return db

    clean_db = copy_of_filled("clean.db")
    clean = zygote.run("digest", {**base, "db": str(clean_db), "now": now()}, kill_after=None)
    assert clean.status == 0 and problems(clean_db) == []
    expected = delivered(clean_db)
    assert {channel for channel, _, _ in expected} == set(CHANNELS)
    ids, messages = sent_content(clean_db)
    assert message_ids(smtp, 0) == ids and len(ids) == 1
    assert slack.posts == messages and len(messages) >= 5  # a digest of many posts

    rng = random.Random(SEED)
    stages: Counter[str] = Counter()
    duplicates: Counter[str] = Counter()
    for trial in range(TRIALS):
        db = copy_of_filled(f"digest-{trial}.db")
        mails, posts = len(smtp.mailbox.envelopes), len(slack.posts)
        started = datetime.now(UTC)
        delay = rng.uniform(0, clean.seconds)
        run = {**base, "db": str(db), "now": started.isoformat()}
        killed = zygote.run("digest", run, kill_after=delay)
        got_mails, got_posts = settled(smtp, slack)
        stage, window = digest_stage(
            db, killed=killed.killed, mails=got_mails - mails, posts=got_posts - posts
        )
        stages[stage] += 1
        report("digest", trial, delay=round(delay, 3), stage=stage)
        assert problems(db) == [], (trial, stage)

        # The next run, once a crashed run's lease on its digest ran out.
        later = (started + LEASE + timedelta(minutes=1)).isoformat()
        assert zygote.run("digest", {**run, "now": later}, kill_after=None).status == 0
        assert problems(db) == [], (trial, stage)
        assert {row["status"] for row in digest_rows(db)} == {"sent"}, (trial, stage)
        assert delivered(db) == expected, (trial, stage)  # every item, to each channel

        ids, messages = sent_content(db)
        got_ids, posted = message_ids(smtp, mails), slack.posts[posts:]
        if window == "email":
            duplicates["email"] += 1
            assert got_ids == ids * 2, (trial, stage)  # the same Message-ID: a copy to drop
        else:
            assert got_ids == ids, (trial, stage)
        if window == "slack":
            duplicates["slack"] += 1
            assert len(posted) == len(messages) + 1, (trial, stage)
            again = next(i for i, post in enumerate(posted) if posted.count(post) > 1)
            assert posted[:again] + posted[again + 1 :] == messages, (trial, stage)
        else:
            assert posted == messages, (trial, stage)
    reached = [s for s in stages if s.startswith(("email claimed", "mid-Slack", "email sent"))]
    assert reached, stages  # the kills reached the sending
    print(f"\ndigest: {TRIALS} kills in {clean.seconds:.2f} s runs: {dict(stages)}; {duplicates}")
