"""store_item: a release judged before it is saved (a run's workers, an import) is filed exactly
as one judged while it is saved, with its analysis written by the INSERT, not an UPDATE after."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from config import Settings
from flows.core.ingest import store_item
from flows.core.judging import judge
from scrapers import Item
from scrapers.analysis import Rules
from storage import Filters, Store
from storage.facet_words import facet_terms
from storage.filing import ANALYSIS_COLUMNS

NOW = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
ITEM = Item(
    source="example",
    url="https://www.example.gov/news/uk-japan-cyber-dialogue",
    title="UK and Japan hold cyber dialogue in Tokyo",
    body=(
        "The United Kingdom and Japan held the 9th UK-Japan Cyber Dialogue in Tokyo on "
        "19 November 2024. Officials discussed cyber security, international law in "
        "cyberspace and capacity building."
    ),
    published=datetime(2024, 11, 19, 8, 0, tzinfo=UTC),
)


def stored(*, judged_first: bool) -> tuple[dict[str, Any], list[str], list[str]]:
    """The release's analysis columns, its date facets and the releases indexed with Japan's
    facet word after ``store_item`` in a new archive, and the statements that wrote to
    ``releases``."""
    db = Database(memory=True)
    rules = Rules.compile(Settings().analysis)
    judged = judge(ITEM, rules=rules) if judged_first else None
    statements: list[str] = []
    with Store(db) as store:
        db.conn.set_trace_callback(statements.append)
        saved = store_item(store, ITEM, rules=rules, now=NOW, judged=judged)
        db.conn.set_trace_callback(None)
        columns = ", ".join(ANALYSIS_COLUMNS)
        row = db.execute(f"SELECT {columns} FROM releases WHERE id = ?", [saved.id]).fetchone()
        facets = [f for (f,) in db.execute("SELECT facet FROM release_facets ORDER BY facet")]
        japan = facet_terms(Filters(parties=("JP",)))
        facets += [f"JP: {i}" for (i,) in db.execute("SELECT rowid FROM releases_fts(?)", [japan])]
    writes = [s.strip() for s in statements if re.match(r"\s*(INSERT INTO|UPDATE) releases\b", s)]
    return dict(zip(ANALYSIS_COLUMNS, row, strict=True)), facets, writes


def test_a_release_judged_first_is_inserted_with_the_analysis_it_would_have_been_filed_with() -> (
    None
):
    columns, facets, writes = stored(judged_first=True)
    filed_after, facets_after, writes_after = stored(judged_first=False)

    assert columns == filed_after
    assert columns["kind"] is not None and "JP" in columns["parties"]
    assert facets == facets_after and "JP: 1" in facets
    # the row is inserted with its analysis, and no UPDATE of its analysis' columns follows
    assert all("kind" in w for w in writes if w.startswith("INSERT"))
    assert not [w for w in writes if w.startswith("UPDATE") and "kind =" in w]
    assert [w for w in writes_after if w.startswith("UPDATE") and "kind =" in w]  # the other way
