"""A release's date facets (``storage.facets``, migrations 013 and 015): written by triggers as
its facts change, read by a search to narrow a selective filter before walking the text matches;
the page is the same as ranking every match. (Parties and topics narrow through the index's
facet words: ``test_storage_facet_words``.)"""

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

import storage.search
from scrapers.model import Item
from storage import Filters, Store
from storage.facets import key_ranges, worth_reading
from storage.query import Sort
from storage.schema import migrations

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def _item(n: int, *, published: datetime | None = None, body: str = "cyber talks") -> Item:
    return Item(
        source="s",
        url=f"https://gov.example/{n}",
        title=f"Release {n}",
        body=body,
        published=published,
    )


def _file(
    store: Store, release_id: int, *, kind: str, parties: list[str], topics: list[str]
) -> None:
    """Facts as the analysis files them: one UPDATE of the release's columns."""
    store._db.conn.execute(
        "UPDATE releases SET kind = ?, parties = ?, topics = ? WHERE id = ?",
        [kind, json.dumps(parties), json.dumps(topics), release_id],
    )
    store._db.conn.commit()


def _facets(conn: sqlite3.Connection, release_id: int) -> set[str]:
    rows = conn.execute("SELECT facet FROM release_facets WHERE release_id = ?", [release_id])
    return {facet for (facet,) in rows}


def _under(facets: set[str], filters: Filters) -> bool:
    """Whether a release with ``facets`` has one in each key range of ``filters``."""
    return all(any(lo <= f <= hi for f in facets) for lo, hi in key_ranges(filters))


def test_the_keys_a_filter_reads_are_those_the_triggers_write(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        published = datetime(2021, 3, 4, tzinfo=UTC)
        release_id = store.save(_item(1, published=published), now=NOW).id
        _file(store, release_id, kind="dialogue", parties=["KR", "GB"], topics=["ransomware"])
        facets = _facets(store._conn, release_id)
    assert facets == {"y:2021", "d:2021"}
    keeping = [
        Filters(kind="dialogue"),
        Filters(since=date(2021, 3, 4), until=date(2021, 3, 4)),
        Filters(since=date(2020, 12, 31)),
        Filters(until=date(2021, 12, 31)),
        Filters(kind="dialogue", since=date(2019, 1, 1), until=date(2022, 1, 1)),
    ]
    for filters in keeping:
        assert _under(facets, filters), filters
    leaving = [
        Filters(since=date(2022, 1, 1)),
        Filters(until=date(2020, 12, 31)),
        Filters(kind="dialogue", since=date(2022, 1, 1)),
    ]
    for filters in leaving:
        assert not _under(facets, filters), filters
    # no facets: not narrowed here
    assert key_ranges(Filters(kind="other", sources=("s",), parties=("KR",), topics=("x",))) == []


def test_facets_follow_a_release_whose_facts_change(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        first = _item(1, published=datetime(2020, 6, 1, tzinfo=UTC))
        release_id = store.save(first, now=NOW).id
        _file(store, release_id, kind="dialogue", parties=["KR"], topics=["norms"])
        in_2020 = Filters(kind="dialogue", parties=("KR",), until=date(2020, 12, 31))
        assert [hit.id for hit in store.search("cyber", filters=in_2020)] == [release_id]

        # a revision: new text, a later date, and the analysis files other facts
        revised = _item(1, published=datetime(2023, 2, 1, tzinfo=UTC), body="cyber talks again")
        assert store.save(revised, now=NOW).outcome == "updated"
        _file(store, release_id, kind="other", parties=["JP"], topics=[])
        assert _facets(store._conn, release_id) == {"y:2023"}
        for gone in (in_2020, Filters(parties=("KR",)), Filters(kind="dialogue")):
            assert store.search("cyber", filters=gone) == [], gone
        now_kept = Filters(parties=("JP",), since=date(2023, 1, 1))
        assert [hit.id for hit in store.search("cyber", filters=now_kept)] == [release_id]

        store._db.conn.execute("DELETE FROM releases WHERE id = ?", [release_id])
        store._db.conn.commit()
        assert _facets(store._conn, release_id) == set()


def test_an_update_that_leaves_the_facts_alone_leaves_the_facets_alone(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        release_id = store.save(_item(1), now=NOW).id
        _file(store, release_id, kind="dialogue", parties=["KR"], topics=[])
        conn = store._db.conn
        before = conn.total_changes
        conn.execute("UPDATE releases SET published = published, kind = kind WHERE id = ?", [1])
        assert conn.total_changes - before == 1  # the release's row only: no facet rewritten
        assert _facets(store._conn, release_id) == {"y:2025", "d:2025"}


@pytest.mark.slow  # every migration applied, twice over
def test_migration_013_gives_an_older_archive_its_facets(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Database(path) as db:  # an archive as migration 012 left it
        migrations().apply(db, stop_before="013_release_facets")
        db.execute(
            """
            INSERT INTO releases (source, url, canonical_url, title, listing_hash, content_hash,
                                  first_seen, last_seen, published, kind, parties, topics)
            VALUES ('s', 'u1', 'u1', 't', 'h', 'h', '2024-05-01T00:00:00+00:00', '2024',
                    '2019-01-02T00:00:00+00:00', 'dialogue', '["KR", "GB"]', '["norms"]'),
                   ('s', 'u2', 'u2', 't', 'h', 'h', '2024-05-01T00:00:00+00:00', '2024',
                    NULL, 'other', '[]', 'not JSON')
            """
        )
        db.conn.commit()
        migrations().apply(db, stop_before="014_recent_bands")
        assert _facets(db.conn, 1) == {"p:KR", "p:GB", "t:norms", "y:2019", "d:2019"}
        assert _facets(db.conn, 2) == {"y:2024"}  # first seen dates it; bad JSON: no topics
    with Store.open(path) as store:  # migration 015 keeps the years only
        assert _facets(store._conn, 1) == {"y:2019", "d:2019"}
        assert _facets(store._conn, 2) == {"y:2024"}


QUERIES = ["cyber", "cyber talks", "rare"]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """40 releases: one with party NZ, a dozen with KR, every one with topic norms; years 2019
    to 2022, every third a dialogue, one with the word "rare"."""
    path = tmp_path / "archive.db"
    with Store.open(path) as store:
        for n in range(1, 41):
            published = datetime(2019 + n % 4, 1 + n % 12, 1, tzinfo=UTC)
            body = "cyber talks rare" if n == 17 else ("cyber talks" if n % 2 else "cyber")
            release_id = store.save(_item(n, published=published, body=body), now=NOW).id
            parties = ["NZ"] if n == 17 else (["KR"] if n % 3 == 0 else ["US"])
            kind = "dialogue" if n % 3 else "other"
            _file(store, release_id, kind=kind, parties=parties, topics=["norms"])
    return path


FILTERS = {
    "nothing": Filters(parties=("ZZ",)),
    "nothing, facets intersected": Filters(parties=("NZ", "KR")),
    "one": Filters(parties=("NZ",)),
    "many": Filters(parties=("KR",)),
    "every release": Filters(topics=("norms",)),
    "a year": Filters(since=date(2020, 1, 1), until=date(2020, 12, 31)),
    "dialogues of some years": Filters(kind="dialogue", since=date(2021, 3, 1)),
    "a facet and another filter": Filters(parties=("KR",), sources=("s",), kind="other"),
}


@pytest.mark.slow  # six archives of 40 releases
@pytest.mark.parametrize("few", [storage.search.FEW, 5, 0], ids=["default", "5", "0"])
@pytest.mark.parametrize("sort", ["rank", "date"])
def test_a_narrowed_page_is_the_one_ranking_every_match_gives(
    archive: Path, few: int, sort: Sort, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parties and topics narrow through the index's facet words whatever ``FEW`` is; with
    ``FEW`` at 5 a year of ten releases is too many to narrow by; at 0 only a facet holding no
    release narrows (to nothing)."""
    monkeypatch.setattr(storage.search, "FEW", few)
    counts = {}
    with Store.open(archive) as store:
        for label, filters in FILTERS.items():
            for query in QUERIES:
                every = [h.id for h in store.search(query, filters=filters, sort=sort, limit=None)]
                page = [h.id for h in store.search(query, filters=filters, sort=sort, limit=10)]
                assert page == every[:10], (label, query)
                counts[label, query] = len(every)
    assert counts["nothing", "cyber"] == counts["nothing, facets intersected", "cyber"] == 0
    assert counts["one", "cyber"] == counts["one", "rare"] == 1
    assert counts["many", "cyber"] == 13 and counts["every release", "cyber"] == 40
    assert counts["a year", "cyber"] == 10 and counts["a facet and another filter", "cyber"] == 13


def test_facets_are_read_first_when_they_save_more_walking_than_they_cost() -> None:
    """At 1,000,000 releases (``READ_COST`` 3): two facets of about 30,000 each (900 kept
    expected) save walking a million matches; one alone (30,000 kept: the window fills after
    about 33,000 matches) does not; 45,000 under a facet do, beside a large facet (capped at
    50,001) that leaves a twentieth of them."""
    million = 1_000_000
    assert worth_reading([29_570, 31_576], [29_570, 31_576], million, window=1_000)
    assert not worth_reading([29_570], [29_570], million, window=1_000)
    assert worth_reading([800], [800], million, window=1_000)
    assert not worth_reading([45_000], [45_000], million, window=1_000)
    assert worth_reading([50_001, 45_000], [45_000], million, window=1_000)
    assert worth_reading([5, 7], [5, 7], 0, window=1_000)  # an empty archive: nothing to walk
