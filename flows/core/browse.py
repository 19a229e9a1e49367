"""What ``cyberwatch browse`` gives Datasette: the archive's metadata, with full-text search,
facets on parties, topics, source and year, and canned queries for the common questions.

Every canned query only reads; Datasette opens the archive read-only (``?mode=ro``), so browsing
never writes to it and, the archive being in WAL mode, never blocks a running poll.
"""

from __future__ import annotations

from typing import Any

_LEAD_RELEASE = """
    (SELECT r.{column} FROM event_releases AS er JOIN releases AS r ON r.id = er.release_id
     WHERE er.event_id = e.id ORDER BY r.official DESC, er.role = 'original' DESC, r.id LIMIT 1)
"""

PAIR_ROUNDS = f"""
SELECT coalesce(e.held_on, e.dated) AS day, e.round, e.parties, e.location,
       {_LEAD_RELEASE.format(column="title")} AS release,
       {_LEAD_RELEASE.format(column="url")} AS url
FROM events AS e
WHERE ('-' || e.parties || '-') LIKE ('%-' || upper(:party_a) || '-%')
  AND ('-' || e.parties || '-') LIKE ('%-' || upper(:party_b) || '-%')
ORDER BY day, e.round
"""

LATEST_EVENTS = f"""
SELECT coalesce(e.held_on, e.dated) AS day, e.parties, e.round, e.location,
       (SELECT count(*) FROM event_releases WHERE event_id = e.id) AS releases,
       {_LEAD_RELEASE.format(column="title")} AS release,
       {_LEAD_RELEASE.format(column="url")} AS url
FROM events AS e
ORDER BY day DESC, e.id DESC
LIMIT 50
"""

DIALOGUES_BY_YEAR = """
SELECT substr(coalesce(held_on, dated), 1, 4) AS year, count(*) AS events,
       count(DISTINCT parties) AS pairs, group_concat(DISTINCT parties) AS which
FROM events
GROUP BY year
ORDER BY year DESC
"""


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for the archive served as ``database`` (the file's stem)."""
    return {
        "title": "cyberwatch archive",
        "description": "Official cyber-diplomacy releases, their facts and the meetings found.",
        "databases": {
            database: {
                "tables": {
                    "releases": {
                        "fts_table": "releases_fts",
                        "fts_pk": "id",
                        "sort_desc": "published",
                        "label_column": "title",
                        "facets": [{"array": "parties"}, {"array": "topics"}, "source", "year"],
                    },
                    "events": {"sort_desc": "held_on", "facets": ["parties"]},
                },
                "queries": {
                    "pair_rounds": {
                        "title": "All rounds of one pair",
                        "description": "Party codes, e.g. KR and GB (or a group: JP, US).",
                        "sql": PAIR_ROUNDS,
                    },
                    "latest_events": {"title": "The latest events", "sql": LATEST_EVENTS},
                    "dialogues_by_year": {"title": "Dialogues by year", "sql": DIALOGUES_BY_YEAR},
                },
            }
        },
    }
