"""`cyberwatch export`: JSON lines and CSV of the releases a query keeps, and the Atom feed of
the dialogue events (valid for feedparser, with Atom's required elements and the citations),
on the sample research archive."""

import csv
import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from config import AnalysisSettings
from flows.cli import app
from flows.core.records import import_records, read_records
from flows.devtools.sample import build
from scrapers.analysis import Rules
from storage import Store

CITATION = {"title", "publisher", "published", "url", "content_hash", "first_seen"}
LATE_REPORT = {
    "url": "https://www.gov.uk/government/news/uk-korea-cyber-dialogue-readout",
    "source": "govuk-ncsc",
    "published": "2024-11-20",
    "title": "Readout of the 4th Republic of Korea-UK Cyber Dialogue",
    "text": "The 4th Republic of Korea-UK Cyber Dialogue was held in London on 6 November 2024."
    " The NCSC joined the delegations to discuss ransomware.",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("sample") / "archive.db")


def export(archive: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(archive), "export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_jsonl_has_a_citable_record_per_release_copies_folded(archive: Path) -> None:
    records = [json.loads(line) for line in export(archive).splitlines()]
    assert len(records) == 9  # ten releases, the aggregator's copy folded under its original
    assert all(set(r) >= CITATION and r["content_hash"] and r["first_seen"] for r in records)
    with_copy = [r for r in records if r["also_published"]]
    assert [c["source"] for c in with_copy[0]["also_published"]] == ["wired-gov"]
    assert len(export(archive, "--all-copies").splitlines()) == 10


def test_jsonl_takes_the_search_filters_and_a_query(archive: Path) -> None:
    records = [json.loads(line) for line in export(archive, "--party", "JP").splitlines()]
    assert len(records) == 4 and all("JP" in r["parties"] for r in records)
    queried = export(archive, "--query", "Pall Mall", "--source", "us-state-press-releases")
    assert [json.loads(line)["id"] for line in queried.splitlines()] == [5]


def test_csv_export(archive: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(archive, "--format", "csv", "--kind", "other"))))
    assert [r["title"] for r in rows] == ["NCSC Annual Review 2024"]
    assert rows[0]["publisher"] == "GOV.UK: National Cyber Security Centre"


def test_export_to_a_file(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    assert export(archive, "--output", str(target)) == ""
    assert len(target.read_text().splitlines()) == 9


def test_atom_is_a_valid_feed_of_the_events(archive: Path) -> None:
    parsed = feedparser.parse(export(archive, "--format", "atom"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id and parsed.feed.title and parsed.feed.updated
    assert len(parsed.entries) == 7  # one per event
    for entry in parsed.entries:
        assert entry.id.startswith("urn:cyberwatch:event:")
        assert entry.title and entry.updated and entry.author and entry.link
        assert "SHA-256" in entry.content[0].value and "first seen" in entry.content[0].value
    assert len({entry.id for entry in parsed.entries}) == 7


def test_atom_filters_keep_the_events_of_the_kept_releases(archive: Path) -> None:
    parsed = feedparser.parse(export(archive, "--format", "atom", "--party", "AU"))
    assert [e.title for e in parsed.entries] == [
        "Australia-Japan cyber dialogue, round 2, 2019-02-07",
        "Australia-Japan cyber dialogue, round 1, 2017-03-09",
    ]


def test_a_new_report_updates_its_event_entry(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "archive.db"
    shutil.copy(archive, copy)
    before = {e.id: e.updated for e in feedparser.parse(export(copy, "-f", "atom")).entries}
    later = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    with Store.open(copy) as store:
        lines = [json.dumps(LATE_REPORT)]
        rules = Rules.compile(AnalysisSettings())
        assert import_records(read_records(lines), store, rules=rules, now=later).new == 1
    after = feedparser.parse(export(copy, "-f", "atom"))
    entry = next(e for e in after.entries if LATE_REPORT["url"] in [x.href for x in e.links])
    assert before[entry.id] != entry.updated
    assert entry.updated == later.isoformat()
    assert after.feed.updated == later.isoformat()
    assert len(after.entries) == len(before)  # the same event, not a new entry
