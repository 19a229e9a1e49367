"""A release's parties and topics as facet words of its index entry (``storage.facet_words``,
migration 015): written, rewritten and removed with the release's facts, never matched by a
user's text, weighing nothing in a hit's rank, and given to an archive that had none."""

import json
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pycountry
import pytest
from sqlite_utils import Database

from scrapers.analysis.countries import PARTIES
from scrapers.analysis.topics import TOPICS
from scrapers.model import Item
from storage import Filters, Store
from storage.facet_words import facet_terms
from storage.query import FACET_MARK
from storage.schema import migrations

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def _save(store: Store, n: int, body: str) -> int:
    item = Item(source="s", url=f"https://gov.example/{n}", title=f"Release {n}", body=body)
    return store.save(item, now=NOW).id


def _file(store: Store, release_id: int, *, parties: list[str], topics: list[str]) -> None:
    """Facts as the analysis files them: one UPDATE of the release's columns."""
    store._db.conn.execute(
        "UPDATE releases SET parties = ?, topics = ? WHERE id = ?",
        [json.dumps(parties), json.dumps(topics), release_id],
    )
    store._db.conn.commit()


def _with_words(conn: sqlite3.Connection, filters: Filters) -> set[int]:
    """The releases whose index entry has every facet word of ``filters``."""
    rows = conn.execute(
        "SELECT rowid FROM releases_fts WHERE releases_fts MATCH ?", [facet_terms(filters)]
    )
    return {release_id for (release_id,) in rows}


def _check_index(conn: sqlite3.Connection) -> None:
    """FTS5's own check that the index holds exactly what the view gives for each release."""
    conn.execute("INSERT INTO releases_fts (releases_fts, rank) VALUES ('integrity-check', 1)")


def test_facet_words_follow_the_facts_of_a_release(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        conn = store._db.conn
        first = _save(store, 1, "cyber talks")
        other = _save(store, 2, "cyber talks")
        _file(store, first, parties=["KR", "GB"], topics=["capacity-building", "ransomware"])
        _file(store, other, parties=["KR"], topics=[])
        _check_index(conn)
        assert _with_words(conn, Filters(parties=("KR",))) == {first, other}
        both = Filters(parties=("GB", "KR"), topics=("capacity-building",))
        assert _with_words(conn, both) == {first}
        assert _with_words(conn, Filters(parties=("KR", "JP"))) == set()

        _file(store, first, parties=["JP"], topics=[])  # the analysis files other facts
        _check_index(conn)
        assert _with_words(conn, Filters(parties=("KR",))) == {other}
        assert _with_words(conn, Filters(parties=("JP",))) == {first}
        assert _with_words(conn, Filters(topics=("ransomware",))) == set()

        conn.execute("DELETE FROM releases WHERE id = ?", [first])
        conn.commit()
        _check_index(conn)
        assert _with_words(conn, Filters(parties=("JP",))) == set()


def test_no_search_text_matches_a_facet_word(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        release_id = _save(store, 1, "cyber talks")
        _file(store, release_id, parties=["KR"], topics=["critical-infrastructure"])
        for text in ("pKR", "kr", f"{FACET_MARK}pKR", "tcriticalinfrastructure",
                     "infrastructure", f"{FACET_MARK}pK*", "p*"):  # fmt: skip
            assert store.search(text) == [], text
        assert [hit.id for hit in store.search("cyber", filters=Filters(parties=("KR",)))] == [
            release_id
        ]


def test_a_filter_narrows_without_changing_a_hit_s_rank(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        for n in range(1, 7):
            release_id = _save(store, n, "cyber talks " + "cyber " * n)
            _file(store, release_id, parties=["KR"] if n % 2 else ["US"], topics=["ransomware"])
        every = {hit.id: hit.rank for hit in store.search("cyber", limit=None)}
        filters = Filters(parties=("KR",), topics=("ransomware",))
        for limit in (None, 2):
            narrowed = store.search("cyber", filters=filters, limit=limit)
            assert narrowed and all(hit.id % 2 for hit in narrowed)
            assert [(hit.id, hit.rank) for hit in narrowed] == sorted(
                ((i, every[i]) for i in every if i % 2), key=lambda pair: pair[1]
            )[:limit]


def test_every_topic_slug_and_party_code_is_one_facet_word() -> None:
    """The words are read from the JSON arrays' text: a value with spaces or quotes would leave
    loose words in the column. The analysis gives none such."""
    for topic in TOPICS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", topic.tag), topic.tag
    codes = {party.code for party in PARTIES} | {country.alpha_2 for country in pycountry.countries}
    for code in codes:
        assert re.fullmatch(r"[A-Z0-9]+", code), code


@pytest.mark.slow  # every migration applied
def test_migration_015_gives_an_older_archive_its_facet_words(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    with Database(path) as db:  # an archive as migration 014 left it
        migrations().apply(db, stop_before="015_facet_words")
        db.execute(
            """
            INSERT INTO releases (source, url, canonical_url, title, body, listing_hash,
                                  content_hash, first_seen, last_seen, published, kind, parties,
                                  topics)
            VALUES ('s', 'u1', 'u1', 'Cyber talks', 'cyber', 'h', 'h', '2024-05-01', '2024',
                    '2019-01-02', 'dialogue', '["KR", "GB"]', '["un-norms"]'),
                   ('s', 'u2', 'u2', 'Cyber talks', 'cyber', 'h', 'h', '2024-05-01', '2024',
                    NULL, 'other', '["KR"]', '[]'),
                   ('s', 'u3', 'u3', 'Other', 'cyber', 'h', 'h', '2024-05-01', '2024',
                    NULL, 'other', '[]', 'not JSON')
            """
        )
        db.conn.commit()
    with Store.open(path) as store:
        conn = store._db.conn
        _check_index(conn)
        assert _with_words(conn, Filters(parties=("KR",))) == {1, 2}
        assert _with_words(conn, Filters(parties=("GB",), topics=("un-norms",))) == {1}
        hits = store.search("cyber", filters=Filters(parties=("KR",)), limit=None)
        assert sorted(hit.id for hit in hits) == [1, 2]
        (matched,) = conn.execute("SELECT count(*) FROM releases_fts('cyber')").fetchone()
        assert matched == 3
        facets = {row[0] for row in conn.execute("SELECT facet FROM release_facets")}
        assert facets == {"y:2019", "d:2019", "y:2024"}
