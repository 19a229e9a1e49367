"""The write-path benchmark (``flows.devtools.bench.writes``): what it stores, and that
``--rollback`` leaves the archive as it was."""

from pathlib import Path

import pytest

from config import Settings
from flows.devtools.bench import writes
from scrapers.analysis import Rules
from storage import Store


@pytest.mark.slow  # judges 12 releases through the analysis
def test_the_write_benchmark_stores_new_releases_and_rollback_leaves_the_archive(
    tmp_path: Path,
) -> None:
    db = tmp_path / "writes.db"
    rules = Rules.compile(Settings(db=db).analysis)
    work = writes.judged(12, 13, rules)
    assert all(item.url.startswith("https://writes.example/13/") for item, _ in work)

    kept = writes.measure(db, work[:8], rules=rules, batch=5, rollback=False)
    assert (kept.releases, kept.archive) == (8, 0)
    assert kept.cpu_ms > 0 and kept.wall_ms > 0

    tried = writes.measure(db, work[8:], rules=rules, batch=5, rollback=True)
    assert (tried.releases, tried.archive) == (4, 8)  # stored inside the transaction...
    with Store.open(db) as store:
        assert store.count_releases() == 8  # ...and rolled back
