"""The LSH bands as stored: integer keys in one B-tree (the latest releases' in a small one until
merged), replaced when a release's text changes, migrated from the text keys of older archives
(migration 009_compact_bands); page size."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

import storage.copies
from config import AnalysisSettings
from scrapers import Item
from scrapers.analysis import Rules, analyze, pack
from scrapers.analysis.fingerprint import fingerprint
from storage import Filed, Store
from storage.copies import band_key
from storage.schema import migrations
from storage.store import PAGE_SIZE

RULES = Rules.compile(AnalysisSettings())
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
TITLE = "The 4th Republic of Korea-UK Cyber Dialogue"
TEXT = (
    "The 4th Republic of Korea-UK Cyber Dialogue was held in London on 6 November 2024. "
    "Ambassador Rhee Dong-yeol and Cyber Director Andrew Whittaker co-chaired the dialogue. "
    "The two sides discussed North Korea's theft of cryptocurrency, ransomware, the protection "
    "of critical infrastructure and capacity building in the Indo-Pacific region, and agreed "
    "to hold the next dialogue in Seoul in 2025."
)
OTHER = (
    "The ministry published its annual report on flood relief, housing and transport today. "
    "Grants for regional development and climate adaptation rose for the third year in a row, "
    "and the review of water services will be open for consultation with citizens until May."
)


def add(store: Store, url: str, text: str) -> Filed:
    item = Item(source="s", url=url, title=TITLE, body=text, published=NOW)
    saved = store.save(item, now=NOW)
    settings = RULES.settings
    return store.file_analysis(
        saved.id,
        analyze(TITLE, text, published=NOW, url=url, rules=RULES),
        fingerprint(TITLE, text, RULES),
        official=True,
        near_duplicate=settings.near_duplicate,
        window=settings.event_window,
        report_window=settings.report_window,
        now=NOW,
    )


def stored_bands(path: Path, release_id: int) -> set[int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT band FROM release_bands WHERE release_id = ?1 "
            "UNION ALL SELECT band FROM release_bands_recent WHERE release_id = ?1",
            [release_id],
        ).fetchall()
    return {band for (band,) in rows}


def bands_in(path: Path, table: str) -> set[int]:
    """The releases having a band in ``table``."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(f"SELECT DISTINCT release_id FROM {table}").fetchall()
    return {release_id for (release_id,) in rows}


def test_recent_bands_are_merged_every_so_many_releases_and_copies_found_in_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.copies, "MERGE_EVERY", 4)
    path = tmp_path / "archive.db"
    with Store.open(path) as store:
        first = add(store, "https://a.example/1", TEXT)
        other = add(store, "https://a.example/2", OTHER)
        copy = add(store, "https://b.example/3", TEXT + " Distributed by Public.")
        assert copy.copy_of == first.release_id  # found among the recent bands
        assert bands_in(path, "release_bands") == set()
        assert bands_in(path, "release_bands_recent") == {1, 2, 3}
        add(store, "https://b.example/4", "An unrelated notice about the weather this week.")
        assert bands_in(path, "release_bands_recent") == {1, 2, 3, 4}  # release 4: merge due
        later = add(store, "https://b.example/5", OTHER + " Distributed by Public.")
        assert bands_in(path, "release_bands") == {1, 2, 3, 4}  # merged as the next write began
        assert bands_in(path, "release_bands_recent") == {5}
        assert stored_bands(path, first.release_id) == {
            band_key(b) for b in fingerprint(TITLE, TEXT, RULES).bands
        }
        assert later.copy_of == other.release_id  # found among the merged bands
        # a merged release edited: its old bands leave the large B-tree, its new ones arrive
        add(store, "https://a.example/2", OTHER + " It was edited.")
        edited = stored_bands(path, other.release_id)
    assert edited == {
        band_key(b) for b in fingerprint(TITLE, OTHER + " It was edited.", RULES).bands
    }
    assert not bands_in(path, "release_bands") & {other.release_id}


def test_a_held_poll_merges_the_recent_bands_outside_every_savepoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source's batch in a held transaction is a savepoint, which copies every page it
    changes into memory: the merge, which changes most leaves of the large B-tree, must run
    when no savepoint is open."""
    monkeypatch.setattr(storage.copies, "MERGE_EVERY", 2)
    path = tmp_path / "archive.db"
    with Store.open(path) as store:
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        with store.holding():
            for n, text in enumerate([TEXT, OTHER, TEXT + " Filed.", OTHER + " Ends."]):
                with store.batch():  # one source's writes
                    add(store, f"https://a.example/{n}", text)
        store._conn.set_trace_callback(None)
    open_savepoints, merged_inside = 0, []
    merges = 0
    for sql in statements:
        word = sql.split(None, 1)[0].upper()
        if word == "SAVEPOINT":
            open_savepoints += 1
        elif word == "RELEASE":
            open_savepoints -= 1
        elif sql.startswith("INSERT OR IGNORE INTO release_bands "):
            merges += 1
            merged_inside.append(open_savepoints)
    assert merges == 1  # due after release 2: merged as the next batch began
    assert merged_inside == [0]
    assert bands_in(path, "release_bands") == {1, 2}
    assert bands_in(path, "release_bands_recent") == {3, 4}  # due again: merged at the next write


def test_copies_and_events_are_the_same_whether_bands_are_merged_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [TEXT, OTHER, TEXT + " Distributed by Public.", OTHER + " Filed.", TEXT + " Ends."]
    texts += [f"{text} Seen again." for text in texts]
    results = []
    for every in (1, 3, 10**9):  # each release merged at once, now and then, never
        monkeypatch.setattr(storage.copies, "MERGE_EVERY", every)
        with Store.open(tmp_path / f"merge-{every}.db") as store:
            filed = [add(store, f"https://x.example/{n}", text) for n, text in enumerate(texts)]
        results.append([(f.release_id, f.copy_of, f.event_id, f.role) for f in filed])
    assert results[0] == results[1] == results[2]
    assert sum(copy_of is not None for _, copy_of, _, _ in results[0]) >= 6


def test_a_band_key_keeps_the_band_number_apart_and_fits_63_bits() -> None:
    assert band_key("0:ffffffffffffffff") != band_key("1:ffffffffffffffff")
    assert band_key("31:0000000000000001") >> 56 == 31
    assert 0 <= band_key("127:ffffffffffffffff") < 2**63


def test_refiling_a_changed_text_replaces_its_bands(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Store.open(path) as store:
        filed = add(store, "https://a.example/1", TEXT)
        first = stored_bands(path, filed.release_id)
        assert first == {band_key(b) for b in fingerprint(TITLE, TEXT, RULES).bands}
        assert len(first) == RULES.settings.bands
        add(store, "https://a.example/1", OTHER)  # the same URL, edited: filed again
        second = stored_bands(path, filed.release_id)
    assert second == {band_key(b) for b in fingerprint(TITLE, OTHER, RULES).bands}
    assert not first & second


def test_an_older_archive_has_its_text_bands_migrated_and_finds_copies(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Database(path) as db:  # an archive as migration 008 left it, with one release filed
        migrations().apply(db, stop_before="009_compact_bands")
        print_ = fingerprint(TITLE, TEXT, RULES)
        bands = print_.bands
        db.execute(
            "INSERT INTO releases (id, source, url, canonical_url, title, body, listing_hash, "
            "content_hash, first_seen, last_seen, official, signature) "
            "VALUES (1, 's', 'u', 'https://a.example/1', ?, ?, 'l', 'c', 'f', 'f', 1, ?)",
            [TITLE, TEXT, pack(print_.signature)],
        )
        db.conn.executemany(
            "INSERT INTO release_bands (band, release_id) VALUES (?, 1)", [(b,) for b in bands]
        )
        db.conn.commit()
    with Store.open(path) as store:
        assert stored_bands(path, 1) == {band_key(b) for b in bands}
        # a near copy (no exact hash stored before): found through the migrated bands
        copy = add(store, "https://b.example/2", TEXT + " Distributed by Public.")
        assert copy.copy_of == 1
        assert stored_bands(path, copy.release_id) == {
            band_key(b) for b in fingerprint(TITLE, TEXT + " Distributed by Public.", RULES).bands
        }
    with sqlite3.connect(path) as connection:
        tables = {n for (n,) in connection.execute("SELECT name FROM sqlite_schema")}
    assert "release_bands_text" not in tables


def test_a_new_archive_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        assert store._db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    old = tmp_path / "old.db"  # an archive made before the larger pages, on SQLite's 4 KiB
    with Database(old) as db:
        migrations().apply(db, stop_before="009_compact_bands")
    with Store.open(old) as store:
        assert store._db.execute("PRAGMA page_size").fetchone()[0] == 4096
