"""Filtered search and listings over the sample research archive (flows/devtools/sample):
each filter, phrase and prefix queries, sorting, and copies folded under their original."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from flows.devtools.sample import build
from storage import Filters, Store
from storage.query import fts_match

GOVUK_KR_UK_4 = "https://www.gov.uk/government/news/kr-uk-cyber-dialogue-2024"
WIRED_COPY = "https://www.wired-gov.net/wg/news.nsf/articles/kr-uk-cyber-dialogue"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("sample") / "archive.db")


@pytest.fixture
def store(archive: Path) -> Iterator[Store]:
    with Store.open(archive) as store:
        yield store


def titles(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.title for hit in hits]


def test_a_copy_is_folded_under_its_original(store: Store) -> None:
    hits = store.search("Pall Mall")
    urls = [hit.url for hit in hits]
    assert GOVUK_KR_UK_4 in urls
    assert WIRED_COPY not in urls
    original = next(hit for hit in hits if hit.url == GOVUK_KR_UK_4)
    assert [(c.source, c.url) for c in original.copies] == [("wired-gov", WIRED_COPY)]


def test_all_copies_lists_the_copy_as_its_own_hit(store: Store) -> None:
    hits = store.search("Pall Mall", filters=Filters(all_copies=True))
    copy = next(hit for hit in hits if hit.url == WIRED_COPY)
    original = next(hit for hit in hits if hit.url == GOVUK_KR_UK_4)
    assert copy.copy_of == original.id
    assert original.copies == ()


def test_a_copy_whose_original_is_filtered_out_stays(store: Store) -> None:
    (hit,) = store.search("Pall Mall", filters=Filters(sources=("wired-gov",)))
    assert hit.url == WIRED_COPY


def test_every_party_named_took_part(store: Store) -> None:
    both = store.search("cyber", filters=Filters(parties=("KR", "GB")), limit=None)
    assert len(both) == 4
    assert all({"KR", "GB"} <= set(hit.parties) for hit in both)
    japan = store.search("cyber", filters=Filters(parties=("JP",)), limit=None)
    assert {frozenset(hit.parties) for hit in japan} == {
        frozenset({"JP", "US"}),
        frozenset({"AU", "JP"}),
    }
    assert store.search("cyber", filters=Filters(parties=("KR", "JP"))) == []


def test_topic_filter(store: Store) -> None:
    hits = store.search("dialogue", filters=Filters(topics=("deterrence",)), limit=None)
    assert titles(hits) and all("U.S.-Japan" in t for t in titles(hits))
    assert all("deterrence" in hit.topics for hit in hits)


def test_since_and_until_are_inclusive_days_of_publication(store: Store) -> None:
    hits = store.search(
        "dialogue", filters=Filters(since=date(2021, 3, 5), until=date(2022, 6, 20)), limit=None
    )
    assert sorted(h.published.date().isoformat() for h in hits if h.published) == [
        "2021-03-05",
        "2022-06-20",
    ]


def test_source_filter_takes_any_of_the_sources(store: Store) -> None:
    hits = store.search(
        "cyber", filters=Filters(sources=("australia-dfat-news", "govuk-ncsc")), limit=None
    )
    assert {hit.source for hit in hits} == {"australia-dfat-news", "govuk-ncsc"}


def test_kind_filter(store: Store) -> None:
    other = store.search("review", filters=Filters(kind="other"))
    assert titles(other) == ["NCSC Annual Review 2024"]
    assert store.search("review", filters=Filters(kind="dialogue")) == []
    dialogues = store.listing(Filters(kind="dialogue"))
    assert len(dialogues) == 8 and all(hit.kind == "dialogue" for hit in dialogues)


def test_sort_by_date_puts_the_newest_first(store: Store) -> None:
    hits = store.search("cyber dialogue", sort="date", limit=None)
    days = [hit.published for hit in hits]
    assert days == sorted(days, reverse=True)  # type: ignore[type-var]
    assert len(hits) >= 5


def test_phrase_and_prefix_queries(store: Store) -> None:
    assert store.search('"Pall Mall Process"')
    assert store.search('"Mall Pall"') == []
    prefixed = store.search("ransom*", limit=None)
    assert prefixed and len(prefixed) == len(store.search("ransomware", limit=None))
    assert store.search("ransom") == []


def test_listing_carries_what_a_citation_needs(store: Store) -> None:
    (hit,) = [h for h in store.listing() if h.url == GOVUK_KR_UK_4]
    assert hit.first_seen is not None and len(hit.content_hash) == 64
    assert hit.event_id is not None and hit.kind == "dialogue"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("cyber dialogue", '"cyber" "dialogue"'),
        ('"Pall Mall" process', '"Pall Mall" "process"'),
        ("ransom*", '"ransom"*'),
        ("*", ""),
        ('"unbalanced quote', '"unbalanced quote"'),
        ('say "a""b', '"say" "a" "b"'),
        ("U.S.-Japan AND", '"U.S.-Japan" "AND"'),
    ],
)
def test_fts_match_translates_user_text(text: str, match: str) -> None:
    assert fts_match(text) == match
