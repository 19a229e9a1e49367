"""Polling state of each source: validators, successes and failures, layout drift, and the
log of every HTTP request. Mixed into ``Store``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scrapers.model import Validators
from storage.base import StoreBase
from storage.model import SourceState
from storage.timestamps import from_text, from_text_or_none, to_text


class SourcesMixin(StoreBase):
    """``source_state(name)``, ``source_states()``, ``record_success(...)``,
    ``record_failure(...)``, ``record_layout(name, problem=, now=)``, ``log_fetch(...)``,
    ``publication_dates(name, limit=)``, ``record_check(name, problem=, now=)``."""

    def source_state(self, name: str) -> SourceState:
        """What is known about polling ``name``; an empty state if it was never polled."""
        with self._guard(f"cannot read state of source {name!r}"):
            rows = self._rows("SELECT * FROM sources WHERE name = ?", [name])
        return _source_state(rows[0]) if rows else SourceState(name=name)

    def source_states(self) -> list[SourceState]:
        with self._guard("cannot read source states"):
            rows = self._rows("SELECT * FROM sources ORDER BY name")
        return [_source_state(row) for row in rows]

    def publication_dates(self, name: str, *, limit: int) -> list[datetime]:
        """The publication dates of the source's ``limit`` newest dated releases, newest first:
        its publishing rhythm (``scrapers.cadence``)."""
        sql = """
            SELECT published FROM releases WHERE source = ? AND published IS NOT NULL
            ORDER BY published DESC LIMIT ?
        """
        with self._guard(f"cannot read publication dates of source {name!r}"):
            rows = self._db.execute(sql, [name, limit]).fetchall()
        return [from_text(row[0]) for row in rows]

    def record_success(
        self,
        name: str,
        *,
        validators: Validators,
        status: int,
        items: int,
        now: datetime,
        next_check: datetime | None = None,
    ) -> None:
        """Remember a successful poll; a 304 without validators keeps the stored ones.
        ``next_check``: when the source is due again (None: at once)."""
        sql = """
            INSERT INTO sources (name, etag, last_modified, last_success, last_attempt,
                                 last_status, items_last_poll, consecutive_failures, next_check)
            VALUES (:name, :etag, :last_modified, :now, :now, :status, :items, 0, :next_check)
            ON CONFLICT (name) DO UPDATE SET
                etag = CASE WHEN :status = 304 THEN coalesce(excluded.etag, etag)
                            ELSE excluded.etag END,
                last_modified = CASE WHEN :status = 304
                                     THEN coalesce(excluded.last_modified, last_modified)
                                     ELSE excluded.last_modified END,
                last_success = excluded.last_success,
                last_attempt = excluded.last_attempt,
                last_status = excluded.last_status,
                items_last_poll = excluded.items_last_poll,
                consecutive_failures = 0,
                next_check = excluded.next_check
        """
        params = {
            "name": name,
            "etag": validators.etag,
            "last_modified": validators.last_modified,
            "now": to_text(now),
            "status": status,
            "items": items,
            "next_check": to_text(next_check) if next_check else None,
        }
        with self._guard(f"cannot record success of source {name!r}"):
            self._db.execute(sql, params)

    def record_failure(
        self,
        name: str,
        *,
        error: str,
        status: int | None,
        now: datetime,
        next_check: datetime | None = None,
    ) -> None:
        """Remember a failed poll, lengthening the source's failure streak. ``next_check``:
        when the source is tried again (None: at once)."""
        sql = """
            INSERT INTO sources (name, last_error, last_error_at, last_attempt, last_status,
                                 consecutive_failures, next_check)
            VALUES (:name, :error, :now, :now, :status, 1, :next_check)
            ON CONFLICT (name) DO UPDATE SET
                last_error = excluded.last_error,
                last_error_at = excluded.last_error_at,
                last_attempt = excluded.last_attempt,
                last_status = excluded.last_status,
                consecutive_failures = consecutive_failures + 1,
                next_check = excluded.next_check
        """
        params = {
            "name": name,
            "error": error,
            "now": to_text(now),
            "status": status,
            "next_check": to_text(next_check) if next_check else None,
        }
        with self._guard(f"cannot record failure of source {name!r}"):
            self._db.execute(sql, params)

    def record_layout(self, name: str, *, problem: str | None, now: datetime) -> int:
        """Remember whether a poll that answered found items with every selector matching
        (``problem`` None) or not (the reason); return the answered polls in a row with a
        problem (0 after a good one). The streak's first poll is kept as ``drift_since``."""
        sql = """
            INSERT INTO sources (name, empty_polls, drift_since, drift_reason)
            VALUES (:name, :bad, CASE WHEN :bad THEN :now END, :problem)
            ON CONFLICT (name) DO UPDATE SET
                empty_polls = CASE WHEN :bad THEN empty_polls + 1 ELSE 0 END,
                drift_since = CASE WHEN :bad THEN coalesce(drift_since, :now) END,
                drift_reason = :problem
        """
        params = {
            "name": name,
            "bad": int(problem is not None),
            "problem": problem,
            "now": to_text(now),
        }
        with self._guard(f"cannot record layout of source {name!r}"), self._immediate():
            self._db.execute(sql, params)
            streak: int = self._db.execute(
                "SELECT empty_polls FROM sources WHERE name = ?", [name]
            ).fetchone()[0]
        return streak

    def record_check(self, name: str, *, problem: str | None, now: datetime) -> bool:
        """Remember what a ``sources check`` of ``name`` found wrong (None: it works); return
        whether it is newly broken (broken now, not at the check before)."""
        sql = """
            INSERT INTO sources (name, checked_at, check_problem) VALUES (:name, :now, :problem)
            ON CONFLICT (name) DO UPDATE SET checked_at = :now, check_problem = :problem
        """
        params = {"name": name, "now": to_text(now), "problem": problem}
        with self._guard(f"cannot record check of source {name!r}"), self._immediate():
            before = self._db.execute(
                "SELECT check_problem FROM sources WHERE name = ?", [name]
            ).fetchone()
            self._db.execute(sql, params)
        return problem is not None and (before is None or before[0] is None)

    def log_fetch(
        self,
        *,
        source: str,
        url: str,
        status: int | None,
        elapsed: float,
        size: int,
        error: str | None,
        now: datetime,
    ) -> None:
        """Append one HTTP request to the fetch log."""
        sql = """
            INSERT INTO fetch_log (source, url, at, status, elapsed, bytes, error)
            VALUES (?, ?, ?, ?, ?, ?, ?)
        """
        with self._guard("cannot log fetch"):
            self._db.execute(sql, [source, url, to_text(now), status, elapsed, size, error])


def _source_state(row: dict[str, Any]) -> SourceState:
    return SourceState(
        name=row["name"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_success=from_text_or_none(row["last_success"]),
        last_attempt=from_text_or_none(row["last_attempt"]),
        last_error=row["last_error"],
        last_error_at=from_text_or_none(row["last_error_at"]),
        last_status=row["last_status"],
        consecutive_failures=row["consecutive_failures"],
        items_last_poll=row["items_last_poll"],
        empty_polls=row["empty_polls"],
        drift_since=from_text_or_none(row["drift_since"]),
        drift_reason=row["drift_reason"],
        next_check=from_text_or_none(row["next_check"]),
        checked_at=from_text_or_none(row["checked_at"]),
        check_problem=row["check_problem"],
    )
