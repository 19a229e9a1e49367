"""Copies of a release's text in the archive: reading the candidates and applying the link.

A release whose normalised text hashes like another's copies it (an official one preferred,
then the oldest); else the candidates are the releases sharing its LSH bands (one index probe
per band, each reading at most ``MAX_POSTINGS + 1`` rows), the ``MAX_CANDIDATES`` sharing the
most bands are compared in full, and the most similar at or above ``near_duplicate`` estimated
Jaccard is the one it copies. The work per release is bounded whatever the size of the archive.
Which release is then the original, and what that changes, is ``scrapers.analysis.link_copy``'s
decision; these functions run inside ``file_analysis``'s transaction.

A release's bands are written to ``release_bands_recent``, a small B-tree that stays in the page
cache, and moved into ``release_bands`` in key order every ``MERGE_EVERY`` releases, at the
store's next write, before its savepoints (a lookup reads both). Written straight into the
large B-tree, a release's 32 random keys dirtied 32 of its leaves (16 KiB each, half a megabyte
written to the WAL and again to the file for each release at 1,000,000 releases); merged in key
order, each leaf is written once per merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from scrapers.analysis import (
    BecomesOriginal,
    CopyOf,
    Fingerprint,
    IsTheRoot,
    NotACopy,
    Root,
    candidates_by_shared_bands,
    link_copy,
    most_similar,
    unpack,
)
from scrapers.analysis.fingerprint import band_keys

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_CANDIDATES = 20  # releases compared in full, those sharing the most bands
MAX_POSTINGS = 30  # a band shared by more releases is skipped, like a stop word
BANDS_PER_STATEMENT = 100  # bands one statement reads or writes (SQLite: 500 SELECTs at most)
# Releases between two merges of the recent bands into the large B-tree: at most about 260,000
# rows (about 4 MiB) wait in ``release_bands_recent``. A merge at 1,000,000 releases costs about
# a second of CPU, whatever the number of rows it moves (0.12 ms a release at this interval);
# a smaller recent B-tree keeps a poll's memory down: each source's batch is a savepoint, which
# keeps a copy of every leaf of it the batch's new bands change (docs/performance.md).
MERGE_EVERY = 8192


def band_key(band: str) -> int:
    """The stored key of an LSH band ``"<number>:<hex digest>"``: the band's number in the top
    7 bits of a positive 63-bit integer, the digest's first 56 bits below it."""
    number, _, digest = band.partition(":")
    return (int(number) % 128) << 56 | int(digest[:14], 16)


def file_copy(
    db: Database,
    release_id: int,
    fingerprint: Fingerprint,
    *,
    official: bool,
    threshold: float,
    replaced: Sequence[int] = (),
) -> int | None:
    """Index the release's bands (replacing those of the signature it ``replaced``, if filed
    before) and link it to the original it copies; return that original (None: it copies
    none, or is the original of its text)."""
    keys = [band_key(band) for band in fingerprint.bands]
    match = _same_text(db, release_id, fingerprint, keys, threshold)
    _forget_bands(db, release_id, replaced, bands=len(keys))
    for start in range(0, len(keys), BANDS_PER_STATEMENT):  # one statement, not one a band
        chunk = keys[start : start + BANDS_PER_STATEMENT]
        params = [value for key in chunk for value in (key, release_id)]
        db.conn.execute(_insert_bands(len(chunk)), params)
    link = link_copy(
        release_id, official=official, root=_root(db, match) if match is not None else None
    )
    match link:
        case NotACopy():  # most releases: nothing to write unless it copied one before
            db.conn.execute(
                "UPDATE releases SET copy_of = NULL WHERE id = ? AND copy_of IS NOT NULL",
                [release_id],
            )
        case IsTheRoot():
            pass
        case CopyOf(original):
            db.conn.execute("UPDATE releases SET copy_of = ? WHERE id = ?", [original, release_id])
            return original
        case BecomesOriginal(previous):
            _repoint(db, previous, release_id)
    return None


def merge_due(release_id: int) -> bool:
    """Whether filing ``release_id`` makes the recent bands due to be merged (the store merges
    them at its next write, ``StoreBase._merge_due_bands``)."""
    return release_id % MERGE_EVERY == 0


def merge_recent_bands(db: Database) -> None:
    """Move the recent bands into the large B-tree, in its key order (each of its leaves
    written at most once)."""
    db.conn.execute(
        "INSERT OR IGNORE INTO release_bands (band, release_id) "
        "SELECT band, release_id FROM release_bands_recent ORDER BY band, release_id"
    )
    db.conn.execute("DELETE FROM release_bands_recent")


def _forget_bands(db: Database, release_id: int, previous: Sequence[int], *, bands: int) -> None:
    """Delete the bands of the release's previous signature, from both tables: by their keys,
    computed again with the current number of bands (were it changed since, the old rows stay
    and only add candidates); by a scan of the tables when the new text has no bands to count
    them by."""
    if not previous:
        return
    for table in _BAND_TABLES:
        if not bands:
            db.conn.execute(f"DELETE FROM {table} WHERE release_id = ?", [release_id])
            continue
        db.conn.executemany(
            f"DELETE FROM {table} WHERE band = ? AND release_id = ?",
            [(band_key(band), release_id) for band in band_keys(previous, bands)],
        )


def _root(db: Database, release_id: int) -> Root:
    """The original of the cluster ``release_id`` belongs to."""
    row = db.conn.execute(
        "SELECT coalesce(copy_of, id), official FROM releases WHERE id = "
        "(SELECT coalesce(copy_of, id) FROM releases WHERE id = ?)",
        [release_id],
    ).fetchone()
    return Root(int(row[0]), bool(row[1]))


def _repoint(db: Database, previous: int, original: int) -> None:
    """Make ``original`` the original of ``previous``'s cluster, ``previous`` included."""
    db.conn.execute(
        "UPDATE releases SET copy_of = ? WHERE id = ? OR copy_of = ?",
        [original, previous, previous],
    )
    db.conn.execute("UPDATE releases SET copy_of = NULL WHERE id = ?", [original])
    db.conn.execute(
        "UPDATE event_releases SET role = 'copy' WHERE role = 'original' AND release_id IN "
        "(SELECT id FROM releases WHERE copy_of = ?)",
        [original],
    )


def _same_text(
    db: Database, release_id: int, fingerprint: Fingerprint, keys: list[int], threshold: float
) -> int | None:
    """The stored release whose text this one's is, or is nearest to above ``threshold``
    (``keys``: the stored keys of its bands)."""
    exact = db.conn.execute(
        "SELECT id FROM releases WHERE normalized_hash = ? AND id != ? "
        "ORDER BY official DESC, id LIMIT 1",
        [fingerprint.normalized_hash, release_id],
    ).fetchone()
    if exact is not None:
        return int(exact[0])
    if not keys:
        return None
    postings: list[list[int]] = [[] for _ in keys]
    for start in range(0, len(keys), BANDS_PER_STATEMENT):
        chunk = keys[start : start + BANDS_PER_STATEMENT]
        params = [value for key in chunk for value in (key, release_id, MAX_POSTINGS + 1)]
        for position, candidate in db.conn.execute(_postings(len(chunk)), params):
            postings[start + position].append(int(candidate))
    # each band's lowest ids of the two tables, as one table's index gave them
    postings = [sorted(set(band))[: MAX_POSTINGS + 1] for band in postings]
    best_shared = candidates_by_shared_bands(
        postings, max_postings=MAX_POSTINGS, limit=MAX_CANDIDATES
    )
    if not best_shared:
        return None
    rows = db.conn.execute(
        f"SELECT id, signature FROM releases WHERE id IN ({','.join('?' * len(best_shared))})"
        " AND signature IS NOT NULL",
        best_shared,
    ).fetchall()
    candidates = [(int(candidate_id), unpack(blob)) for candidate_id, blob in rows]
    return most_similar(fingerprint.signature, candidates, threshold=threshold)


_BAND_TABLES = ("release_bands", "release_bands_recent")


@cache
def _postings(bands: int) -> str:
    """One statement reading every band's postings in both tables (at most ``MAX_POSTINGS +
    1`` releases from each, in the index's order), each row tagged with its band's position:
    one index probe per band and table, in one round trip. Parameters: a band's key, the
    release's id and the limit, for each band in turn (numbered: each table's probe uses the
    same ones)."""
    probe = (
        "SELECT {position}, release_id FROM (SELECT release_id FROM {table} "
        "WHERE band = ?{key} AND release_id != ?{own} LIMIT ?{limit})"
    )
    return " UNION ALL ".join(
        probe.format(table=table, position=p, key=3 * p + 1, own=3 * p + 2, limit=3 * p + 3)
        for p in range(bands)
        for table in _BAND_TABLES
    )


@cache
def _insert_bands(bands: int) -> str:
    """The INSERT of a release's ``bands`` band rows in one statement, into the recent ones."""
    values = ", ".join(["(?, ?)"] * bands)
    return f"INSERT OR IGNORE INTO release_bands_recent (band, release_id) VALUES {values}"
