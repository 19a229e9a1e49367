"""The parties' headline names kept in a file: the same names, read back on the next run, and
no error when the file is damaged or cannot be written."""

import json
from pathlib import Path

from flows.core.party_names import display_names
from scrapers.analysis.countries import DISPLAY_NAMES


def test_the_names_are_the_tables_and_are_kept_in_a_file(tmp_path: Path) -> None:
    names = display_names(tmp_path)
    assert names == DISPLAY_NAMES
    assert names["GB"] == "UK" and names["KR"] == "Republic of Korea"
    (kept,) = tmp_path.glob("party-names-*.json")
    assert json.loads(kept.read_text(encoding="utf-8")) == dict(DISPLAY_NAMES)


def test_the_next_run_reads_the_file(tmp_path: Path) -> None:
    display_names(tmp_path)
    (kept,) = tmp_path.glob("party-names-*.json")
    kept.write_text(json.dumps({"GB": "from the file"}), encoding="utf-8")
    assert display_names(tmp_path) == {"GB": "from the file"}  # read, not rebuilt


def test_a_damaged_file_is_rebuilt(tmp_path: Path) -> None:
    display_names(tmp_path)
    (kept,) = tmp_path.glob("party-names-*.json")
    kept.write_bytes(b"\x00not json")
    assert display_names(tmp_path) == DISPLAY_NAMES
    assert json.loads(kept.read_text(encoding="utf-8")) == dict(DISPLAY_NAMES)


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would be", encoding="utf-8")
    assert display_names(blocked) == DISPLAY_NAMES
    assert blocked.read_text(encoding="utf-8") == "a file where the cache directory would be"
    assert list(tmp_path.iterdir()) == [blocked]  # no temporary file left behind
