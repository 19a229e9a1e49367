"""A small research archive for tests, docs and trying the reading commands
(``python -m flows.devtools.sample ARCHIVE``).

Ten releases (``releases.jsonl``): three dialogue series (Korea-UK in rounds 2, 3 and 4, the
4th also reported by Korea and copied by an aggregator; U.S.-Japan rounds 7 and 8;
Australia-Japan rounds 1 and 2, quiet since 2019) and one release that is not a dialogue; then
one edit of the 8th U.S.-Japan statement (``edits.jsonl``), so the archive keeps a version.
Everything is stored through ``import``'s path, at fixed times.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import AnalysisSettings
from flows.core.records import import_records, read_records
from scrapers.analysis import Rules
from storage import Store

HERE = Path(__file__).parent
IMPORTED_AT = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
EDITED_AT = IMPORTED_AT + timedelta(days=2)


def build(path: Path) -> Path:
    """Store the sample releases, then their edit, in the archive at ``path``."""
    rules = Rules.compile(AnalysisSettings())
    with Store.open(path) as store:
        for name, now in (("releases.jsonl", IMPORTED_AT), ("edits.jsonl", EDITED_AT)):
            lines = (HERE / name).read_text(encoding="utf-8").splitlines()
            done = import_records(read_records(lines), store, rules=rules, now=now)
            if done.errors:
                raise ValueError(f"{name}: {done.errors[0]}")
    return path
