"""The intelligence over JSON lines: ``analyze`` and ``import`` in plain Python.

Input lines are JSON objects with ``url``, ``title``, ``text``, ``published`` (YYYY-MM-DD, an
ISO 8601 date-time, or null) and optionally ``source``. ``analyze`` judges each line
(``analyze_record``); ``import`` stores the lines through the same path as a poll
(``flows.core.ingest.store_item``). How the commands word the results is the CLI's
(``flows.cli.output.archive``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from flows.core import progress
from flows.core.ingest import store_item
from flows.core.judging import Judged, Judges
from scrapers import Item
from scrapers.analysis import Analysis, Rules, analyze
from storage import Store

IMPORT_SOURCE = "import"
PROGRESS_EVERY = 1000  # lines between progress reports
BATCH = 500  # records written in one transaction


class RecordError(ValueError):
    """An input line that is not a usable release (the message says why)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One input line, checked."""

    line: int
    url: str
    title: str
    text: str
    published: datetime | None
    source: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[str, ...] = ()


def read_records(lines: Iterable[str | bytes]) -> Iterator[Record | RecordError]:
    """The records of JSON lines (text, or UTF-8 bytes), in order; a bad line gives a
    RecordError naming it."""
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as e:
            yield RecordError(f"line {number}: not UTF-8 text ({e.reason}): save it as UTF-8")
            continue
        if not line.strip():
            continue
        try:
            yield parse_record(json.loads(line), line=number)
        except json.JSONDecodeError as e:
            yield RecordError(f"line {number}: not JSON: {e.msg}")
        except RecordError as e:
            yield e


def parse_record(data: Any, *, line: int = 0) -> Record:
    if not isinstance(data, dict):
        raise RecordError(f"line {line}: not a JSON object")
    for field in ("url", "title", "text"):
        if not isinstance(data.get(field), str):
            raise RecordError(f"line {line}: field {field!r} must be a string")
    source = data.get("source") or IMPORT_SOURCE
    if not isinstance(source, str):
        raise RecordError(f"line {line}: field 'source' must be a string")
    return Record(
        line=line,
        url=data["url"],
        title=data["title"],
        text=data["text"],
        published=_published(data.get("published"), line),
        source=source,
    )


def analyze_record(record: Record, rules: Rules) -> Analysis:
    return analyze(
        record.title, record.text, published=record.published, url=record.url, rules=rules
    )


def import_records(
    records: Iterable[Record | RecordError],
    store: Store,
    *,
    rules: Rules,
    now: datetime,
    judges: Judges | None = None,
) -> ImportReport:
    """Store records as releases through the poll's path; bad lines (and a line that could not
    be judged) are reported, skipped. The records are judged by ``judges`` (by default here,
    with ``rules``), which read ahead in worker processes for a long input while this process
    writes; every ``BATCH`` records are written in one transaction (one commit, not two per
    record)."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    errors: list[str] = []
    judges = judges or Judges(rules)
    pairs = ((r, None if isinstance(r, RecordError) else to_item(r)) for r in records)
    judged = judges.stream(pairs, listed=False)  # judging ahead while this loop writes
    while True:
        taken = 0
        with store.batch():
            for record, verdict in islice(judged, BATCH):
                taken += 1
                if isinstance(record, RecordError):
                    errors.append(str(record))
                    continue
                if not isinstance(verdict, Judged):
                    why = verdict.reason if verdict is not None else "not judged"
                    errors.append(f"line {record.line}: {why}: import it again")
                    continue
                saved = store_item(
                    store,
                    to_item(record),
                    rules=judges.rules,
                    now=now,
                    origin="import",
                    listed=False,
                    judged=verdict,
                )
                counts[saved.outcome] += 1
                if record.line % PROGRESS_EVERY == 0:
                    where = f"line {record.line}"
                    progress.report("import", done=record.line, total=None, item=where)
        if taken < BATCH:
            break
    return ImportReport(errors=tuple(errors), **counts)


def to_item(record: Record) -> Item:
    return Item(
        source=record.source,
        url=record.url,
        title=record.title,
        published=record.published,
        body=record.text,
    )


def _published(value: Any, line: int) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(f"line {line}: field 'published' must be a date string or null")
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError as e:
        raise RecordError(f"line {line}: field 'published' is not a date: {value!r}") from e
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
