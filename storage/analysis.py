"""The archive's side of the analysis: copies of a release's text, and the events releases
report. Mixed into ``Store`` (``storage/store.py``).

Copies, in one transaction with the rest: a release whose normalised text hashes like another's
copies it; else the candidates are the releases sharing its LSH bands (one index probe per band,
each reading at most ``MAX_POSTINGS`` rows: a band shared by more, as boilerplate makes them, is
skipped), the ``MAX_CANDIDATES`` sharing the most bands are compared in full, and the most
similar one at or above ``near_duplicate`` estimated Jaccard is the one it copies. The work per
release is bounded whatever the size of the archive. A copy points to its cluster's original:
the first official release of the text, else the first seen; an official release arriving
later becomes the original and the others are re-pointed to it.

Events: a dialogue release, or a report about one, joins the event of the original it copies
and every event with the same parties that ``same_event`` accepts (several are merged into
the first), else a new event. Its role there: ``copy`` if it copies another release,
``report`` for news and commentary, else ``original``. The event's round, date and place are
the first known, official releases preferred.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlite_utils import Database

from scrapers.analysis import (
    Analysis,
    EventFacts,
    Fingerprint,
    event_key,
    pack,
    same_event,
    similarity,
    unpack,
)
from storage.model import Event, EventRelease, Filed, Role
from storage.timestamps import from_text, from_text_or_none, to_text

MAX_CANDIDATES = 20  # releases compared in full, those sharing the most bands
MAX_POSTINGS = 30  # a band shared by more releases is skipped, like a stop word
_ROLE_ORDER = {"original": 0, "copy": 1, "report": 2}


class _StoreParts(Protocol):
    _db: Database

    def _guard(self, action: str) -> AbstractContextManager[None]: ...

    def _immediate(self) -> AbstractContextManager[None]: ...


class AnalysisMixin:
    """``file_analysis(...)``, ``events()``, ``event(id)``, ``event_of(release_id)``."""

    def file_analysis(
        self: _StoreParts,
        release_id: int,
        analysis: Analysis,
        fingerprint: Fingerprint,
        *,
        official: bool,
        near_duplicate: float,
        window: int,
        report_window: int,
        now: datetime,
    ) -> Filed:
        """Store a release's analysis, link it to the original it copies and to its event."""
        with self._guard(f"cannot file analysis of release {release_id}"), self._immediate():
            db = self._db
            _write_analysis(db, release_id, analysis, fingerprint, official)
            copy_of = _link_copy(db, release_id, fingerprint, official, near_duplicate)
            event_id: int | None = None
            role: Role | None = None
            if analysis.kind != "other" and len(analysis.parties) >= 2:
                role = (
                    "copy"
                    if copy_of
                    else "report"
                    if analysis.kind == "commentary"
                    else ("original")
                )
                event_id = _join_event(
                    db, release_id, analysis, copy_of, role, official, window, report_window, now
                )
            else:
                _leave_event(db, release_id)
            return Filed(release_id, copy_of, event_id, role)

    def events(self: _StoreParts, *, limit: int | None = None) -> list[Event]:
        """The events, most recent meeting first."""
        sql = "SELECT * FROM events ORDER BY coalesce(held_on, dated) DESC, id DESC"
        with self._guard("cannot list events"):
            rows = list(
                self._db.query(sql + (" LIMIT ?" if limit else ""), [limit] if limit else [])
            )
            return [_event(self._db, row) for row in rows]

    def event(self: _StoreParts, event_id: int) -> Event | None:
        with self._guard(f"cannot read event {event_id}"):
            rows = list(self._db.query("SELECT * FROM events WHERE id = ?", [event_id]))
            return _event(self._db, rows[0]) if rows else None

    def event_of(self: _StoreParts, release_id: int) -> Event | None:
        """The event a release reports, if any."""
        sql = "SELECT e.* FROM events e JOIN event_releases r ON r.event_id = e.id"
        with self._guard(f"cannot read event of release {release_id}"):
            rows = list(self._db.query(f"{sql} WHERE r.release_id = ?", [release_id]))
            return _event(self._db, rows[0]) if rows else None


def _write_analysis(
    db: Database, release_id: int, analysis: Analysis, fingerprint: Fingerprint, official: bool
) -> None:
    db.execute(
        """
        UPDATE releases SET kind = ?, parties = ?, round = ?, held_on = ?, location = ?,
            virtual = ?, chairs = ?, agencies = ?, topics = ?, official = ?,
            normalized_hash = ?, signature = ?
        WHERE id = ?
        """,
        [
            analysis.kind,
            _json(analysis.parties),
            analysis.round,
            analysis.held_on.isoformat() if analysis.held_on else None,
            analysis.location,
            int(analysis.virtual),
            _json([{"name": c.name, "title": c.title} for c in analysis.chairs]),
            _json(analysis.agencies),
            _json(analysis.topics),
            int(official),
            fingerprint.normalized_hash,
            pack(fingerprint.signature) if fingerprint.signature else None,
            release_id,
        ],
    )


def _link_copy(
    db: Database, release_id: int, fingerprint: Fingerprint, official: bool, threshold: float
) -> int | None:
    """Find the release this one copies; return the original it now points to (or None)."""
    match = _same_text(db, release_id, fingerprint, threshold)
    db.execute("DELETE FROM release_bands WHERE release_id = ?", [release_id])
    db.conn.executemany(
        "INSERT INTO release_bands (band, release_id) VALUES (?, ?)",
        [(band, release_id) for band in fingerprint.bands],
    )
    if match is None:
        db.execute("UPDATE releases SET copy_of = NULL WHERE id = ?", [release_id])
        return None
    root_row = db.execute(
        "SELECT coalesce(copy_of, id), official FROM releases WHERE id = "
        "(SELECT coalesce(copy_of, id) FROM releases WHERE id = ?)",
        [match],
    ).fetchone()
    root, root_official = int(root_row[0]), bool(root_row[1])
    if root == release_id:
        return None
    if official and not root_official:
        # The official text arrived after its copies: it becomes their original.
        db.execute(
            "UPDATE releases SET copy_of = ? WHERE id = ? OR copy_of = ?",
            [release_id, root, root],
        )
        db.execute("UPDATE releases SET copy_of = NULL WHERE id = ?", [release_id])
        db.execute(
            "UPDATE event_releases SET role = 'copy' WHERE role = 'original' AND release_id IN "
            "(SELECT id FROM releases WHERE copy_of = ?)",
            [release_id],
        )
        return None
    db.execute("UPDATE releases SET copy_of = ? WHERE id = ?", [root, release_id])
    return root


def _same_text(
    db: Database, release_id: int, fingerprint: Fingerprint, threshold: float
) -> int | None:
    exact = db.execute(
        "SELECT id FROM releases WHERE normalized_hash = ? AND id != ? "
        "ORDER BY official DESC, id LIMIT 1",
        [fingerprint.normalized_hash, release_id],
    ).fetchone()
    if exact is not None:
        return int(exact[0])
    if not fingerprint.bands:
        return None
    shared: dict[int, int] = {}
    for band in fingerprint.bands:
        postings = db.execute(
            "SELECT release_id FROM release_bands WHERE band = ? AND release_id != ? LIMIT ?",
            [band, release_id, MAX_POSTINGS + 1],
        ).fetchall()
        if len(postings) > MAX_POSTINGS:
            continue  # a band common to many texts (shared boilerplate) tells nothing
        for (candidate,) in postings:
            shared[candidate] = shared.get(candidate, 0) + 1
    best_shared = sorted(shared, key=lambda c: (-shared[c], c))[:MAX_CANDIDATES]
    candidates = (
        db.execute(
            f"SELECT id, signature FROM releases WHERE id IN ({','.join('?' * len(best_shared))})"
            " AND signature IS NOT NULL",
            best_shared,
        ).fetchall()
        if best_shared
        else []
    )
    best, best_score = None, threshold
    for candidate_id, blob in candidates:
        score = similarity(fingerprint.signature, unpack(blob))
        if score >= best_score:
            best, best_score = int(candidate_id), score
    return best


def _join_event(
    db: Database,
    release_id: int,
    analysis: Analysis,
    copy_of: int | None,
    role: Role,
    official: bool,
    window: int,
    report_window: int,
    now: datetime,
) -> int:
    facts = _facts_of_release(db, release_id, analysis)
    parties = "-".join(facts.parties)
    matches: list[int] = []
    if copy_of is not None:
        row = db.execute(
            "SELECT event_id FROM event_releases WHERE release_id = ?", [copy_of]
        ).fetchone()
        if row is not None:
            matches.append(int(row[0]))
    for row in _candidate_events(db, parties, facts, window, report_window):
        if row["id"] not in matches and same_event(
            facts, _facts_of_event(row), window=window, report_window=report_window
        ):
            matches.append(int(row["id"]))
    stamp = to_text(now)
    before = db.execute(
        "SELECT event_id FROM event_releases WHERE release_id = ?", [release_id]
    ).fetchone()
    if matches:
        event_id = matches[0]
        for other in matches[1:]:
            _merge(db, event_id, other)
    else:
        event_id = _new_event(db, facts, analysis.location, stamp)
    db.execute(
        "INSERT INTO event_releases (event_id, release_id, role) VALUES (?, ?, ?) "
        "ON CONFLICT (release_id) DO UPDATE SET event_id = excluded.event_id, role = excluded.role",
        [event_id, release_id, role],
    )
    if before is not None and before[0] != event_id:
        _drop_if_empty(db, int(before[0]))
    _learn(db, event_id, facts, analysis.location, official, stamp)
    return event_id


def _candidate_events(
    db: Database, parties: str, facts: EventFacts, window: int, report_window: int
) -> list[dict[str, Any]]:
    """Events that may be the same meeting, found through the (parties, ...) indexes: with a
    date held near this one, with the same round, or dated near this release."""
    queries: list[tuple[str, list[Any]]] = []
    if facts.held_on is not None:
        queries.append(("held_on BETWEEN ? AND ?", _around(facts.held_on, window)))
    if facts.round is not None:
        queries.append(("round = ?", [facts.round]))
    if facts.dated is not None:
        queries.append(("dated BETWEEN ? AND ?", _around(facts.dated, report_window)))
    rows: dict[int, dict[str, Any]] = {}
    for condition, params in queries:
        sql = f"SELECT * FROM events WHERE parties = ? AND {condition}"
        for row in db.query(sql, [parties, *params]):
            rows[row["id"]] = row
    return [rows[key] for key in sorted(rows)]


def _around(day: date, days: int) -> list[str]:
    return [(day - timedelta(days=days)).isoformat(), (day + timedelta(days=days)).isoformat()]


def _facts_of_release(db: Database, release_id: int, analysis: Analysis) -> EventFacts:
    published = db.execute("SELECT published FROM releases WHERE id = ?", [release_id]).fetchone()
    dated = analysis.held_on or (_day(published[0]) if published and published[0] else None)
    return EventFacts(tuple(sorted(analysis.parties)), analysis.round, analysis.held_on, dated)


def _facts_of_event(row: dict[str, Any]) -> EventFacts:
    return EventFacts(
        tuple(row["parties"].split("-")),
        row["round"],
        _day(row["held_on"]) if row["held_on"] else None,
        _day(row["dated"]) if row["dated"] else None,
    )


def _new_event(db: Database, facts: EventFacts, location: str | None, stamp: str) -> int:
    key = event_key(facts)
    # Keys of events that share this one's facts: "key", "key#2", ... (an index range: "#" < "$").
    taken = {
        r[0]
        for r in db.execute(
            "SELECT key FROM events WHERE key >= ? AND key < ?", [key, f"{key}$"]
        ).fetchall()
    }
    unique, number = key, 1
    while unique in taken:
        number += 1
        unique = f"{key}#{number}"
    cursor = db.execute(
        """
        INSERT INTO events (key, parties, round, held_on, location, dated, first_seen, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            unique,
            "-".join(facts.parties),
            facts.round,
            facts.held_on.isoformat() if facts.held_on else None,
            location,
            facts.dated.isoformat() if facts.dated else None,
            stamp,
            stamp,
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _learn(
    db: Database,
    event_id: int,
    facts: EventFacts,
    location: str | None,
    official: bool,
    stamp: str,
) -> None:
    """Fill what the event does not know yet; an official release's facts replace others'."""
    values = [
        facts.round,
        facts.held_on.isoformat() if facts.held_on else None,
        location,
        facts.dated.isoformat() if facts.dated else None,
    ]
    if official:
        sql = """
            UPDATE events SET round = coalesce(?, round), held_on = coalesce(?, held_on),
                location = coalesce(?, location), dated = coalesce(dated, ?), updated_at = ?
            WHERE id = ?
        """
    else:
        sql = """
            UPDATE events SET round = coalesce(round, ?), held_on = coalesce(held_on, ?),
                location = coalesce(location, ?), dated = coalesce(dated, ?), updated_at = ?
            WHERE id = ?
        """
    db.execute(sql, [*values, stamp, event_id])


def _leave_event(db: Database, release_id: int) -> None:
    """The release reports no event (any more)."""
    row = db.execute(
        "SELECT event_id FROM event_releases WHERE release_id = ?", [release_id]
    ).fetchone()
    if row is not None:
        db.execute("DELETE FROM event_releases WHERE release_id = ?", [release_id])
        _drop_if_empty(db, int(row[0]))


def _drop_if_empty(db: Database, event_id: int) -> None:
    db.execute(
        "DELETE FROM events WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM event_releases WHERE event_id = ?)",
        [event_id, event_id],
    )


def _merge(db: Database, keep: int, other: int) -> None:
    """Two events turned out to be one meeting: move ``other``'s releases to ``keep``."""
    row = db.execute(
        "SELECT round, held_on, location, dated FROM events WHERE id = ?", [other]
    ).fetchone()
    db.execute("UPDATE event_releases SET event_id = ? WHERE event_id = ?", [keep, other])
    db.execute("DELETE FROM events WHERE id = ?", [other])
    if row is not None:
        db.execute(
            """
            UPDATE events SET round = coalesce(round, ?), held_on = coalesce(held_on, ?),
                location = coalesce(location, ?), dated = coalesce(dated, ?)
            WHERE id = ?
            """,
            [*row, keep],
        )


def _event(db: Database, row: dict[str, Any]) -> Event:
    rows = list(
        db.query(
            """
            SELECT r.id, r.url, r.source, r.title, r.published, r.official, r.copy_of, r.chairs,
                   e.role
            FROM event_releases e JOIN releases r ON r.id = e.release_id
            WHERE e.event_id = ?
            """,
            [row["id"]],
        )
    )
    releases = [
        EventRelease(
            release_id=r["id"],
            url=r["url"],
            source=r["source"],
            title=r["title"],
            published=from_text_or_none(r["published"]),
            role=r["role"],
            official=bool(r["official"]),
            copy_of=r["copy_of"],
        )
        for r in rows
    ]
    releases.sort(key=lambda r: (not r.official, _ROLE_ORDER[r.role], r.release_id))
    chairs_of = {r["id"]: [c["name"] for c in json.loads(r["chairs"])] for r in rows}
    chairs = next((chairs_of[r.release_id] for r in releases if chairs_of[r.release_id]), [])
    return Event(
        id=row["id"],
        key=row["key"],
        parties=tuple(row["parties"].split("-")),
        round=row["round"],
        held_on=_day(row["held_on"]) if row["held_on"] else None,
        location=row["location"],
        first_seen=from_text(row["first_seen"]),
        releases=tuple(releases),
        chairs=tuple(chairs),
    )


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _json(value: Sequence[Any]) -> str:
    return json.dumps(list(value), ensure_ascii=False)
