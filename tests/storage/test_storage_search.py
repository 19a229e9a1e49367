from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scrapers.model import Item
from storage import Store

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
FILLER = " ".join(f"word{n}" for n in range(40))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "archive.db") as store:
        yield store


def _save(
    store: Store,
    slug: str,
    title: str,
    body: str,
    *,
    guid: str | None = None,
    published: datetime | None = None,
) -> int:
    url = f"https://gov.example/{slug}"
    item = Item(source="s", url=url, title=title, body=body, guid=guid, published=published)
    return store.save(item, now=NOW).id


def test_search_finds_by_title_and_by_body(store: Store) -> None:
    titled = _save(store, "a", "Estonia cyber consultations", "Officials met in Tallinn.")
    bodied = _save(store, "b", "Press release", "The ministers discussed Estonia at length.")
    _save(store, "c", "Budget", "Nothing relevant here.")

    assert {hit.id for hit in store.search("Estonia")} == {titled, bodied}
    assert [hit.id for hit in store.search("Tallinn")] == [titled]
    assert store.search("absent") == []


def test_a_title_match_ranks_above_a_body_only_match(store: Store) -> None:
    body_only = _save(store, "a", "Press release", "Talks on cyber norms. " + FILLER)
    in_title = _save(store, "b", "Cyber norms talks", FILLER + " Officials met.")

    hits = store.search("cyber norms")
    assert [hit.id for hit in hits] == [in_title, body_only]
    assert hits[0].rank < hits[1].rank


def test_a_hit_carries_the_release_and_a_marked_snippet(store: Store) -> None:
    _save(
        store,
        "a",
        "Canada-Korea cyber dialogue",
        FILLER + " Canada and Korea held a dialogue on cyber threats. " + FILLER,
        guid="g",
        published=datetime(2025, 4, 1, tzinfo=UTC),
    )

    (hit,) = store.search("threats")
    assert (hit.id, hit.title, hit.url, hit.source) == (
        1,
        "Canada-Korea cyber dialogue",
        "https://gov.example/a",
        "s",
    )
    assert hit.published == datetime(2025, 4, 1, tzinfo=UTC)
    assert "[threats]" in hit.marked()
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet.split()) <= 16


def test_search_folds_diacritics(store: Store) -> None:
    _save(store, "a", "Dialogue franco-allemand", "Cybersécurité et coopération.")
    assert [hit.id for hit in store.search("cybersecurite")] == [1]


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "(", ")", "*", "AND", "OR NOT", "NEAR(", "title:", "U.S.-Japan", "-"]
)
def test_any_user_text_is_a_safe_query(store: Store, query: str) -> None:
    _save(store, "a", "U.S.-Japan Cyber Dialogue", "AND then OR the NOT NEAR title.")
    assert isinstance(store.search(query), list)


def test_punctuated_names_and_operator_words_match_as_words(store: Store) -> None:
    _save(store, "a", "U.S.-Japan Cyber Dialogue", "Statement AND annex.")
    _save(store, "b", "Japan budget", "Nothing else.")

    assert [hit.id for hit in store.search("U.S.-Japan")] == [1]
    assert [hit.id for hit in store.search("AND")] == [1]
    assert store.search("") == []


def test_limit_caps_the_hits(store: Store) -> None:
    for n in range(5):
        _save(store, f"p{n}", f"Cyber talks {n}", "Text.")
    assert len(store.search("cyber", limit=3)) == 3


def test_the_index_follows_edits(store: Store) -> None:
    _save(store, "a", "Cyber dialogue", "The delegations met in Geneva.", guid="g")
    edited = Item(
        source="s",
        url="https://gov.example/a",
        title="Cyber consultations",
        guid="g",
        body="The delegations met in Vienna.",
    )
    assert store.save(edited, now=NOW).outcome == "updated"

    assert store.search("Geneva") == []
    assert store.search("dialogue") == []
    assert [hit.id for hit in store.search("Vienna")] == [1]
    assert [hit.id for hit in store.search("consultations")] == [1]
    store.touch(1, now=NOW)
    assert [hit.id for hit in store.search("Vienna")] == [1]
