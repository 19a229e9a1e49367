"""The archive's schema, as numbered migrations applied in order and recorded in the file.

Add a change as a new ``_mNNN_*`` function registered in ``steps()``; never edit one that has
shipped. Tables:

    releases          one row per release, edited in place; canonical_url and (source, guid) unique;
                      ``year`` computed from its dates
    release_versions  the previous title and body of a release, kept each time it is edited
    releases_fts      FTS5 index of releases(title, body) and of their parties and topics as
                      facet words (through the view ``releases_indexed``), kept in step by
                      triggers; a search walks its matches through the covering index
                      ``releases_search``
    release_facets    (facet, release) for the year and dialogue year of a release, kept in step
                      by triggers: a selective date filter's releases by one index range
    sources           polling state per source: validators, last success/error, failure streak,
                      next check
    fetch_log         one row per HTTP request, for diagnosing a source
    backfill_state    progress of each backfill walk (source, since, until): pages done, next URL
    release_bands     LSH band keys of each release's MinHash signature, to find copies: one
                      B-tree of (band, release) integers; ``release_bands_recent`` holds the
                      latest releases' until they are merged into it (``storage.copies``)
    events            the meetings releases report: parties, round, date held, place
    event_releases    which releases report which event, as original, copy or report
    digests           the outbox: each digest's fixed content per channel, pending until sent
    deliveries        what each channel was given (events, their links, other releases), once
    channel_cursor    when each channel's last sent digest was composed
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from storage.copies import band_key
from storage.facet_words import index_facet_words
from storage.facets import create_facets, keep_years_only

if TYPE_CHECKING:  # sqlite-utils applies the steps; an archive already up to date needs none
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "cyberwatch"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records the steps applied
Step = Callable[["Database"], None]

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


class Registry(Protocol):
    """What ``steps`` registers the migrations on: sqlite-utils' ``Migrations``, or ``_Names``."""

    def __call__(self, *, name: str) -> Callable[[Step], Step]: ...


R = TypeVar("R", bound=Registry)


def migrations() -> Migrations:
    """The archive's migration set, in order (imports sqlite-utils)."""
    from sqlite_utils import Migrations

    return steps(Migrations(MIGRATION_SET))


def step_names() -> tuple[str, ...]:
    """The name of every migration, in order, without sqlite-utils: enough to tell that an
    archive is up to date (``storage.store``)."""
    return tuple(steps(_Names()).names)


class _Names:
    """A registry that only records the names."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, *, name: str) -> Callable[[Step], Step]:
        self.names.append(name)
        return lambda step: step


def steps(migrations: R) -> R:
    """Register every migration on ``migrations``, in the order they are applied."""
    migrations(name="001_initial")(_m001_initial)
    migrations(name="002_source_health")(_m002_source_health)
    migrations(name="004_original_url")(_m004_original_url)
    migrations(name="003_analysis")(_m003_analysis)
    migrations(name="006_schedule")(_m006_schedule)
    migrations(name="005_outbox")(_m005_outbox)
    migrations(name="007_release_year")(_m007_release_year)
    migrations(name="008_source_check")(_m008_source_check)
    migrations(name="009_compact_bands")(_m009_compact_bands)
    migrations(name="010_source_published")(_m010_source_published)
    migrations(name="011_search_covering")(_m011_search_covering)
    migrations(name="012_no_content_hash_index")(_m012_no_content_hash_index)
    migrations(name="013_release_facets")(create_facets)
    migrations(name="014_recent_bands")(_m014_recent_bands)
    migrations(name="015_facet_words")(_m015_facet_words)
    migrations(name="016_event_day")(_m016_event_day)
    return migrations


def _m001_initial(db: Database) -> None:
    for statement in _INITIAL:
        db.execute(statement)


_SOURCE_HEALTH = (
    # Layout drift: polls in a row that answered but gave no items or unmatched selectors.
    "ALTER TABLE sources ADD COLUMN empty_polls INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE sources ADD COLUMN drift_since TEXT",  # first poll of the current streak
    "ALTER TABLE sources ADD COLUMN drift_reason TEXT",
    # How a release came in: 'poll', 'backfill' or 'import'; the first arrival decides.
    "ALTER TABLE releases ADD COLUMN origin TEXT NOT NULL DEFAULT 'poll'",
    """
    CREATE TABLE backfill_state (
        source TEXT NOT NULL,
        since TEXT NOT NULL,
        until TEXT NOT NULL DEFAULT '',
        until_used TEXT NOT NULL,
        pages_done INTEGER NOT NULL DEFAULT 0,
        next_url TEXT,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        PRIMARY KEY (source, since, until)
    )
    """,
)


def _m002_source_health(db: Database) -> None:
    for statement in _SOURCE_HEALTH:
        db.execute(statement)


def _m004_original_url(db: Database) -> None:
    """An aggregator's copy links back to the release it copies (NULL for originals)."""
    db.execute("ALTER TABLE releases ADD COLUMN original_url TEXT")


_ANALYSIS = (
    # What the analysis found (scrapers.analysis); NULL kind: not analysed yet.
    "ALTER TABLE releases ADD COLUMN kind TEXT",
    "ALTER TABLE releases ADD COLUMN parties TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE releases ADD COLUMN round INTEGER",
    "ALTER TABLE releases ADD COLUMN held_on TEXT",
    "ALTER TABLE releases ADD COLUMN location TEXT",
    "ALTER TABLE releases ADD COLUMN virtual INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE releases ADD COLUMN chairs TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE releases ADD COLUMN agencies TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE releases ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE releases ADD COLUMN official INTEGER NOT NULL DEFAULT 0",
    # Copies: the normalised text's hash, the MinHash signature, and the original copied.
    "ALTER TABLE releases ADD COLUMN normalized_hash TEXT",
    "ALTER TABLE releases ADD COLUMN signature BLOB",
    "ALTER TABLE releases ADD COLUMN copy_of INTEGER REFERENCES releases (id)",
    "CREATE INDEX releases_normalized_hash ON releases (normalized_hash)",
    "CREATE INDEX releases_copy_of ON releases (copy_of) WHERE copy_of IS NOT NULL",
    # LSH bands of each release's signature: finding candidate copies is an index probe.
    """
    CREATE TABLE release_bands (
        band TEXT NOT NULL,
        release_id INTEGER NOT NULL REFERENCES releases (id)
    )
    """,
    "CREATE INDEX release_bands_band ON release_bands (band)",
    "CREATE INDEX release_bands_release ON release_bands (release_id)",
    # Events: the meetings, and the releases reporting each.
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        key TEXT UNIQUE NOT NULL,
        parties TEXT NOT NULL,
        round INTEGER,
        held_on TEXT,
        location TEXT,
        dated TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX events_parties_held_on ON events (parties, held_on)",
    "CREATE INDEX events_parties_round ON events (parties, round)",
    "CREATE INDEX events_parties_dated ON events (parties, dated)",
    """
    CREATE TABLE event_releases (
        event_id INTEGER NOT NULL REFERENCES events (id),
        release_id INTEGER NOT NULL UNIQUE REFERENCES releases (id),
        role TEXT NOT NULL
    )
    """,
    "CREATE INDEX event_releases_event ON event_releases (event_id)",
)


def _m003_analysis(db: Database) -> None:
    """The analysis of each release, its copies (hashes, LSH bands) and its event."""
    for statement in _ANALYSIS:
        db.execute(statement)


def _m006_schedule(db: Database) -> None:
    """When each source is checked next (NULL: due now), from scrapers/schedule.py's rules."""
    db.execute("ALTER TABLE sources ADD COLUMN next_check TEXT")


_OUTBOX = (
    # A digest's content is fixed here before the first attempt to send it (payload: JSON of
    # the subject, text, HTML and the email message or Slack messages); at most one pending
    # digest per channel, re-sent until the channel accepts it.
    """
    CREATE TABLE digests (
        key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        since TEXT NOT NULL,
        events INTEGER NOT NULL DEFAULT 0,
        releases INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT,
        last_error TEXT,
        claimed_until TEXT,
        slack_progress INTEGER NOT NULL DEFAULT 0,
        sent_at TEXT
    )
    """,
    "CREATE UNIQUE INDEX digests_one_pending ON digests (channel) WHERE status = 'pending'",
    # Each item once per channel: an event, a release shown as one of its links, or another
    # cyber release; delivered_at stays NULL until the channel accepted the digest.
    """
    CREATE TABLE deliveries (
        channel TEXT NOT NULL,
        item_kind TEXT NOT NULL CHECK (item_kind IN ('event', 'link', 'release')),
        item_id INTEGER NOT NULL,
        digest_key TEXT NOT NULL REFERENCES digests (key),
        delivered_at TEXT,
        UNIQUE (channel, item_kind, item_id)
    )
    """,
    "CREATE INDEX deliveries_digest ON deliveries (digest_key)",
    "CREATE TABLE channel_cursor (channel TEXT PRIMARY KEY, last_digest_at TEXT NOT NULL)",
)


def _m005_outbox(db: Database) -> None:
    """The digest outbox: digests, deliveries and each channel's cursor."""
    for statement in _OUTBOX:
        db.execute(statement)


def _m007_release_year(db: Database) -> None:
    """The year of each release (published, else first seen), computed, never stored: what
    ``cyberwatch browse`` facets the archive on."""
    db.execute(
        "ALTER TABLE releases ADD COLUMN year INTEGER GENERATED ALWAYS AS "
        "(CAST(substr(coalesce(published, first_seen), 1, 4) AS INTEGER)) VIRTUAL"
    )


def _m008_source_check(db: Database) -> None:
    """What the latest ``sources check`` found wrong with each source (NULL: nothing), and
    when it ran: ``serve`` checks every enabled source once a day."""
    db.execute("ALTER TABLE sources ADD COLUMN checked_at TEXT")
    db.execute("ALTER TABLE sources ADD COLUMN check_problem TEXT")


def _m009_compact_bands(db: Database) -> None:
    """LSH bands as integer keys in one B-tree clustered on (band, release): about a quarter of
    the text keys, their rowids and their two indexes (``storage.copies.band_key``)."""
    db.conn.create_function("band_key", 1, band_key, deterministic=True)
    db.execute("ALTER TABLE release_bands RENAME TO release_bands_text")
    db.execute(
        """
        CREATE TABLE release_bands (
            band INTEGER NOT NULL,
            release_id INTEGER NOT NULL REFERENCES releases (id),
            PRIMARY KEY (band, release_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT OR IGNORE INTO release_bands (band, release_id) "
        "SELECT band_key(band), release_id FROM release_bands_text"
    )
    db.execute("DROP TABLE release_bands_text")


def _m010_source_published(db: Database) -> None:
    """Each source's newest releases by one index seek: a poll reads them for every source it
    checks (``Store.publication_dates``, the publishing rhythm), where the index on
    ``published`` alone walked every newer release of every other source."""
    db.execute("CREATE INDEX releases_source_published ON releases (source, published)")


def _m011_search_covering(db: Database) -> None:
    """What a search reads of each match (its copy link, its dates) and filters it on (kind,
    source, parties, topics), by id, in an index: walking matches reads these small entries
    instead of each release's whole row, text included (about 2.5 times less time a match;
    ``storage.search``)."""
    db.execute(
        "CREATE INDEX releases_search ON releases "
        "(id, copy_of, published, first_seen, kind, source, parties, topics)"
    )


def _m012_no_content_hash_index(db: Database) -> None:
    """No index on ``content_hash``: no query looks a release up by it (an edit is found by
    comparing the stored row's hash), and each saved release paid a random insert into it
    (about 90 bytes a release)."""
    db.execute("DROP INDEX IF EXISTS releases_content_hash")


def _m014_recent_bands(db: Database) -> None:
    """The bands of the latest releases in a small B-tree of their own, merged into
    ``release_bands`` in key order now and then (``storage.copies.merge_recent_bands``): each
    release's random keys no longer dirty 32 leaves of the large one."""
    db.execute(
        """
        CREATE TABLE release_bands_recent (
            band INTEGER NOT NULL,
            release_id INTEGER NOT NULL REFERENCES releases (id),
            PRIMARY KEY (band, release_id)
        ) WITHOUT ROWID
        """
    )


def _m015_facet_words(db: Database) -> None:
    """The parties and topics moved from ``release_facets`` into the full-text index."""
    index_facet_words(db)
    keep_years_only(db)


def _m016_event_day(db: Database) -> None:
    """A dated release's events held on the same day of the month (a slip in the year or the
    month, ``storage.events``) by one index seek: the index on ``(parties, dated)`` walked
    every event of the parties and read each row, a cost that grew with their series (188
    microseconds a dialogue release at 100,000 releases, 17 with this index)."""
    db.execute("CREATE INDEX events_parties_day ON events (parties, substr(held_on, 9, 2))")
