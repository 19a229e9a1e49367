"""What the commands print (flows/cli/output/), from values alone: no archive, no network."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

from flows.cli.output.archive import event_lines, import_json, import_line
from flows.cli.output.digest import outcome_json
from flows.cli.output.poll import report_json_lines, report_lines
from flows.cli.output.sources import backfill_json, backfill_line
from flows.core.backfill import BackfillReport
from flows.core.records import ImportReport
from flows.core.results import PollReport, SourceResult
from flows.digest.outcome import ChannelOutcome
from storage import Event, EventRelease, Release

NOW = datetime(2026, 11, 28, 9, tzinfo=UTC)
URL = "https://example.org/1"


def release(id_: int, title: str, *, relevant: bool, published: datetime | None) -> Release:
    return Release(
        id=id_,
        source="govuk-fcdo",
        url=f"https://example.org/{id_}",
        canonical_url=f"https://example.org/{id_}",
        guid=None,
        title=title,
        summary="",
        body="",
        published=published,
        content_hash="",
        first_seen=NOW,
        last_seen=NOW,
        updated_at=None,
        relevant=relevant,
        score=0.9 if relevant else 0.1,
        reasons=("says it was held",) if relevant else (),
    )


REPORT = PollReport(
    started=NOW,
    results=(
        SourceResult("govuk-fcdo", new=2, items=2, deferred=1, drift="no items matched"),
        SourceResult("mofa", error="HTTP 503 from café.example"),
    ),
    not_due=("eeas",),
    next_due=datetime(2026, 11, 28, 9, 30, tzinfo=UTC),
)
RELEASES = (
    release(1, "Other news", relevant=False, published=None),
    release(2, "Cyber Dialogue à Paris", relevant=True, published=NOW),
)


def test_the_poll_report_names_each_source_then_the_new_releases_relevant_first() -> None:
    assert list(report_lines(REPORT, RELEASES)) == [
        "1 sources not due yet (next check 09:30 UTC); `cyberwatch poll --all` polls them now.",
        "govuk-fcdo  new           2 new, 0 updated, 0 unchanged, 1 left for the next poll;"
        " LAYOUT DRIFT? no items matched",
        "mofa        FAILED        HTTP 503 from café.example",
        "\n2 new releases, 1 marked as cyber dialogues (*):",
        " * 2026-11-28  Cyber Dialogue à Paris  (govuk-fcdo)",
        "               https://example.org/2",
        "   (no date)  Other news  (govuk-fcdo)",
        "               https://example.org/1",
    ]
    assert list(report_lines(PollReport(started=NOW, results=()), ()))[-1] == "\nNothing new."


def test_poll_json_escapes_the_source_rows_but_not_the_releases_as_before() -> None:
    lines = list(report_json_lines(REPORT, RELEASES[1:]))
    assert '"error": "HTTP 503 from caf\\u00e9.example"' in lines[1]
    assert "à Paris" in lines[2]
    assert list(json.loads(lines[0])) == [
        "source", "status", "new", "updated", "unchanged", "items", "deferred", "error", "drift",
        "attempts",
    ]  # fmt: skip
    assert json.loads(lines[2])["reasons"] == ["says it was held"]


def test_an_event_is_a_line_then_its_chairs_and_releases() -> None:
    event = Event(
        id=1,
        key="GB-KR|4|2024-11-06",
        parties=("GB", "KR"),
        round=None,
        held_on=date(2024, 11, 6),
        location=None,
        first_seen=NOW,
        releases=(EventRelease(1, URL, "govuk-fcdo", "t", NOW, "original", True, None),),
        chairs=("Andrew Whittaker",),
    )
    assert list(event_lines(event)) == [
        "2024-11-06  GB-KR  round not known",
        "   chaired by Andrew Whittaker",
        "   original official govuk-fcdo  https://example.org/1",
    ]


def test_import_counts_say_how_many_lines_were_refused() -> None:
    assert import_line(ImportReport(new=2, unchanged=1)) == "2 new, 0 updated, 1 unchanged"
    refused = ImportReport(new=1, errors=("line 3: not JSON",))
    assert import_line(refused) == "1 new, 0 updated, 0 unchanged, 1 lines refused"
    assert import_json(refused) == {"new": 1, "updated": 0, "unchanged": 0, "errors": 1}


def test_a_backfill_is_one_line_saying_where_the_walk_stands() -> None:
    paused = BackfillReport("mofa", date(2024, 1, 1), None, pages=2, pages_done=5, new=3,
                            stopped="read 2 pages, the most per run")  # fmt: skip
    assert backfill_line(paused) == (
        "mofa (2024-01-01 to today): paused, read 2 pages, the most per run; 2 pages read "
        "(5 done in all), 3 new, 0 updated, 0 unchanged, 0 listed outside the dates"
    )
    failed = BackfillReport("mofa", date(2024, 1, 1), date(2024, 2, 1), error="HTTP 500")
    assert backfill_line(failed).startswith("mofa (2024-01-01 to 2024-02-01): FAILED: HTTP 500;")
    assert backfill_json(failed)["until"] == "2024-02-01"


def test_a_digest_outcome_as_json_names_where_its_html_went() -> None:
    outcome = ChannelOutcome("email", "email", "dry-run", events=1, created_at=NOW)
    row = outcome_json(outcome, html=Path("/tmp/d.html"))
    assert row["created_at"] == "2026-11-28T09:00:00+00:00"
    assert row["html"] == "/tmp/d.html"
    assert list(row) == [
        "channel", "kind", "status", "events", "releases", "key", "created_at", "attempts",
        "resent", "message_id", "error", "subject", "html",
    ]  # fmt: skip
    assert outcome_json(outcome)["html"] is None
