"""A release's date facets, one small B-tree clustered by facet (``release_facets``, migration
013) kept in step with the releases' columns by triggers: its year (``'y:2020'``) and, for a
dialogue, its year again (``'d:2020'``). And which keys a search's filters read. (Migration 013
kept a key for each party and topic too; 015 moved those into the full-text index as words,
``storage.facet_words``.)

A filter keeps a release only if the release has one of the filter's keys: the releases under
them are a superset of those the filter keeps (exactly those for kind; for dates, every release
of the years they span), so a search reads them first when they are few and walks only their
text matches (``storage.search``), the filters still applied as before. The keys are written by
SQL (the triggers) and read here: the tests hold the two to the same names.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from storage.query import Filters

if TYPE_CHECKING:
    from sqlite_utils import Database

# A facet entry read and tested costs about three matches walked past the filters: 0.5 µs
# against 0.18 µs saved a match (the covering index's 0.35 µs against the id list's 0.17).
READ_COST = 3.0
KeyRange = tuple[str, str]  # the facet keys from the first to the last, inclusive
_LAST_YEAR = "\U0010ffff" * 4  # after any year key's four characters


def key_ranges(filters: Filters) -> list[KeyRange]:
    """For each filter that has facets, the range of keys a release it keeps has one of."""
    ranges: list[KeyRange] = []
    # A day's text at or after since's starts with a year at or after since's year (the same
    # for until): the years bound the days, whatever the dates' text.
    first = filters.since.isoformat()[:4] if filters.since is not None else ""
    last = filters.until.isoformat()[:4] if filters.until is not None else _LAST_YEAR
    if filters.kind == "dialogue":
        ranges.append((f"d:{first}", f"d:{last}"))
    if filters.since is not None or filters.until is not None:
        ranges.append((f"y:{first}", f"y:{last}"))
    return ranges


def worth_reading(counts: Sequence[int], read: Sequence[int], total: int, *, window: int) -> bool:
    """Whether to read first the releases under the facets whose counts are ``read``, given
    ``counts`` (every facet range of the filters, large ones capped) in an archive of ``total``
    releases. When the filters keep a share ``s`` of the releases (facets taken as independent),
    walking the text matches newest first fills a ``window`` after about ``window / s`` of them
    (or all of them, when fewer: then the walk is cheap anyway); each facet entry read costs
    about ``READ_COST`` matches walked (measured at 1,000,000)."""
    share = math.prod(min(count / total, 1.0) for count in counts) if total else 0.0
    return READ_COST * sum(read) * share < window


def _m013_facets(row: str) -> str:
    """The facet keys of the releases row ``row`` (``new`` or ``old`` in a trigger), one a row,
    as ``storage.facets`` names them. Migration 013's: never to change."""
    return f"""
        SELECT 'p:' || value AS facet FROM json_each({_m013_array(row, "parties")})
        UNION ALL SELECT 't:' || value FROM json_each({_m013_array(row, "topics")})
        UNION ALL SELECT 'd:' || {_m013_year(row)} WHERE {row}.kind = 'dialogue'
        UNION ALL SELECT 'y:' || {_m013_year(row)}
    """


def _m013_year(row: str) -> str:
    """The year of ``row``'s day (``storage.query.RELEASE_DAY``): four characters. Migrations
    013's and 015's: never to change."""
    return f"substr(coalesce({row}.published, {row}.first_seen), 1, 4)"


def _m013_array(row: str, column: str) -> str:
    """A JSON array column of ``row``; an empty array when it is not valid JSON."""
    return f"CASE WHEN json_valid({row}.{column}) THEN {row}.{column} ELSE '[]' END"


_M013_EXISTING = f"""
    INSERT INTO release_facets (facet, release_id)
    SELECT DISTINCT facet, id FROM (
        SELECT 'p:' || j.value AS facet, r.id AS id
        FROM releases AS r INDEXED BY releases_search, json_each({_m013_array("r", "parties")}) AS j
        UNION ALL
        SELECT 't:' || j.value, r.id
        FROM releases AS r INDEXED BY releases_search, json_each({_m013_array("r", "topics")}) AS j
        UNION ALL
        SELECT 'd:' || {_m013_year("r")}, r.id FROM releases AS r INDEXED BY releases_search
        WHERE r.kind = 'dialogue'
        UNION ALL
        SELECT 'y:' || {_m013_year("r")}, r.id FROM releases AS r INDEXED BY releases_search
    )
    ORDER BY facet, id
"""


def create_facets(db: Database) -> None:
    """Migration 013: the facets of every release, in key order (the B-tree is appended to,
    not split), and the triggers that keep them in step: the write path stays as it is, and an
    update touches a release's facets only when its facts change."""
    db.execute(
        """
        CREATE TABLE release_facets (
            facet TEXT NOT NULL,
            release_id INTEGER NOT NULL,
            PRIMARY KEY (facet, release_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(_M013_EXISTING)
    _facet_triggers(
        db,
        _m013_facets,
        columns="parties, topics, kind, published, first_seen",
        changed=f"""old.parties IS NOT new.parties OR old.topics IS NOT new.topics
            OR old.kind IS NOT new.kind
            OR {_m013_year("old")} IS NOT {_m013_year("new")}""",
    )


def _facet_triggers(
    db: Database, facets: Callable[[str], str], *, columns: str, changed: str
) -> None:
    """The triggers keeping ``release_facets`` in step with ``releases``: ``facets(row)`` the
    keys of a row (``new`` or ``old``); an update rewrites them when one of ``columns`` is set
    and ``changed`` (SQL on ``old`` and ``new``) holds. Migrations 013's and 015's: never to
    change."""
    db.execute(
        f"""
        CREATE TRIGGER release_facets_ai AFTER INSERT ON releases BEGIN
            INSERT OR IGNORE INTO release_facets (facet, release_id)
            SELECT facet, new.id FROM ({facets("new")});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER release_facets_ad AFTER DELETE ON releases BEGIN
            DELETE FROM release_facets
            WHERE release_id = old.id AND facet IN ({facets("old")});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER release_facets_au AFTER UPDATE OF {columns} ON releases
        WHEN {changed}
        BEGIN
            DELETE FROM release_facets
            WHERE release_id = old.id AND facet IN ({facets("old")});
            INSERT OR IGNORE INTO release_facets (facet, release_id)
            SELECT facet, new.id FROM ({facets("new")});
        END
        """
    )


def _m015_date_facets(row: str) -> str:
    """The date facet keys of the releases row ``row``, one a row. Migration 015's."""
    return f"""
        SELECT 'd:' || {_m013_year(row)} AS facet WHERE {row}.kind = 'dialogue'
        UNION ALL SELECT 'y:' || {_m013_year(row)}
    """


def keep_years_only(db: Database) -> None:
    """Migration 015, with ``storage.facet_words.index_facet_words``: the parties' and topics'
    keys taken out (they are words of the full-text index now), the triggers writing the years
    and dialogue years only."""
    for trigger in ("release_facets_ai", "release_facets_ad", "release_facets_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute(
        "DELETE FROM release_facets "
        "WHERE (facet >= 'p:' AND facet < 'p;') OR (facet >= 't:' AND facet < 't;')"
    )
    _facet_triggers(
        db,
        _m015_date_facets,
        columns="kind, published, first_seen",
        changed=f"old.kind IS NOT new.kind OR {_m013_year('old')} IS NOT {_m013_year('new')}",
    )
