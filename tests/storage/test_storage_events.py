"""Copies and events in a real archive file: what ``Store.file_analysis`` links and groups."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from config import AnalysisSettings
from scrapers import Item
from scrapers.analysis import Analysis, Chair, Rules, analyze, is_official
from scrapers.analysis.fingerprint import fingerprint
from storage import Filed, Store

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"
RULES = Rules.compile(AnalysisSettings())
SEED = (DATA / "rok-uk-cyber-dialogue-2024-11.txt").read_text(encoding="utf-8")
GOVUK_TEXT = SEED.split("\n", 1)[1]
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
PUBLISHED = datetime(2024, 11, 7, 10, 50, tzinfo=UTC)
MOFA_TEXT = (
    "1. Ambassador for International Cyber Affairs Rhee Dong-yeol of the Ministry of Foreign "
    "Affairs of the Republic of Korea and Cyber Director Andrew Whittaker of the Foreign, "
    "Commonwealth and Development Office of the United Kingdom co-chaired the 4th ROK-UK Cyber "
    "Dialogue in London on November 6 (Wed.).\n"
    "2. The two sides discussed North Korea's cryptocurrency theft and ransomware."
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "archive.db")


def add(
    store: Store, url: str, title: str, text: str, *, source: str = "s", listed: bool = False
) -> Filed:
    """The pipeline's store_item, spelled out: analyse, save, file."""
    item = Item(source=source, url=url, title=title, body=text, published=PUBLISHED)
    analysis = analyze(title, text, published=PUBLISHED, url=url, rules=RULES)
    saved = store.save(item, now=NOW)
    settings = RULES.settings
    return store.file_analysis(
        saved.id,
        analysis,
        fingerprint(title, text, RULES),
        official=is_official(url, RULES, listed=listed),
        near_duplicate=settings.near_duplicate,
        window=settings.event_window,
        report_window=settings.report_window,
        now=NOW,
    )


GOVUK = "https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
MOFA = "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=321950"
PUBT = "https://pubt.io/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA"
TITLE = "The 4th Republic of Korea-UK Cyber Dialogue"


def test_the_syndicated_seed_is_a_copy_of_the_govuk_original(store: Store) -> None:
    original = add(store, GOVUK, TITLE, GOVUK_TEXT)
    copy = add(store, PUBT, TITLE, SEED)
    assert (original.copy_of, original.role) == (None, "original")
    assert (copy.copy_of, copy.role) == (original.release_id, "copy")
    assert copy.event_id == original.event_id


def test_an_edited_copy_on_another_site_points_to_its_original(store: Store) -> None:
    original = add(store, GOVUK, TITLE, GOVUK_TEXT)
    edited = "Security Events\n" + GOVUK_TEXT.replace("The 4th", "The Fourth").replace(
        "Wednesday 6 November 2024", "this week (6th November 2024)"
    )
    copy = add(store, "https://www.adsadvance.co.uk/fourth.html", "Fourth ROK-UK dialogue", edited)
    assert copy.copy_of == original.release_id


def test_an_official_text_arriving_after_its_copy_becomes_the_original(store: Store) -> None:
    first = add(store, PUBT, TITLE, SEED)
    official = add(store, GOVUK, TITLE, GOVUK_TEXT)
    assert (first.copy_of, first.role) == (None, "original")
    assert (official.copy_of, official.role) == (None, "original")
    event = store.event_of(official.release_id)
    assert event is not None
    roles = [(r.url, r.role, r.official) for r in event.releases]
    assert roles == [(GOVUK, "original", True), (PUBT, "copy", False)]
    assert store.release(first.release_id).url == PUBT


def test_the_seed_and_its_mofa_counterpart_are_one_event(store: Store) -> None:
    add(store, PUBT, TITLE, SEED)
    add(store, MOFA, "Outcome of the 4th ROK-UK Cyber Dialogue", MOFA_TEXT)
    add(store, GOVUK, TITLE, GOVUK_TEXT)
    (event,) = store.events()
    assert (event.key, event.parties, event.round, event.held_on, event.location) == (
        "GB-KR|4|2024-11-06", ("GB", "KR"), 4, date(2024, 11, 6), "London",
    )  # fmt: skip
    assert [(r.url, r.role) for r in event.releases] == [
        (MOFA, "original"), (GOVUK, "original"), (PUBT, "copy"),
    ]  # fmt: skip
    assert set(event.chairs) == {"Andrew Whittaker", "Rhee Dong-yeol"}


def test_other_meetings_and_other_releases_stay_apart(store: Store) -> None:
    seed = add(store, GOVUK, TITLE, GOVUK_TEXT)
    third = add(
        store,
        "https://www.wired-gov.net/wg/news.nsf/articles/the-3rd",
        "The 3rd ROK-UK Cyber Dialogue held in Seoul",
        "The 3rd Republic of Korea-UK Cyber Dialogue was held in Seoul on 10 February 2023.",
    )
    sanctions = add(
        store,
        "https://www.gov.uk/government/news/uk-sanctions-ransomware-operators",
        "UK sanctions ransomware operators",
        "The UK has sanctioned members of a ransomware group targeting British businesses.",
    )
    assert seed.event_id is not None and third.event_id is not None
    assert seed.event_id != third.event_id
    assert (sanctions.event_id, sanctions.role) == (None, None)
    assert len(store.events()) == 2


def test_releases_found_apart_are_merged_when_a_release_links_them(store: Store) -> None:
    by_round = add(
        store, "https://a.example/1", "The 6th US-ROK Cyber Policy Consultations",
        "Officials recently met in Washington for the 6th U.S.-ROK Cyber Policy Consultations.",
    )  # fmt: skip
    by_date = add(
        store, "https://b.example/2", "US-ROK Cyber Policy Consultations",
        "The U.S.-ROK Cyber Policy Consultations were held in Washington on 1 September 2024.",
    )  # fmt: skip
    assert by_round.event_id != by_date.event_id  # PUBLISHED is 67 days after 1 September
    both = add(
        store, "https://c.example/3", "The 6th US-ROK Cyber Policy Consultations",
        "The 6th U.S.-ROK Cyber Policy Consultations were held in Washington on 1 September "
        "2024.",
    )  # fmt: skip
    (event,) = store.events()
    assert both.event_id == event.id
    assert {r.url for r in event.releases} == {
        "https://a.example/1", "https://b.example/2", "https://c.example/3",
    }  # fmt: skip
    assert (event.round, event.held_on) == (6, date(2024, 9, 1))


def test_analysis_columns_are_stored(store: Store, tmp_path: Path) -> None:
    filed = add(store, GOVUK, TITLE, GOVUK_TEXT, listed=True)
    row = next(store._db.query("SELECT * FROM releases WHERE id = ?", [filed.release_id]))
    assert (row["kind"], row["round"], row["held_on"], row["location"], row["official"]) == (
        "dialogue", 4, "2024-11-06", "London", 1,
    )  # fmt: skip
    assert '"Andrew Whittaker"' in row["chairs"]
    bands = store._db.execute(
        "SELECT (SELECT count(*) FROM release_bands WHERE release_id = ?1) "
        "+ (SELECT count(*) FROM release_bands_recent WHERE release_id = ?1)",
        [filed.release_id],
    ).fetchone()[0]
    assert bands == RULES.settings.bands
    reopened = Store.open(tmp_path / "archive.db")
    assert reopened.event_of(filed.release_id) is not None


def test_a_commentary_joins_the_event_as_a_report(store: Store) -> None:
    add(store, GOVUK, TITLE, GOVUK_TEXT)
    news = (
        "SEOUL (Yonhap) -- South Korea and Britain held their 4th Korea-UK Cyber Dialogue in "
        "London on Wednesday, according to the foreign ministry, and analysts said it mattered."
    )
    filed = add(store, "https://en.yna.co.kr/view/1", "S. Korea, Britain hold cyber talks", news)
    assert filed.role == "report"
    (event,) = store.events()
    assert [r.role for r in event.releases] == ["original", "report"]


def test_a_chair_value_round_trips() -> None:
    analysis = Analysis(relevant=True, score=0.9, kind="dialogue", chairs=(Chair("A B", "x"),))
    assert analysis.chairs[0].name == "A B"


def test_a_translation_with_a_slip_in_the_year_joins_the_event(store: Store) -> None:
    """The stored event is found by the same day of the month (a year slip is outside every
    date window) and joined through the place, the chair and the untranslated marks."""
    english = (
        "The Swiss-US Cyber Dialogue was held in Bern on 9 July 2020, led by Anna Keller. "
        "They discussed the SwissCovid app, Twint payments and COVID-19."
    )
    french = (
        "Le cyberdialogue Suisse-États-Unis s'est tenu à Berne le 9 juillet 2021, sous la "
        "direction de Anna Keller. Ils ont parlé de SwissCovid, de Twint et de COVID-19."
    )
    first = add(store, "https://a.example/en", "Swiss-US Cyber Dialogue", english)
    other = add(store, "https://a.example/fr", "Cyberdialogue Suisse-États-Unis", french)
    assert first.event_id is not None and other.event_id == first.event_id


def test_each_candidate_event_query_seeks_an_index_on_all_its_conditions(store: Store) -> None:
    """Filing a dated release looks for events of its parties held near it, on the same day of
    the month, with the same round, or dated near it: each by a seek on the parties and the
    condition, so its cost does not grow with the parties' series of meetings."""
    add(store, GOVUK, TITLE, GOVUK_TEXT)
    statements: list[str] = []
    store._db.conn.set_trace_callback(statements.append)
    add(store, MOFA, "Outcome of the 4th ROK-UK Cyber Dialogue", MOFA_TEXT)
    store._db.conn.set_trace_callback(None)
    queries = [s for s in statements if s.startswith("SELECT * FROM events WHERE parties")]
    plans = [
        row[3] for q in queries for row in store._db.execute(f"EXPLAIN QUERY PLAN {q}").fetchall()
    ]
    assert plans == [
        "SEARCH events USING INDEX events_parties_held_on (parties=? AND held_on>? AND held_on<?)",
        "SEARCH events USING INDEX events_parties_day (parties=? AND <expr>=?)",
        "SEARCH events USING INDEX events_parties_round (parties=? AND round=?)",
        "SEARCH events USING INDEX events_parties_dated (parties=? AND dated>? AND dated<?)",
    ]
