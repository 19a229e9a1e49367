from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from scrapers.analysis import Verdict
from scrapers.model import Item
from storage import KnownRelease, ReleaseNotFound, SaveResult, Store, content_hash, listing_hash

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
T2 = T0 + timedelta(hours=2)

ITEM = Item(
    source="govuk-fcdo",
    url="https://www.gov.uk/government/news/uk-japan-cyber-dialogue",
    title="UK-Japan Cyber Dialogue",
    guid="guid-1",
    published=datetime(2025, 4, 30, 12, 0, tzinfo=UTC),
    summary="The UK and Japan met.",
    body="The UK and Japan held their eighth Cyber Dialogue in Tokyo.",
)
VERDICT = Verdict(relevant=True, score=2.0, reasons=("cyber ~ dialogue",))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path) as store:
        yield store


def _versions(path: Path) -> list[dict[str, object]]:
    with Database(path) as db:
        return list(db.query("SELECT release_id, replaced_at, title, body FROM release_versions"))


def test_a_new_item_is_stored_with_everything_it_says(store: Store) -> None:
    result = store.save(ITEM, verdict=VERDICT, now=T0)

    assert result == SaveResult(id=1, outcome="new")
    release = store.release(1)
    assert release.source == "govuk-fcdo"
    assert release.url == ITEM.url
    assert release.canonical_url == ITEM.url
    assert release.guid == "guid-1"
    assert release.title == "UK-Japan Cyber Dialogue"
    assert release.summary == "The UK and Japan met."
    assert release.body == ITEM.body
    assert release.published == datetime(2025, 4, 30, 12, 0, tzinfo=UTC)
    assert release.content_hash == content_hash(ITEM.title, ITEM.body)
    assert (release.first_seen, release.last_seen, release.updated_at) == (T0, T0, None)
    assert (release.relevant, release.score, release.reasons) == (True, 2.0, ("cyber ~ dialogue",))
    assert store.count_releases() == 1


def test_the_same_item_again_is_unchanged_and_only_seen_again(store: Store, path: Path) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)

    assert store.save(ITEM, verdict=VERDICT, now=T1) == SaveResult(id=1, outcome="unchanged")
    release = store.release(1)
    assert (release.first_seen, release.last_seen, release.updated_at) == (T0, T1, None)
    assert _versions(path) == []


def test_an_edited_body_updates_in_place_and_keeps_the_old_text(store: Store, path: Path) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    edited = Item(
        source=ITEM.source,
        url=ITEM.url,
        title=ITEM.title,
        guid=ITEM.guid,
        body="The UK and Japan held their ninth Cyber Dialogue in London.",
    )

    assert store.save(edited, now=T1) == SaveResult(id=1, outcome="updated")
    release = store.release(1)
    assert release.body == "The UK and Japan held their ninth Cyber Dialogue in London."
    assert (release.first_seen, release.last_seen, release.updated_at) == (T0, T1, T1)
    assert release.content_hash == content_hash(edited.title, edited.body)
    assert release.summary == "The UK and Japan met."  # an empty summary does not erase it
    assert release.published == ITEM.published
    assert _versions(path) == [
        {
            "release_id": 1,
            "replaced_at": T1.isoformat(timespec="microseconds"),
            "title": ITEM.title,
            "body": ITEM.body,
        },
    ]
    assert store.count_releases() == 1


def test_a_case_or_whitespace_change_is_not_an_edit(store: Store) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    reflowed = Item(
        source=ITEM.source,
        url=ITEM.url,
        title="UK-JAPAN  cyber dialogue",
        guid=ITEM.guid,
        body="The UK and Japan held their\neighth Cyber Dialogue in Tokyo.",
    )
    assert store.save(reflowed, now=T1).outcome == "unchanged"


def test_an_empty_body_does_not_wipe_the_stored_one(store: Store, path: Path) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    listed_only = Item(source=ITEM.source, url=ITEM.url, title=ITEM.title, guid=ITEM.guid)

    assert store.save(listed_only, now=T1) == SaveResult(id=1, outcome="unchanged")
    assert store.release(1).body == ITEM.body

    retitled = Item(source=ITEM.source, url=ITEM.url, title="UK-Japan Cyber Dialogue 2025")
    assert store.save(retitled, now=T2) == SaveResult(id=1, outcome="updated")
    release = store.release(1)
    assert (release.title, release.body) == ("UK-Japan Cyber Dialogue 2025", ITEM.body)
    assert (release.relevant, release.reasons) == (True, ("cyber ~ dialogue",))
    assert [v["body"] for v in _versions(path)] == [ITEM.body]


def test_same_guid_at_a_new_url_is_the_same_release_and_follows_it(store: Store) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    moved = Item(
        source=ITEM.source,
        url="https://www.gov.uk/news/uk-japan-cyber-dialogue-2025",
        title=ITEM.title,
        guid=ITEM.guid,
        body=ITEM.body,
    )

    assert store.save(moved, now=T1) == SaveResult(id=1, outcome="unchanged")
    release = store.release(1)
    assert release.url == "https://www.gov.uk/news/uk-japan-cyber-dialogue-2025"
    assert release.canonical_url == "https://www.gov.uk/news/uk-japan-cyber-dialogue-2025"
    assert store.count_releases() == 1


def test_a_guid_moving_onto_another_releases_url_leaves_that_url_alone(store: Store) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    other = Item(source=ITEM.source, url="https://www.gov.uk/news/other", title="Other", guid="g2")
    store.save(other, now=T0)
    clash = Item(
        source=ITEM.source,
        url="https://www.gov.uk/news/other",
        title=ITEM.title,
        guid=ITEM.guid,
        body=ITEM.body,
    )

    assert store.save(clash, now=T1) == SaveResult(id=1, outcome="unchanged")
    assert store.release(1).url == ITEM.url
    assert store.release(2).url == "https://www.gov.uk/news/other"


def test_same_canonical_url_with_other_guid_and_tracking_is_the_same_release(
    store: Store,
) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    variant = Item(
        source="govuk-search",
        url="http://www.gov.uk/government/news/uk-japan-cyber-dialogue?utm_source=feed#top",
        title=ITEM.title,
        guid="another-guid",
        body=ITEM.body,
    )

    assert store.save(variant, now=T1) == SaveResult(id=1, outcome="unchanged")
    assert store.count_releases() == 1
    assert store.lookup(variant) == KnownRelease(id=1, listing_hash=listing_hash(variant))


def test_lookup_finds_by_guid_or_url_and_returns_the_listing_hash(store: Store) -> None:
    assert store.lookup(ITEM) is None
    store.save(ITEM, verdict=VERDICT, now=T0)

    assert store.lookup(ITEM) == KnownRelease(id=1, listing_hash=listing_hash(ITEM))
    by_guid = Item(source=ITEM.source, url="https://elsewhere.example/x", title="?", guid="guid-1")
    assert store.lookup(by_guid) == KnownRelease(id=1, listing_hash=listing_hash(ITEM))
    no_guid = Item(source="other", url=ITEM.url + "?utm_medium=email", title="?")
    assert store.lookup(no_guid) == KnownRelease(id=1, listing_hash=listing_hash(ITEM))
    other_source_guid = Item(
        source="other", url="https://elsewhere.example/x", title="?", guid="guid-1"
    )
    assert store.lookup(other_source_guid) is None


def test_touch_moves_last_seen_only(store: Store) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    store.touch(1, now=T2)

    release = store.release(1)
    assert (release.first_seen, release.last_seen, release.updated_at) == (T0, T2, None)
    with pytest.raises(ReleaseNotFound, match="no release with id 99"):
        store.touch(99, now=T2)


def test_an_unknown_release_is_not_found(store: Store, path: Path) -> None:
    with pytest.raises(ReleaseNotFound) as caught:
        store.release(7)
    assert caught.value.release_id == 7
    assert str(caught.value) == f"{path}: no release with id 7"


def test_recent_lists_what_was_first_seen_since_oldest_first(store: Store) -> None:
    store.save(ITEM, verdict=VERDICT, now=T0)
    store.save(Item(source="s", url="https://a.example/1", title="Budget news"), now=T2)
    store.save(
        Item(source="s", url="https://a.example/2", title="Cyber talks"),
        verdict=Verdict(relevant=True),
        now=T1,
    )
    store.save(ITEM, verdict=VERDICT, now=T2)  # seen again: not new

    assert [r.title for r in store.recent(since=T1)] == ["Cyber talks", "Budget news"]
    assert [r.title for r in store.recent(since=T1, relevant_only=True)] == ["Cyber talks"]
    assert [r.id for r in store.recent(since=T0)] == [1, 3, 2]
    assert store.recent(since=T2 + timedelta(microseconds=1)) == []
