"""Progress of backfill walks through a source's archive, resumable after each page. Mixed
into ``Store``."""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.base import StoreBase
from storage.model import BackfillState
from storage.timestamps import from_text, from_text_or_none, to_text


class BackfillMixin(StoreBase):
    """``backfill_state(source, since=, until=)``, ``save_backfill_state(state)``."""

    def backfill_state(
        self, source: str, *, since: date, until: date | None
    ) -> BackfillState | None:
        """The progress of the backfill of ``source`` over these dates, if one was started."""
        with self._guard(f"cannot read backfill state of source {source!r}"):
            rows = self._rows(
                "SELECT * FROM backfill_state WHERE source = ? AND since = ? AND until = ?",
                [source, since.isoformat(), until.isoformat() if until else ""],
            )
        return _backfill_state(rows[0]) if rows else None

    def save_backfill_state(self, state: BackfillState) -> None:
        """Record a backfill's progress (after each completed page), replacing the last."""
        sql = """
            INSERT OR REPLACE INTO backfill_state (source, since, until, until_used, pages_done,
                                                   next_url, started_at, updated_at, finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
        params = [
            state.source,
            state.since.isoformat(),
            state.until.isoformat() if state.until else "",
            state.until_used.isoformat(),
            state.pages_done,
            state.next_url,
            to_text(state.started_at),
            to_text(state.updated_at),
            to_text(state.finished_at) if state.finished_at else None,
        ]
        with self._guard(f"cannot record backfill state of source {state.source!r}"):
            self._db.execute(sql, params)


def _backfill_state(row: dict[str, Any]) -> BackfillState:
    return BackfillState(
        source=row["source"],
        since=date.fromisoformat(row["since"]),
        until=date.fromisoformat(row["until"]) if row["until"] else None,
        until_used=date.fromisoformat(row["until_used"]),
        pages_done=row["pages_done"],
        next_url=row["next_url"],
        started_at=from_text(row["started_at"]),
        updated_at=from_text(row["updated_at"]),
        finished_at=from_text_or_none(row["finished_at"]),
    )
