"""Releases as records a reader can cite: the JSON object ``search --json`` and
``export --format jsonl`` print, and the CSV ``search --csv`` and ``export --format csv`` write.

Each record carries what a citation needs: title, issuing body (the source's publisher), date,
permanent link, content hash (SHA-256 of the text as fetched) and when cyberwatch first saw it,
with the analysis' facts beside them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from storage import SearchHit

CSV_FIELDS = (
    "id", "title", "publisher", "source", "published", "url", "content_hash", "first_seen",
    "kind", "parties", "topics", "copy_of", "event_id", "also_published",
)  # fmt: skip


def release_record(hit: SearchHit, publishers: Mapping[str, str]) -> dict[str, Any]:
    """The citable record of a release, as a JSON object."""
    return {
        "id": hit.id,
        "title": hit.title,
        "publisher": publishers.get(hit.source, hit.source),
        "source": hit.source,
        "published": hit.published.date().isoformat() if hit.published else None,
        "url": hit.url,
        "content_hash": hit.content_hash,
        "first_seen": hit.first_seen.isoformat() if hit.first_seen else None,
        "kind": hit.kind,
        "parties": list(hit.parties),
        "topics": list(hit.topics),
        "copy_of": hit.copy_of,
        "event_id": hit.event_id,
        "also_published": [{"source": c.source, "url": c.url} for c in hit.copies],
    }


def write_csv(
    records: Iterable[Mapping[str, Any]], out: TextIO, *, extra: tuple[str, ...] = ()
) -> None:
    """``records`` as CSV with a header: lists joined with ``; ``, copies as their URLs."""
    writer = csv.DictWriter(out, fieldnames=[*CSV_FIELDS, *extra], lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(v["url"] if isinstance(v, dict) else str(v) for v in value)
    return "" if value is None else value
