"""The digest outbox: what each channel was given, once. Mixed into ``Store``.

Three tables (migration ``005_outbox``): ``digests`` (each digest's fixed content and whether its
channel accepted it), ``deliveries`` (each item a channel is given, unique per channel, pointing
at its digest, ``delivered_at`` set only once the channel accepted that digest) and
``channel_cursor`` (when the last digest a channel accepted was composed).

The three steps of a digest:

1. compose, without holding the write lock while the digest is built and rendered: inside
   ``outbox_snapshot()`` (a read transaction: one state of the archive, and polls write on),
   read ``pending_digest``, ``channel_cursor`` and the ``digest_candidates``; build and render
   outside any transaction; then ``record_digest`` the content and its items in one short write
   transaction (BEGIN IMMEDIATE) that first checks nothing the choice depended on changed
   meanwhile: no other pending digest for the channel, the cursor where it was, none of the items
   given to the channel (``deliveries`` is unique per channel and item). If something did, it
   records nothing and the caller chooses again, so two runs never give one item twice;
2. send, outside any transaction, after ``claim_digest`` (a lease, so two runs at once do not
   both send it; a crashed run's lease runs out);
3. ``mark_sent``: the digest sent, its deliveries delivered, the channel's cursor moved, at once.
   A failed send is ``digest_failed``: the digest stays pending for the next run.

Items are ``event`` (a meeting), ``link`` (a release shown as one of an event's links: an event
one of whose releases a channel was already given is not given again, even after events merge)
and ``release`` (another cyber release).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from storage.base import StoreBase
from storage.base import query_rows as _rows
from storage.outbox_model import (
    Delivery,
    DigestCandidates,
    OutboxDigest,
    OutboxItem,
    ReleaseFacts,
)
from storage.timestamps import from_text, from_text_or_none, to_text

if TYPE_CHECKING:
    from sqlite_utils import Database

_EVENT_CANDIDATES = """
    SELECT DISTINCT er.event_id AS id
    FROM releases r JOIN event_releases er ON er.release_id = r.id
    WHERE r.first_seen >= :since AND (:archive OR r.origin = 'poll')
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.channel = :channel
                      AND d.item_kind = 'event' AND d.item_id = er.event_id)
      AND NOT EXISTS (SELECT 1 FROM event_releases m JOIN deliveries d
                      ON d.item_id = m.release_id AND d.item_kind = 'link'
                      AND d.channel = :channel
                      WHERE m.event_id = er.event_id)
    ORDER BY er.event_id
"""
_RELEASE_CANDIDATES = """
    SELECT r.id FROM releases r
    WHERE r.first_seen >= :since AND (:archive OR r.origin = 'poll') AND r.copy_of IS NULL
      AND NOT EXISTS (SELECT 1 FROM event_releases er WHERE er.release_id = r.id)
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.channel = :channel
                      AND d.item_kind IN ('link', 'release') AND d.item_id = r.id)
    ORDER BY r.first_seen, r.id
"""


class OutboxMixin(StoreBase):
    """Compose: ``outbox_snapshot()``, ``pending_digest``, ``channel_cursor``,
    ``digest_candidates``, ``release_facts``, ``newest_releases``, ``record_digest``. Send:
    ``claim_digest``, ``record_progress``, ``digest_failed``, ``mark_sent``. Read:
    ``outbox_digest``, ``outbox``, ``deliveries``, ``pending_deliveries``."""

    @contextmanager
    def outbox_snapshot(self) -> Iterator[None]:
        """One read transaction around choosing a digest's items: every read in it sees the
        same archive, and other connections keep writing (WAL) since it takes no write lock."""
        with self._guard("cannot read the archive to compose a digest"):
            self._db.execute("BEGIN")
        try:
            yield
        finally:
            with self._guard("cannot read the archive to compose a digest"):
                self._db.conn.rollback()  # it wrote nothing: ending it is all there is to do

    def pending_digest(self, channel: str) -> OutboxDigest | None:
        """The channel's digest that was composed but not accepted yet, if any."""
        with self._guard(f"cannot read the outbox of channel {channel!r}"):
            rows = _rows(
                self._db,
                "SELECT * FROM digests WHERE channel = ? AND status = 'pending'",
                [channel],
            )
        return _digest(rows[0]) if rows else None

    def outbox_digest(self, key: str) -> OutboxDigest | None:
        with self._guard(f"cannot read digest {key}"):
            rows = _rows(self._db, "SELECT * FROM digests WHERE key = ?", [key])
        return _digest(rows[0]) if rows else None

    def outbox(self, channel: str | None = None) -> list[OutboxDigest]:
        """The digests composed (for one channel, or all), oldest first."""
        sql = "SELECT * FROM digests" + (" WHERE channel = ?" if channel else "")
        with self._guard("cannot read the outbox"):
            rows = _rows(self._db, sql + " ORDER BY created_at, key", [channel] if channel else [])
        return [_digest(row) for row in rows]

    def deliveries(self, channel: str) -> list[Delivery]:
        sql = "SELECT * FROM deliveries WHERE channel = ? ORDER BY rowid"
        with self._guard(f"cannot read the deliveries of channel {channel!r}"):
            rows = _rows(self._db, sql, [channel])
        return [
            Delivery(
                channel=row["channel"],
                item=OutboxItem(row["item_kind"], row["item_id"]),
                digest_key=row["digest_key"],
                delivered_at=from_text_or_none(row["delivered_at"]),
            )
            for row in rows
        ]

    def pending_deliveries(self) -> int:
        """Items (events and other releases) in digests no channel has accepted yet."""
        sql = "SELECT count(*) FROM deliveries WHERE delivered_at IS NULL AND item_kind != 'link'"
        with self._guard("cannot count pending deliveries"):
            count: int = self._db.execute(sql).fetchone()[0]
        return count

    def channel_cursor(self, channel: str) -> datetime | None:
        """When the last digest the channel accepted was composed (None: it never had one)."""
        with self._guard(f"cannot read the cursor of channel {channel!r}"):
            return _cursor(self._db, channel)

    def digest_candidates(
        self, channel: str, *, since: datetime, archive: bool = False
    ) -> DigestCandidates:
        """Events with a release first seen at or after ``since``, and releases first seen then
        that are in no event and copy no other, that ``channel`` was not given yet. Releases a
        backfill or an import brought in count only with ``archive``."""
        params = {"channel": channel, "since": to_text(since), "archive": int(archive)}
        with self._guard(f"cannot choose the digest of channel {channel!r}"):
            events = [row[0] for row in self._db.execute(_EVENT_CANDIDATES, params)]
            releases = [row[0] for row in self._db.execute(_RELEASE_CANDIDATES, params)]
        return DigestCandidates(tuple(events), tuple(releases))

    def release_facts(self, ids: Iterable[int]) -> dict[int, ReleaseFacts]:
        """The analysis of each release in ``ids`` (missing ids are left out)."""
        wanted = sorted(set(ids))
        sql = (
            "SELECT id, kind, parties, topics, chairs, official, score FROM releases "
            f"WHERE id IN ({', '.join('?' * len(wanted))})"
        )
        with self._guard("cannot read release analysis"):
            rows = _rows(self._db, sql, list(wanted)) if wanted else []
        return {
            row["id"]: ReleaseFacts(
                id=row["id"],
                kind=row["kind"],
                parties=tuple(json.loads(row["parties"])),
                topics=tuple(json.loads(row["topics"])),
                chairs=tuple(
                    (c.get("name", ""), c.get("title", "")) for c in json.loads(row["chairs"])
                ),
                official=bool(row["official"]),
                score=row["score"],
            )
            for row in rows
        }

    def newest_releases(self) -> dict[str, datetime]:
        """When each source's newest release was first seen."""
        sql = "SELECT source, max(first_seen) FROM releases GROUP BY source"
        with self._guard("cannot read the newest releases"):
            return {source: from_text(seen) for source, seen in self._db.execute(sql)}

    def record_digest(
        self,
        *,
        key: str,
        channel: str,
        created_at: datetime,
        since: datetime,
        payload: str,
        items: Sequence[OutboxItem],
        cursor: datetime | None,
    ) -> OutboxDigest | None:
        """Record a composed digest as pending with its items, and return it, in one short write
        transaction; ``cursor`` is the channel's cursor the items were chosen with.

        If the channel has a pending digest already (this one, when a compose is retried, or
        another run's), that one is returned instead. None, recording nothing, when the archive
        changed since the items were chosen: the channel's cursor moved, or one of the items was
        given to the channel meanwhile. The caller then chooses again."""
        db = self._db
        with self._guard(f"cannot record digest {key}"), self._immediate():
            pending = _rows(
                db, "SELECT * FROM digests WHERE channel = ? AND status = 'pending'", [channel]
            )
            if pending:
                return _digest(pending[0])
            if _cursor(db, channel) != cursor or _given(db, channel, items):
                return None
            db.execute(
                """
                INSERT INTO digests (key, channel, created_at, since, events, releases, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    key,
                    channel,
                    to_text(created_at),
                    to_text(since),
                    sum(1 for i in items if i.kind == "event"),
                    sum(1 for i in items if i.kind == "release"),
                    payload,
                ],
            )
            db.conn.executemany(
                "INSERT INTO deliveries (channel, item_kind, item_id, digest_key) "
                "VALUES (?, ?, ?, ?)",
                [(channel, item.kind, item.id, key) for item in dict.fromkeys(items)],
            )
            return _digest(_rows(db, "SELECT * FROM digests WHERE key = ?", [key])[0])

    def claim_digest(self, key: str, *, now: datetime, lease: timedelta) -> OutboxDigest | None:
        """Take a pending digest for sending until ``now + lease``, counting the attempt; None
        when it is sent already or another run holds it."""
        sql = """
            UPDATE digests SET claimed_until = ?, attempts = attempts + 1, last_attempt_at = ?
            WHERE key = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ?)
        """
        stamp = to_text(now)
        with self._guard(f"cannot claim digest {key}"):
            claimed = self._db.execute(sql, [to_text(now + lease), stamp, key, stamp]).rowcount
            rows = _rows(self._db, "SELECT * FROM digests WHERE key = ?", [key])
        return _digest(rows[0]) if claimed and rows else None

    def record_progress(self, key: str, *, posted: int) -> None:
        """Remember that the first ``posted`` Slack messages of a digest were accepted."""
        sql = "UPDATE digests SET slack_progress = max(slack_progress, ?) WHERE key = ?"
        with self._guard(f"cannot record progress of digest {key}"):
            self._db.execute(sql, [posted, key])

    def digest_failed(self, key: str, *, error: str) -> None:
        """A send failed: keep the reason (it must hold no secret), release the claim; the
        digest stays pending for the next run."""
        sql = "UPDATE digests SET last_error = ?, claimed_until = NULL WHERE key = ?"
        with self._guard(f"cannot record failure of digest {key}"):
            self._db.execute(sql, [error, key])

    def mark_sent(self, key: str, *, now: datetime) -> bool:
        """The channel accepted the digest: mark it sent, its items delivered, and move the
        channel's cursor to when it was composed, in one transaction. False if it was not
        pending (another run marked it)."""
        stamp = to_text(now)
        with self._guard(f"cannot mark digest {key} sent"), self._immediate():
            db = self._db
            changed = db.execute(
                "UPDATE digests SET status = 'sent', sent_at = ?, claimed_until = NULL "
                "WHERE key = ? AND status = 'pending'",
                [stamp, key],
            ).rowcount
            if not changed:
                return False
            db.execute("UPDATE deliveries SET delivered_at = ? WHERE digest_key = ?", [stamp, key])
            db.execute(
                """
                INSERT INTO channel_cursor (channel, last_digest_at)
                SELECT channel, created_at FROM digests WHERE key = ?
                ON CONFLICT (channel) DO UPDATE
                SET last_digest_at = max(last_digest_at, excluded.last_digest_at)
                """,
                [key],
            )
        return True


def _cursor(db: Database, channel: str) -> datetime | None:
    sql = "SELECT last_digest_at FROM channel_cursor WHERE channel = ?"
    row = db.execute(sql, [channel]).fetchone()
    return from_text_or_none(row[0]) if row else None


def _given(db: Database, channel: str, items: Iterable[OutboxItem]) -> bool:
    """Whether any of ``items`` was given to ``channel`` already (in any digest)."""
    sql = "SELECT 1 FROM deliveries WHERE channel = ? AND item_kind = ? AND item_id = ?"
    return any(db.execute(sql, [channel, i.kind, i.id]).fetchone() for i in items)


def _digest(row: dict[str, Any]) -> OutboxDigest:
    return OutboxDigest(
        key=row["key"],
        channel=row["channel"],
        created_at=from_text(row["created_at"]),
        since=from_text(row["since"]),
        events=row["events"],
        releases=row["releases"],
        payload=row["payload"],
        status=row["status"],
        attempts=row["attempts"],
        last_attempt_at=from_text_or_none(row["last_attempt_at"]),
        last_error=row["last_error"],
        claimed_until=from_text_or_none(row["claimed_until"]),
        slack_progress=row["slack_progress"],
        sent_at=from_text_or_none(row["sent_at"]),
    )
