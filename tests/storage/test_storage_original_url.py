"""An aggregator's copy keeps the link to the release it copies (migration 004_original_url)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapers.model import Item
from storage import Store

T0 = datetime(2024, 11, 7, 12, 0, tzinfo=UTC)
ORIGINAL = "https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
COPY = Item(
    source="pubt-io",
    url="https://pubt.io/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA",
    title="The 4th Republic of Korea-UK Cyber Dialogue",
    published=datetime(2024, 11, 7, tzinfo=UTC),
    body="The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London.",
    original_url=ORIGINAL,
)


def test_original_url_round_trips_and_is_kept(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        saved = store.save(COPY, now=T0)
        assert store.release(saved.id).original_url == ORIGINAL
        # listed again without the article read: the link stays
        again = Item(source=COPY.source, url=COPY.url, title=COPY.title, body=COPY.body)
        assert store.save(again, now=T0 + timedelta(hours=1)).outcome == "unchanged"
        assert store.release(saved.id).original_url == ORIGINAL
        # edited, and the copy now points elsewhere
        moved = Item(
            source=COPY.source,
            url=COPY.url,
            title=COPY.title,
            body=COPY.body + " Updated.",
            original_url=ORIGINAL + "-updated",
        )
        assert store.save(moved, now=T0 + timedelta(hours=2)).outcome == "updated"
        assert store.release(saved.id).original_url == ORIGINAL + "-updated"


def test_an_original_has_none(tmp_path: Path) -> None:
    with Store.open(tmp_path / "archive.db") as store:
        saved = store.save(Item(source="govuk-fcdo", url=ORIGINAL, title="t", body="b"), now=T0)
        assert store.release(saved.id).original_url is None
