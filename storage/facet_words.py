"""A release's parties and topics as words of its full-text entry (migration 015), so that a
search filtered by them is one FTS5 query: FTS5 steps through the rare facet words' short
lists and seeks in the common words' long ones, instead of walking every text match.

Each party becomes the word ``FACET_MARK + "p" + code`` and each topic ``FACET_MARK + "t" +
slug`` (hyphens dropped): ``"\\ue000pKR \\ue000tcapacitybuilding"``, in a third indexed column,
``facets``, computed from the JSON arrays by the view ``releases_indexed`` and by the triggers
(FTS5 cannot read through ``json_each`` there). ``FACET_MARK`` is a private-use character:
FTS5's tokenizer keeps it inside a word, and ``storage.query.fts_match`` takes it out of a
user's text, so no search text matches a facet word. The column weighs nothing in ``bm25``,
though its words count in a release's length.

A filter's facet words narrow the matches to a superset of what the filter keeps; the filter's
own conditions (``storage.query.where``) still decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.query import FACET_MARK, Filters

if TYPE_CHECKING:
    from sqlite_utils import Database

PARTY, TOPIC = "p", "t"


def facet_word(prefix: str, value: str) -> str:
    """The word of a party (``PARTY``) or topic (``TOPIC``) ``value``, as the index holds it."""
    return FACET_MARK + prefix + value.replace("-", "")


def facet_terms(filters: Filters) -> str:
    """The FTS5 phrases every release ``filters`` keeps has in its ``facets`` column: one for
    each party and topic named (all must occur), or "" when it names none. The phrase is
    tokenized as the column was, so a value with other punctuation still finds its words."""
    words = [facet_word(PARTY, p) for p in filters.parties]
    words += [facet_word(TOPIC, t) for t in filters.topics]
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _m015_words(row: str, column: str, prefix: str) -> str:
    """SQL: the words of ``row``'s JSON array ``column`` as ``facet_word`` makes them, from its
    text as storage writes it (``["KR", "GB"]``); none for an empty or invalid array."""
    value, word = f"{row}.{column}", FACET_MARK + prefix
    inner = f"replace(substr({value}, 3, length({value}) - 4), '-', '')"
    spaced = f"replace(replace({inner}, '\", \"', ' {word}'), '\",\"', ' {word}')"
    return (
        f"CASE WHEN {value} = '[]' OR NOT json_valid({value}) THEN '' ELSE '{word}' || {spaced} END"
    )


def _m015_facets(row: str) -> str:
    """SQL: the ``facets`` column of ``row`` (``new``, ``old``, or a table's alias)."""
    return f"{_m015_words(row, 'parties', PARTY)} || ' ' || {_m015_words(row, 'topics', TOPIC)}"


def _m015_entry(row: str) -> str:
    return f"{row}.id, {row}.title, {row}.body, {_m015_facets(row)}"


def index_facet_words(db: Database) -> None:
    """Migration 015, with ``storage.facets.keep_years_only``: the index rebuilt with a
    ``facets`` column, its triggers with it."""
    for trigger in ("releases_ai", "releases_ad", "releases_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE releases_fts")
    db.execute(
        f"""
        CREATE VIEW releases_indexed AS
        SELECT r.id, r.title, r.body, {_m015_facets("r")} AS facets FROM releases AS r
        """
    )
    db.execute(
        """
        CREATE VIRTUAL TABLE releases_fts USING fts5 (
            title, body, facets, content = 'releases_indexed', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """
    )
    db.execute("INSERT INTO releases_fts (releases_fts) VALUES ('rebuild')")
    insert = f"INSERT INTO releases_fts (rowid, title, body, facets) VALUES ({_m015_entry('new')})"
    delete = (
        "INSERT INTO releases_fts (releases_fts, rowid, title, body, facets) "
        f"VALUES ('delete', {_m015_entry('old')})"
    )
    db.execute(f"CREATE TRIGGER releases_ai AFTER INSERT ON releases BEGIN {insert}; END")
    db.execute(f"CREATE TRIGGER releases_ad AFTER DELETE ON releases BEGIN {delete}; END")
    # Only edits of what is indexed touch the index, not every last_seen bump.
    db.execute(
        f"""
        CREATE TRIGGER releases_au AFTER UPDATE OF title, body, parties, topics ON releases
        WHEN old.title IS NOT new.title OR old.body IS NOT new.body
            OR old.parties IS NOT new.parties OR old.topics IS NOT new.topics
        BEGIN {delete}; {insert}; END
        """
    )
