"""Events in the archive: reading the candidates of a release's event, applying the choice,
and reading events back (``EventsMixin``, mixed into ``Store``).

Which event a release joins, which events merge and what facts the event keeps are decided
by ``scrapers.analysis`` (``choose_event``, ``joined_meeting``); these functions only read
what those rules need and write what they return, inside ``file_analysis``'s transaction.
Candidates are found through the (parties, ...) indexes: events with a date held near the
release's, on the same day of the month (a slip in the year or month), with its round, or
dated near it; with the chairs and marks of their releases for the agreement score.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from scrapers.analysis import (
    Chair,
    EventFacts,
    JoinEvent,
    KnownEvent,
    Meeting,
    Role,
    choose_event,
    event_key,
    joined_meeting,
    needs_detail,
    unique_key,
)
from storage.base import StoreBase, query_rows
from storage.model import Event, EventRelease
from storage.timestamps import from_text, from_text_or_none

if TYPE_CHECKING:
    from sqlite_utils import Database

_ROLE_ORDER = {"original": 0, "copy": 1, "report": 2}
DETAIL_RELEASES = 5  # releases of an event whose chairs and marks are compared


class EventsMixin(StoreBase):
    """``events()``, ``event(id)``, ``event_of(release_id)``."""

    def events(self, *, limit: int | None = None) -> list[Event]:
        """The events, most recent meeting first."""
        sql = "SELECT * FROM events ORDER BY coalesce(held_on, dated) DESC, id DESC"
        with self._guard("cannot list events"):
            rows = self._rows(sql + (" LIMIT ?" if limit else ""), [limit] if limit else [])
            return [_event(self._db, row) for row in rows]

    def event(self, event_id: int) -> Event | None:
        with self._guard(f"cannot read event {event_id}"):
            rows = self._rows("SELECT * FROM events WHERE id = ?", [event_id])
            return _event(self._db, rows[0]) if rows else None

    def event_of(self, release_id: int) -> Event | None:
        """The event a release reports, if any."""
        sql = "SELECT e.* FROM events e JOIN event_releases r ON r.event_id = e.id"
        with self._guard(f"cannot read event of release {release_id}"):
            rows = self._rows(f"{sql} WHERE r.release_id = ?", [release_id])
            return _event(self._db, rows[0]) if rows else None


def join_event(
    db: Database,
    release_id: int,
    facts: EventFacts,
    meeting: Meeting,
    *,
    copy_of: int | None,
    role: Role,
    official: bool,
    window: int,
    report_window: int,
    stamp: str,
) -> int:
    """File the release in the event it reports, as ``role``; return the event's id."""
    facts, candidates = _candidates(db, release_id, facts, window, report_window)
    choice = choose_event(
        facts,
        candidates,
        copied_event=_event_id_of(db, copy_of) if copy_of is not None else None,
        window=window,
        report_window=report_window,
    )
    before = _event_id_of(db, release_id)
    if isinstance(choice, JoinEvent):
        event_id = choice.event_id
        absorbed = [_absorb(db, event_id, other) for other in choice.absorbed]
        learned = joined_meeting(_meeting_of(db, event_id), absorbed, meeting, official=official)
        _write_meeting(db, event_id, learned, stamp)
    else:
        event_id = _new_event(db, facts, meeting, stamp)
    db.conn.execute(
        "INSERT INTO event_releases (event_id, release_id, role) VALUES (?, ?, ?) "
        "ON CONFLICT (release_id) DO UPDATE SET event_id = excluded.event_id, role = excluded.role",
        [event_id, release_id, role],
    )
    if before is not None and before != event_id:
        _drop_if_empty(db, before)
    return event_id


def _absorb(db: Database, event_id: int, other: int) -> Meeting:
    """Event ``other`` is the same meeting as ``event_id``: move its releases there and delete
    it; return what it knew of the meeting."""
    meeting = _meeting_of(db, other)
    db.conn.execute("UPDATE event_releases SET event_id = ? WHERE event_id = ?", [event_id, other])
    db.conn.execute("DELETE FROM events WHERE id = ?", [other])
    return meeting


def leave_event(db: Database, release_id: int) -> None:
    """The release reports no event (any more)."""
    event_id = _event_id_of(db, release_id)
    if event_id is not None:
        db.conn.execute("DELETE FROM event_releases WHERE release_id = ?", [release_id])
        _drop_if_empty(db, event_id)


def _event_id_of(db: Database, release_id: int) -> int | None:
    row = db.conn.execute(
        "SELECT event_id FROM event_releases WHERE release_id = ?", [release_id]
    ).fetchone()
    return int(row[0]) if row is not None else None


def _candidates(
    db: Database, release_id: int, facts: EventFacts, window: int, report_window: int
) -> tuple[EventFacts, list[KnownEvent]]:
    """Events that may be the same meeting: with a date held near this one or on the same day
    of the month, with the same round, or dated near this release (and the same parties).
    Where their dates, round and place leave it open (``needs_detail``), the chairs and marks
    are read too: the release's (returned with its facts) and the event's."""
    queries: list[tuple[str, list[Any]]] = []
    if facts.held_on is not None:
        queries.append(("held_on BETWEEN ? AND ?", _around(facts.held_on, window)))
        # a slip in the year or the month: the same day of the month (written as the index
        # ``events_parties_day`` is: SQLite uses an expression index for the same expression)
        queries.append(("substr(held_on, 9, 2) = ?", [f"{facts.held_on.day:02d}"]))
    if facts.round is not None:
        queries.append(("round = ?", [facts.round]))
    if facts.dated is not None:
        queries.append(("dated BETWEEN ? AND ?", _around(facts.dated, report_window)))
    found: dict[int, EventFacts] = {}
    for condition, params in queries:
        sql = f"SELECT * FROM events WHERE parties = ? AND {condition}"
        for row in query_rows(db, sql, ["-".join(facts.parties), *params]):
            found.setdefault(row["id"], _facts_of_event(row))
    windows = {"window": window, "report_window": report_window}
    open_ = [i for i, known in found.items() if needs_detail(facts, known, **windows)]
    if open_:
        facts = replace(facts, marks=marks_of(db, release_id))
        for event_id in open_:
            found[event_id] = _with_detail(db, event_id, found[event_id])
    return facts, [KnownEvent(event_id, known) for event_id, known in found.items()]


def marks_of(db: Database, release_id: int) -> frozenset[str]:
    """The untranslated marks of a stored release's title and text."""
    from scrapers.analysis.marks import marks  # the text's analysis: only when filing

    row = db.conn.execute("SELECT title, body FROM releases WHERE id = ?", [release_id]).fetchone()
    return marks(row[0], row[1]) if row else frozenset()


def _around(day: date, days: int) -> list[str]:
    return [(day - timedelta(days=days)).isoformat(), (day + timedelta(days=days)).isoformat()]


def _facts_of_event(row: dict[str, Any]) -> EventFacts:
    return EventFacts(
        tuple(row["parties"].split("-")), row["round"], _day_or_none(row["held_on"]),
        _day_or_none(row["dated"]), row["location"],
    )  # fmt: skip


def _with_detail(db: Database, event_id: int, facts: EventFacts) -> EventFacts:
    """The event's facts with its releases' chairs' surnames and marks (at most
    ``DETAIL_RELEASES`` releases, originals first)."""
    from scrapers.analysis.marks import chair_surnames, marks  # only when filing

    chairs: set[str] = set()
    found: set[str] = set()
    sql = (
        "SELECT r.title, r.body, r.chairs FROM releases r "
        "JOIN event_releases e ON e.release_id = r.id WHERE e.event_id = ? "
        "ORDER BY e.role = 'original' DESC, r.id LIMIT ?"
    )
    for title, body, chairs_json in db.conn.execute(sql, [event_id, DETAIL_RELEASES]).fetchall():
        chairs |= chair_surnames(Chair(c["name"], c["title"]) for c in json.loads(chairs_json))
        found |= marks(title, body)
    return replace(facts, chairs=frozenset(chairs), marks=frozenset(found))


def _meeting_of(db: Database, event_id: int) -> Meeting:
    (row,) = query_rows(
        db, "SELECT round, held_on, location, dated FROM events WHERE id = ?", [event_id]
    )
    return Meeting(
        row["round"], _day_or_none(row["held_on"]), row["location"], _day_or_none(row["dated"])
    )


def _write_meeting(db: Database, event_id: int, meeting: Meeting, stamp: str) -> None:
    db.conn.execute(
        "UPDATE events SET round = ?, held_on = ?, location = ?, dated = ?, updated_at = ? "
        "WHERE id = ?",
        [meeting.round, _iso(meeting.held_on), meeting.location, _iso(meeting.dated), stamp,
         event_id],
    )  # fmt: skip


def _new_event(db: Database, facts: EventFacts, meeting: Meeting, stamp: str) -> int:
    key = event_key(facts)
    # Keys of events that share this one's facts: "key", "key#2", ... (an index range: "#" < "$").
    taken = {
        r[0]
        for r in db.conn.execute(
            "SELECT key FROM events WHERE key >= ? AND key < ?", [key, f"{key}$"]
        ).fetchall()
    }
    cursor = db.conn.execute(
        """
        INSERT INTO events (key, parties, round, held_on, location, dated, first_seen, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            unique_key(key, taken),
            "-".join(facts.parties),
            meeting.round,
            _iso(meeting.held_on),
            meeting.location,
            _iso(meeting.dated),
            stamp,
            stamp,
        ],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _drop_if_empty(db: Database, event_id: int) -> None:
    db.conn.execute(
        "DELETE FROM events WHERE id = ? AND NOT EXISTS "
        "(SELECT 1 FROM event_releases WHERE event_id = ?)",
        [event_id, event_id],
    )


def _event(db: Database, row: dict[str, Any]) -> Event:
    rows = query_rows(
        db,
        """
        SELECT r.id, r.url, r.source, r.title, r.published, r.official, r.copy_of, r.chairs,
               e.role
        FROM event_releases e JOIN releases r ON r.id = e.release_id
        WHERE e.event_id = ?
        """,
        [row["id"]],
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
        held_on=_day_or_none(row["held_on"]),
        location=row["location"],
        first_seen=from_text(row["first_seen"]),
        releases=tuple(releases),
        chairs=tuple(chairs),
    )


def day_of(value: str) -> date:
    """The day of a stored date or timestamp."""
    return date.fromisoformat(value[:10])


def _day_or_none(value: str | None) -> date | None:
    return day_of(value) if value else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
