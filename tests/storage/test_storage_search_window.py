"""A page of search results is ranked among the newest matches only (``storage.search.WINDOW``):
the same page as ranking every match when the matches fit in the window, and the best of the
newest ones, copies still folded under a matching original, when they do not."""

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import storage.search
from scrapers.model import Item
from storage import Filters, Store
from storage.query import Sort
from storage.window import Candidate, ordered, page_of

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
WORDS = ["cyber", "dialogue", "ransomware", "capacity", "building", "Tallinn", "norms", "talks"]
FILLER = [f"word{n}" for n in range(30)]
PARTIES = ["KR", "GB", "JP", "US", "DE"]
TOPICS = ["ransomware", "deterrence", "norms"]
RELEASES = 400

QUERIES = ["cyber", "cyber dialogue", "ransomware", "Tallinn", '"capacity building"', "norm*"]
FILTERS = [
    Filters(),
    Filters(parties=("KR",)),
    Filters(parties=("KR", "GB")),
    Filters(topics=("ransomware",)),
    Filters(kind="dialogue", since=date(2021, 1, 1), until=date(2022, 12, 31)),
    Filters(kind="other"),
    Filters(sources=("s1",)),
    Filters(all_copies=True),
    # narrowed by their facets first (storage.facets): intersected, open-ended dates, nothing
    Filters(parties=("KR", "GB"), topics=("norms",)),
    Filters(since=date(2022, 1, 1)),
    Filters(kind="dialogue", until=date(2020, 6, 30)),
    Filters(kind="dialogue"),
    Filters(parties=("ZZ",)),
]
SORTS: list[Sort] = ["rank", "date"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 releases of varied text and facts; about one in six a copy of another, mostly of an
    older release; a third dated by when they were first seen only."""
    path = tmp_path_factory.mktemp("window") / "archive.db"
    pick = random.Random(11)
    with Store.open(path) as store:
        for n in range(1, RELEASES + 1):
            title = " ".join(pick.choices(WORDS, k=3))
            body = " ".join(pick.choices(WORDS + FILLER * 3, k=pick.randint(20, 80)))
            published = None
            if n % 3:
                published = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=pick.randint(0, 1500))
            item = Item(
                source=f"s{n % 3}",
                url=f"https://gov.example/{n}",
                title=title,
                body=body,
                published=published,
            )
            release_id = store.save(item, now=NOW).id
            copy_of = pick.randint(1, RELEASES) if pick.random() < 0.17 else None
            store._db.execute(
                "UPDATE releases SET kind = ?, parties = ?, topics = ?, copy_of = ? WHERE id = ?",
                [
                    pick.choice(["dialogue", "other"]),
                    _json(pick.sample(PARTIES, pick.randint(0, 3))),
                    _json(pick.sample(TOPICS, pick.randint(0, 2))),
                    copy_of if copy_of != release_id else None,
                    release_id,
                ],
            )
        store._db.conn.commit()
    return path


@pytest.fixture
def store(archive: Path) -> Iterator[Store]:
    with Store.open(archive) as store:
        yield store


def _json(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _page(store: Store, query: str, filters: Filters, sort: Sort, limit: int) -> list[int]:
    return [hit.id for hit in store.search(query, filters=filters, sort=sort, limit=limit)]


def _every(store: Store, query: str, filters: Filters, sort: Sort) -> list[int]:
    """Every hit, ranked over every match (``limit=None``: the path that ranks them all)."""
    return [hit.id for hit in store.search(query, filters=filters, sort=sort, limit=None)]


@pytest.mark.slow  # 400 releases saved, 312 searches compared
def test_a_page_is_the_one_ranking_every_match_gives_when_the_matches_fit(store: Store) -> None:
    compared = 0
    for query in QUERIES:
        for filters in FILTERS:
            for sort in SORTS:
                every = _every(store, query, filters, sort)
                assert len(every) < storage.search.WINDOW
                for limit in (3, 10):
                    assert _page(store, query, filters, sort, limit) == every[:limit], (
                        query,
                        filters,
                        sort,
                    )
                compared += bool(every)
    assert compared > 80  # most combinations find something: the comparison is not empty


@pytest.mark.slow  # as above, with a window of 25 matches
def test_with_more_matches_than_the_window_a_page_is_the_best_of_the_newest(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = 25
    monkeypatch.setattr(storage.search, "WINDOW", window)
    folded_from_below = 0
    for query in QUERIES:
        for filters in FILTERS:
            for sort in SORTS:
                matched = store.search(
                    query, filters=replace(filters, all_copies=True), sort=sort, limit=None
                )
                if len(matched) <= window:
                    continue
                ids = {hit.id for hit in matched}
                newest = set(sorted(ids, reverse=True)[:window])
                fold = not filters.all_copies
                expected = [
                    hit.id
                    for hit in matched  # in the order of a full search
                    if hit.id in newest and not (fold and hit.copy_of in ids)
                ]
                folded_from_below += sum(
                    1
                    for hit in matched
                    if fold and hit.id in newest and hit.copy_of in ids - newest
                )
                assert _page(store, query, filters, sort, 10) == expected[:10], (
                    query,
                    filters,
                    sort,
                )
    assert folded_from_below > 0  # copies of an original older than the window were tested


def test_a_broad_query_ranks_only_the_newest_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.search, "WINDOW", 3)
    with Store.open(tmp_path / "archive.db") as store:
        best = store.save(
            Item(source="s", url="https://a.example/1", title="Cyber cyber", body="cyber"),
            now=NOW,
        ).id
        for n in range(2, 6):
            item = Item(source="s", url=f"https://a.example/{n}", title="Talks", body="cyber")
            store.save(item, now=NOW)
        assert store.search("cyber", limit=None)[0].id == best  # ranked over every match
        assert [hit.id for hit in store.search("cyber", limit=2)] == [3, 4]  # of 5, 4, 3
        assert [hit.id for hit in store.search("cyber", limit=2, sort="date")] == [5, 4]


def test_a_window_of_folded_copies_is_widened_before_every_match_is_ranked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of syndicated copies of an older release: the newest matches are all copies
    folded under it, so the first window cannot fill a page; a wider one can."""
    monkeypatch.setattr(storage.search, "WINDOW", 3)
    monkeypatch.setattr(storage.search, "WIDER", 2)
    monkeypatch.setattr(storage.search, "WIDEST", 12)
    ranked_all: list[int] = []

    def every_match(*args: object) -> list[storage.search.SearchHit]:
        ranked_all.append(1)
        return find(*args)

    with Store.open(tmp_path / "archive.db") as store:
        for n in range(1, 5):  # 1-4: originals
            item = Item(source="s", url=f"https://a.example/{n}", title=f"Talks {n}", body="cyber")
            store.save(item, now=NOW)
        for n in range(5, 12):  # 5-11: copies of 1
            item = Item(source="agg", url=f"https://b.example/{n}", title="Talks", body="cyber")
            release_id = store.save(item, now=NOW).id
            store._db.execute("UPDATE releases SET copy_of = 1 WHERE id = ?", [release_id])
        store._db.conn.commit()
        find = store._find
        monkeypatch.setattr(store, "_find", every_match)
        page = [hit.id for hit in store.search("cyber", sort="date", limit=2)]
        assert not ranked_all  # a window of 6, then 12, not every match
        assert page == [4, 3]  # the newest originals; the 7 copies folded under 1
        assert [hit.id for hit in store.search("cyber", limit=4)] == [
            hit.id for hit in store.search("cyber", limit=None)
        ]  # the widest window holds every match: the full ranking's page
        monkeypatch.setattr(storage.search, "WIDEST", 6)
        assert [hit.id for hit in store.search("cyber", sort="date", limit=4)] == [4, 3, 2, 1]
        assert ranked_all  # 6 could not fill a page of 4 though older matches exist


def _c(id_: int, rank: float, day: str = "2024-01-01", copy_of: int | None = None) -> Candidate:
    return Candidate(id_, copy_of, day, rank)


def test_date_order_is_newest_day_then_best_rank_then_newest_id() -> None:
    candidates = [_c(1, -2.0, "2024-01-01"), _c(2, -1.0, "2024-02-01"), _c(3, -2.0, "2024-02-01")]
    assert [c.id for c in ordered(candidates, "date")] == [3, 2, 1]
    tied = [_c(4, -1.0), _c(5, -1.0)]
    assert [c.id for c in ordered(tied, "date")] == [5, 4]
    assert [c.id for c in ordered(tied, "rank")] == [4, 5]


def test_the_archive_is_asked_only_about_originals_older_than_a_full_window() -> None:
    asked: list[int] = []

    def matches(release_id: int) -> bool:
        asked.append(release_id)
        return release_id == 1

    three = [_c(9, -1.0, copy_of=1), _c(8, -3.0, copy_of=2), _c(7, -2.0, copy_of=8)]
    # every match in the window: 7 copies 8, which matched; 1 and 2 did not match
    page = page_of(three, window=3, sort="rank", limit=5, fold=True, matches=matches)
    assert page == [(8, -3.0), (9, -1.0)] and asked == []
    # one more match, older than the window: 2 and 1 are older than its oldest (7), so asked
    four = [*three, _c(6, -9.0)]
    page = page_of(four, window=3, sort="rank", limit=1, fold=True, matches=matches)
    assert page == [(8, -3.0)] and asked == [2]
    asked.clear()
    page = page_of(four, window=3, sort="rank", limit=2, fold=True, matches=matches)
    assert page is None and asked == [2, 1]  # 9 folded under 1: older matches fill the page
    asked.clear()
    page = page_of(four, window=3, sort="rank", limit=2, fold=False, matches=matches)
    assert page == [(8, -3.0), (7, -2.0)] and asked == []  # all copies: nothing folded
