"""`cyberwatch search` with filters and formats, and `cyberwatch show`, on the sample research
archive (flows/devtools/sample), through typer's CliRunner."""

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.devtools.sample import build

GOVUK = "https://www.gov.uk/government/news/kr-uk-cyber-dialogue-2024"
COPY = "https://www.wired-gov.net/wg/news.nsf/articles/kr-uk-cyber-dialogue"
EDITED = "https://www.state.gov/joint-statement-us-japan-cyber-dialogue-8"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("sample") / "archive.db")


def run(archive: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--db", str(archive), *args])
    assert result.exit_code == code, result.output
    return result.output


def rows(archive: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in run(archive, "search", *args, "--json").splitlines()]


def test_search_folds_the_copy_and_names_who_else_published_it(archive: Path) -> None:
    out = run(archive, "search", "Pall Mall")
    assert COPY not in out.split("also published by")[0]
    assert f"also published by wired-gov {COPY}" in out
    assert "[Pall] [Mall]" in out  # not a terminal: brackets, no escape codes
    assert "\x1b" not in out


def test_all_copies_lists_the_copy(archive: Path) -> None:
    urls = [r["url"] for r in rows(archive, "Pall Mall", "--all-copies")]
    assert GOVUK in urls and COPY in urls


def test_repeated_party_means_both_took_part(archive: Path) -> None:
    found = rows(archive, "cyber", "--party", "KR", "--party", "uk", "--limit", "50")
    assert len(found) == 4
    assert all({"KR", "GB"} <= set(r["parties"]) for r in found)


def test_topic_source_kind_and_dates_filter(archive: Path) -> None:
    assert {r["source"] for r in rows(archive, "cyber", "--topic", "deterrence")} == {
        "us-state-press-releases"
    }
    assert {r["source"] for r in rows(archive, "cyber", "--source", "australia-dfat-news")} == {
        "australia-dfat-news"
    }
    assert [r["title"] for r in rows(archive, "review", "--kind", "other")] == [
        "NCSC Annual Review 2024"
    ]
    dated = rows(archive, "dialogue", "--since", "2022-01-01", "--until", "2023-12-31")
    assert sorted(r["published"] for r in dated) == ["2022-06-20", "2023-04-12"]


def test_sort_by_date(archive: Path) -> None:
    published = [r["published"] for r in rows(archive, "dialogue", "--sort", "date")]
    assert published == sorted(published, reverse=True)


def test_json_records_carry_the_citation(archive: Path) -> None:
    (row,) = [r for r in rows(archive, "Pall Mall") if r["url"] == GOVUK]
    assert row["publisher"] == "GOV.UK: Foreign, Commonwealth & Development Office"
    assert row["published"] == "2024-11-07"
    assert len(row["content_hash"]) == 64 and row["first_seen"].startswith("2026-11-28")
    assert row["also_published"] == [{"source": "wired-gov", "url": COPY}]


def test_csv_has_a_header_and_a_row_per_hit(archive: Path) -> None:
    table = list(csv.DictReader(io.StringIO(run(archive, "search", "Pall Mall", "--csv"))))
    assert [r["url"] for r in table] == [r["url"] for r in rows(archive, "Pall Mall")]
    assert table[0]["snippet"] and table[0]["content_hash"]


def test_table_output(archive: Path) -> None:
    out = run(archive, "search", "Pall Mall", "--table")
    assert "title / snippet" in out and "also published by wired-gov" in out


def test_bad_filters_are_usage_errors(archive: Path) -> None:
    run(archive, "search", "x", "--kind", "bogus", code=2)
    run(archive, "search", "x", "--since", "yesterday", code=2)
    run(archive, "search", "x", "--json", "--csv", code=2)


def test_show_a_release_by_url_with_its_versions(archive: Path) -> None:
    out = run(archive, "show", EDITED)
    assert "United States: Department of State" in out
    assert "earlier versions (1):" in out
    assert "round 8  Washington" in out


def test_show_lists_the_copies_and_the_event(archive: Path) -> None:
    out = run(archive, "show", GOVUK)
    assert f"wired-gov  {COPY}" in out
    assert "mofa-kr-press-releases" in out  # the other report of the same meeting


def test_show_diff_prints_what_the_edit_changed(archive: Path) -> None:
    out = run(archive, "show", EDITED, "--diff")
    assert "+The next dialogue will be held in Tokyo." in out
    assert out.count("\n-") == 1  # one paragraph replaced


def test_show_an_event_and_unknown_ids(archive: Path) -> None:
    assert "round 4  London" in run(archive, "show", "e1")
    run(archive, "show", "999", code=2)
    run(archive, "show", "e999", code=2)
    run(archive, "show", "https://nowhere.example/x", code=2)
