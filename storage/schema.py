"""The archive's schema, as numbered migrations applied in order and recorded in the file.

Add a change as a new ``_mNNN_*`` function registered in ``migrations()``; never edit one that
has shipped. Tables:

    releases          one row per release, edited in place; canonical_url and (source, guid) unique
    release_versions  the previous title and body of a release, kept each time it is edited
    releases_fts      FTS5 index of releases(title, body), kept in step by triggers
    sources           polling state per source: validators, last success/error, failure streak
    fetch_log         one row per HTTP request, for diagnosing a source
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "cyberwatch"

_INITIAL = (
    """
    CREATE TABLE releases (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        canonical_url TEXT UNIQUE NOT NULL,
        guid TEXT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        published TEXT,
        listing_hash TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        updated_at TEXT,
        relevant INTEGER NOT NULL DEFAULT 0,
        score REAL NOT NULL DEFAULT 0,
        reasons TEXT NOT NULL DEFAULT '[]'
    )
    """,
    "CREATE UNIQUE INDEX releases_source_guid ON releases (source, guid) WHERE guid IS NOT NULL",
    "CREATE INDEX releases_published ON releases (published)",
    "CREATE INDEX releases_first_seen ON releases (first_seen)",
    "CREATE INDEX releases_content_hash ON releases (content_hash)",
    """
    CREATE TABLE release_versions (
        id INTEGER PRIMARY KEY,
        release_id INTEGER NOT NULL REFERENCES releases (id),
        replaced_at TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        content_hash TEXT NOT NULL
    )
    """,
    "CREATE INDEX release_versions_release_id ON release_versions (release_id)",
    """
    CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        last_success TEXT,
        last_attempt TEXT,
        last_error TEXT,
        last_error_at TEXT,
        last_status INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        items_last_poll INTEGER
    )
    """,
    """
    CREATE TABLE fetch_log (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        at TEXT NOT NULL,
        status INTEGER,
        elapsed REAL NOT NULL,
        bytes INTEGER NOT NULL,
        error TEXT
    )
    """,
    "CREATE INDEX fetch_log_source_at ON fetch_log (source, at)",
    # External-content FTS5 table: the text lives once, in releases.
    """
    CREATE VIRTUAL TABLE releases_fts USING fts5 (
        title, body, content = 'releases', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER releases_ai AFTER INSERT ON releases BEGIN
        INSERT INTO releases_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER releases_ad AFTER DELETE ON releases BEGIN
        INSERT INTO releases_fts (releases_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    # Only edits of the indexed text touch the index, not every last_seen bump.
    """
    CREATE TRIGGER releases_au AFTER UPDATE OF title, body ON releases BEGIN
        INSERT INTO releases_fts (releases_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO releases_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
)


def migrations() -> Migrations:
    """The archive's migration set, in order."""
    migrations = Migrations(MIGRATION_SET)
    migrations(name="001_initial")(_m001_initial)
    return migrations


def _m001_initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)
