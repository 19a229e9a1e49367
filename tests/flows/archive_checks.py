"""What "a sound archive" means, as checks a test can run on any archive file after a crash.

``problems(db)`` lists every broken invariant (empty: sound):

- SQLite: ``PRAGMA integrity_check`` is ``ok``, ``PRAGMA foreign_key_check`` finds nothing;
- full-text index: FTS5's ``integrity-check`` with rank 1 (the index is consistent *and*
  matches the text of ``releases``, its external content), and the index has exactly one row
  per release;
- analysis: every release has been judged and filed (``kind``, ``normalized_hash`` set); a
  release with a MinHash signature has its LSH band rows; a copy points at a stored release;
- events: every event is reported by at least one release, each release in at most one event;
- outbox: every delivery belongs to a digest of its channel; a sent digest's deliveries are all
  delivered and a pending one's none; each digest's counts match its deliveries; a Slack
  digest's recorded progress is within its messages; each channel's cursor is the creation
  time of its latest sent digest.

``facts(db)`` is what a complete poll must have stored, comparable between two archives: each
release (by canonical URL) with its text's hash and its analysis, the copies, and the events as
groups of URLs.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

BANDS = 32  # [analysis] bands: LSH band rows per release with a signature


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return conn.execute(sql).fetchall()


def _found(conn: sqlite3.Connection, what: str, sql: str) -> list[str]:
    """``what`` with the offending rows, when ``sql`` finds any."""
    rows = _rows(conn, sql)
    return [f"{what}: {rows[:5]}"] if rows else []


def problems(db: Path) -> list[str]:
    """Every broken invariant of the archive at ``db`` (see the module docstring)."""
    if not db.exists():
        return []  # killed before the archive was created: nothing to break
    conn = sqlite3.connect(db)
    try:
        return _sqlite(conn) + _index(conn) + _analysis(conn) + _events(conn) + _outbox(conn)
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in _rows(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def _sqlite(conn: sqlite3.Connection) -> list[str]:
    found = []
    integrity = _rows(conn, "PRAGMA integrity_check")
    if integrity != [("ok",)]:
        found.append(f"integrity_check: {integrity[:5]}")
    return found + _found(conn, "foreign keys", "PRAGMA foreign_key_check")


def _index(conn: sqlite3.Connection) -> list[str]:
    if "releases_fts" not in _tables(conn):
        return []  # killed while the schema was being created (its transaction rolled back)
    found = []
    try:
        conn.execute("INSERT INTO releases_fts (releases_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.Error as e:
        found.append(f"full-text index does not match the releases: {e}")
    return found + _found(
        conn,
        "releases and full-text rows differ",
        """
        SELECT 'no index row', id FROM releases
        WHERE id NOT IN (SELECT id FROM releases_fts_docsize)
        UNION ALL
        SELECT 'index row without release', id FROM releases_fts_docsize
        WHERE id NOT IN (SELECT id FROM releases)
        """,
    )


def _analysis(conn: sqlite3.Connection) -> list[str]:
    if "release_bands" not in _tables(conn):
        return []
    return (
        _found(
            conn,
            "releases saved without their analysis",
            "SELECT id, url FROM releases WHERE kind IS NULL OR normalized_hash IS NULL",
        )
        + _found(
            conn,
            "releases without their LSH bands",
            f"""
            SELECT r.id, count(b.release_id) FROM releases r
            LEFT JOIN (SELECT release_id FROM release_bands
                       UNION ALL SELECT release_id FROM release_bands_recent) b
                   ON b.release_id = r.id
            WHERE r.signature IS NOT NULL GROUP BY r.id HAVING count(b.release_id) != {BANDS}
            """,
        )
        + _found(
            conn,
            "copies of a release not stored",
            "SELECT id, copy_of FROM releases WHERE copy_of IS NOT NULL "
            "AND copy_of NOT IN (SELECT id FROM releases)",
        )
    )


def _events(conn: sqlite3.Connection) -> list[str]:
    if "events" not in _tables(conn):
        return []
    return _found(
        conn,
        "events no release reports",
        "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_releases)",
    ) + _found(
        conn,
        "event links to a missing event or release",
        "SELECT event_id, release_id FROM event_releases "
        "WHERE event_id NOT IN (SELECT id FROM events) "
        "OR release_id NOT IN (SELECT id FROM releases)",
    )


def _outbox(conn: sqlite3.Connection) -> list[str]:
    if "digests" not in _tables(conn):
        return []
    found = _found(
        conn,
        "deliveries outside a digest of their channel",
        "SELECT d.channel, d.item_kind, d.item_id FROM deliveries d "
        "LEFT JOIN digests g ON g.key = d.digest_key "
        "WHERE g.key IS NULL OR g.channel != d.channel",
    )
    found += _found(
        conn,
        "deliveries whose state disagrees with their digest's",
        "SELECT g.key, g.status, d.item_kind, d.item_id, d.delivered_at FROM deliveries d "
        "JOIN digests g ON g.key = d.digest_key "
        "WHERE (g.status = 'sent') != (d.delivered_at IS NOT NULL)",
    )
    found += _found(
        conn,
        "digest counts that disagree with their deliveries",
        """
        SELECT g.key, g.events, g.releases FROM digests g
        WHERE g.events != (SELECT count(*) FROM deliveries d
                           WHERE d.digest_key = g.key AND d.item_kind = 'event')
           OR g.releases != (SELECT count(*) FROM deliveries d
                             WHERE d.digest_key = g.key AND d.item_kind = 'release')
        """,
    )
    found += _found(
        conn,
        "channel cursors not at their latest sent digest",
        """
        SELECT c.channel, c.last_digest_at FROM channel_cursor c
        WHERE c.last_digest_at IS NOT (SELECT max(created_at) FROM digests g
                                       WHERE g.channel = c.channel AND g.status = 'sent')
        UNION ALL
        SELECT DISTINCT channel, NULL FROM digests WHERE status = 'sent'
        AND channel NOT IN (SELECT channel FROM channel_cursor)
        """,
    )
    for key, payload, progress in _rows(conn, "SELECT key, payload, slack_progress FROM digests"):
        messages = json.loads(payload).get("messages")
        if messages is not None and not 0 <= progress <= len(messages):
            found.append(f"digest {key}: progress {progress} of {len(messages)} messages")
    return found


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """What differs between two archives' ``facts``, one line per release or group."""
    found = []
    if expected["count"] != got["count"]:
        found.append(f"count: {expected['count']} != {got['count']}")
    for url in sorted(expected["releases"].keys() | got["releases"].keys()):
        want, have = expected["releases"].get(url), got["releases"].get(url)
        if want != have:
            found.append(f"release {url}: {want} != {have}")
    if expected["copies"] != got["copies"]:
        found.append(f"copies: {sorted(expected['copies'] ^ got['copies'])}")
    if expected["events"] != got["events"]:
        found.append(f"events: {expected['events']} != {got['events']}")
    return found


def facts(db: Path) -> dict[str, Any]:
    """What the archive holds, independent of ids and times (see the module docstring)."""
    conn = sqlite3.connect(db)
    try:
        releases = {
            row[0]: row[1:]
            for row in _rows(
                conn,
                """
                SELECT canonical_url, source, title, content_hash, published, relevant, kind,
                       parties, round, held_on, location, topics, official, normalized_hash
                FROM releases
                """,
            )
        }
        copies = set(
            _rows(
                conn,
                "SELECT c.canonical_url, o.canonical_url FROM releases c "
                "JOIN releases o ON o.id = c.copy_of",
            )
        )
        groups: dict[int, set[str]] = {}
        for event_id, url in _rows(
            conn,
            "SELECT er.event_id, r.canonical_url FROM event_releases er "
            "JOIN releases r ON r.id = er.release_id",
        ):
            groups.setdefault(event_id, set()).add(url)
        count = _rows(conn, "SELECT count(*), count(DISTINCT canonical_url) FROM releases")[0]
        return {
            "count": count,
            "releases": releases,
            "copies": copies,
            "events": sorted(sorted(urls) for urls in groups.values()),
        }
    finally:
        conn.close()
