"""The digest outbox in a real SQLite file: one pending digest per channel, each item once per
channel, claims, and marking a digest sent in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import OutboxItem, Store

NOW = datetime(2026, 11, 28, 9, tzinfo=UTC)
LEASE = timedelta(minutes=15)
ITEMS = (OutboxItem("event", 1), OutboxItem("link", 10), OutboxItem("release", 20))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "archive.db") as opened:
        yield opened


def record(
    store: Store,
    key: str,
    channel: str = "email",
    items: tuple[OutboxItem, ...] = ITEMS,
    cursor: datetime | None = None,
):
    return store.record_digest(
        key=key,
        channel=channel,
        created_at=NOW,
        since=NOW - timedelta(days=7),
        payload='{"kind": "email", "subject": "s", "text": "t", "html": "h"}',
        items=items,
        cursor=cursor,
    )


def test_a_channel_has_at_most_one_pending_digest(store: Store) -> None:
    first = record(store, "k1")
    assert (first.status, first.events, first.releases, first.items) == ("pending", 1, 1, 2)
    assert record(store, "k1") == first  # the same key: the same digest
    assert record(store, "k2", items=(OutboxItem("event", 2),)) == first  # still pending
    assert store.pending_digest("email") == first
    assert record(store, "k3", channel="slack").key == "k3"  # other channels are separate
    assert [d.key for d in store.outbox()] == ["k1", "k3"]
    assert store.pending_deliveries() == 4  # events and releases; links are not counted
    with pytest.raises(sqlite3.IntegrityError):  # the index enforces it too
        store._db.execute(
            "INSERT INTO digests (key, channel, created_at, since, payload) "
            "VALUES ('k4', 'email', 'x', 'x', '{}')"
        )


def test_an_item_is_given_to_a_channel_once(store: Store) -> None:
    record(store, "k1")
    store.mark_sent("k1", now=NOW)
    assert record(store, "k2", items=(OutboxItem("event", 1),), cursor=NOW) is None
    assert store.outbox_digest("k2") is None  # the stale compose left nothing behind
    assert record(store, "k3", channel="slack", items=(OutboxItem("event", 1),)) is not None
    with pytest.raises(sqlite3.IntegrityError):  # the index enforces it too
        store._db.execute(
            "INSERT INTO deliveries (channel, item_kind, item_id, digest_key) "
            "VALUES ('email', 'event', 1, 'k3')"
        )


def test_a_digest_chosen_before_the_cursor_moved_is_not_recorded(store: Store) -> None:
    """Another run sent a digest between this run's reads and its record: choose again."""
    record(store, "k1", items=(OutboxItem("event", 1),))
    store.mark_sent("k1", now=NOW)  # the cursor moves from None to NOW
    stale = record(store, "k2", items=(OutboxItem("event", 2),), cursor=None)
    assert stale is None and store.outbox_digest("k2") is None
    fresh = record(store, "k2", items=(OutboxItem("event", 2),), cursor=NOW)
    assert fresh is not None and fresh.status == "pending"


def test_reading_for_a_digest_takes_no_write_lock(store: Store, tmp_path: Path) -> None:
    """While a run reads in ``outbox_snapshot()``, another connection writes at once."""
    with Store.open(tmp_path / "archive.db") as other, store.outbox_snapshot():
        assert store.pending_digest("email") is None
        other._db.execute("PRAGMA busy_timeout = 100")
        assert other.record_digest(
            key="k1",
            channel="email",
            created_at=NOW,
            since=NOW,
            payload="{}",
            items=ITEMS,
            cursor=None,
        )
        assert store.pending_digest("email") is None  # the snapshot does not see it yet
    assert store.pending_digest("email") is not None


def test_a_claim_keeps_other_runs_off_until_it_runs_out(store: Store) -> None:
    record(store, "k1")
    claimed = store.claim_digest("k1", now=NOW, lease=LEASE)
    assert claimed is not None and claimed.attempts == 1
    assert claimed.claimed_until == NOW + LEASE
    assert store.claim_digest("k1", now=NOW + LEASE / 2, lease=LEASE) is None
    store.digest_failed("k1", error="email: 127.0.0.1:25 answered 451 try later")
    again = store.claim_digest("k1", now=NOW + LEASE / 2, lease=LEASE)
    assert again is not None and again.attempts == 2
    assert again.last_error == "email: 127.0.0.1:25 answered 451 try later"
    late = store.claim_digest("k1", now=NOW + 2 * LEASE, lease=LEASE)  # the holder died
    assert late is not None and late.attempts == 3
    store.record_progress("k1", posted=2)
    store.record_progress("k1", posted=1)  # never goes back
    assert store.outbox_digest("k1").slack_progress == 2  # type: ignore[union-attr]


def test_marking_sent_delivers_the_items_and_moves_the_cursor_once(store: Store) -> None:
    record(store, "k1")
    assert store.channel_cursor("email") is None
    assert store.mark_sent("k1", now=NOW + timedelta(hours=1))
    assert not store.mark_sent("k1", now=NOW + timedelta(hours=2))
    sent = store.outbox_digest("k1")
    assert sent is not None and sent.status == "sent"
    assert sent.sent_at == NOW + timedelta(hours=1) and sent.claimed_until is None
    assert {d.delivered_at for d in store.deliveries("email")} == {NOW + timedelta(hours=1)}
    assert store.channel_cursor("email") == NOW  # when it was composed
    assert store.claim_digest("k1", now=NOW, lease=LEASE) is None
    assert store.pending_digest("email") is None and store.pending_deliveries() == 0
