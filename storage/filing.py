"""Filing a release's analysis: its columns, the original it copies and the event it reports,
in one transaction. Mixed into ``Store``.

The rules are ``scrapers.analysis``'s, pure (``link_copy``, ``role_in_event``,
``choose_event``, ``joined_meeting``); ``storage.copies`` and ``storage.events`` read what they
need and apply what they decide.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from scrapers.analysis import (
    Analysis,
    Fingerprint,
    pack,
    release_facts,
    release_meeting,
    role_in_event,
    unpack,
)
from storage.base import StoreBase
from storage.copies import file_copy, merge_due
from storage.events import day_of, join_event, leave_event
from storage.model import Filed
from storage.timestamps import to_text

if TYPE_CHECKING:
    from sqlite_utils import Database

# The release's columns its analysis fills (``analysis_values``): written by the INSERT of a new
# release judged before it was saved (``ReleasesMixin.save``'s ``analysed``), else by
# ``file_analysis``.
ANALYSIS_COLUMNS = (
    "kind",
    "parties",
    "round",
    "held_on",
    "location",
    "virtual",
    "chairs",
    "agencies",
    "topics",
    "official",
    "normalized_hash",
    "signature",
)


class FilingMixin(StoreBase):
    """``file_analysis(release_id, analysis, fingerprint, ...)``."""

    def file_analysis(
        self,
        release_id: int,
        analysis: Analysis,
        fingerprint: Fingerprint,
        *,
        official: bool,
        near_duplicate: float,
        window: int,
        report_window: int,
        now: datetime,
        written: bool = False,
    ) -> Filed:
        """Store a release's analysis, link it to the original it copies and to its event.
        ``written``: the release was inserted with this analysis (``save``'s ``analysed``) and
        has never been filed: its columns are not written again."""
        with self._guard(f"cannot file analysis of release {release_id}"), self._immediate():
            db = self._db
            previous: tuple[int, ...] = ()
            if not written:
                previous = _signature(db, release_id)
                _write_analysis(db, release_id, analysis, fingerprint, official)
            copy_of = file_copy(
                db,
                release_id,
                fingerprint,
                official=official,
                threshold=near_duplicate,
                replaced=previous,
            )
            if merge_due(release_id):
                self._bands_due = True  # merged at the next write, outside its savepoints
            role = role_in_event(analysis, copies=copy_of is not None)
            if role is None:
                leave_event(db, release_id)
                return Filed(release_id, copy_of, None, None)
            facts = release_facts(analysis, published=_published_day(db, release_id))
            event_id = join_event(
                db,
                release_id,
                facts,
                release_meeting(analysis, facts),
                copy_of=copy_of,
                role=role,
                official=official,
                window=window,
                report_window=report_window,
                stamp=to_text(now),
            )
            return Filed(release_id, copy_of, event_id, role)


def _signature(db: Database, release_id: int) -> tuple[int, ...]:
    """The signature the release was filed with before (empty: none)."""
    row = db.conn.execute("SELECT signature FROM releases WHERE id = ?", [release_id]).fetchone()
    return unpack(row[0]) if row and row[0] else ()


def _published_day(db: Database, release_id: int) -> date | None:
    row = db.conn.execute("SELECT published FROM releases WHERE id = ?", [release_id]).fetchone()
    return day_of(row[0]) if row and row[0] else None


def analysis_values(
    analysis: Analysis, fingerprint: Fingerprint, official: bool
) -> tuple[Any, ...]:
    """The values of ``ANALYSIS_COLUMNS`` for a release's analysis, fingerprint and
    officialness."""
    return (
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
    )


def _write_analysis(
    db: Database, release_id: int, analysis: Analysis, fingerprint: Fingerprint, official: bool
) -> None:
    db.conn.execute(
        f"UPDATE releases SET {', '.join(f'{c} = ?' for c in ANALYSIS_COLUMNS)} WHERE id = ?",
        [*analysis_values(analysis, fingerprint, official), release_id],
    )


def _json(value: Sequence[Any]) -> str:
    return json.dumps(list(value), ensure_ascii=False)
