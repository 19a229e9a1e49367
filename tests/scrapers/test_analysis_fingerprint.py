"""Fingerprints find copies; the event rule says which releases report the same meeting."""

from datetime import date
from pathlib import Path

from config import AnalysisSettings
from scrapers.analysis import EventFacts, Rules, event_key, is_official, same_event, similarity
from scrapers.analysis.fingerprint import fingerprint

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"
RULES = Rules.compile(AnalysisSettings())
SEED = (DATA / "rok-uk-cyber-dialogue-2024-11.txt").read_text(encoding="utf-8")
ORIGINAL = SEED.split("\n", 1)[1]  # the gov.uk text, without the aggregator's header line


def test_a_copy_with_an_aggregator_header_has_the_original_hash() -> None:
    assert SEED.startswith("11/07/2024 | Press release | Distributed by Public on")
    copy, original = fingerprint("t", SEED, RULES), fingerprint("t", ORIGINAL, RULES)
    assert copy.normalized_hash == original.normalized_hash
    assert copy.signature == original.signature


def test_an_edited_copy_is_near_and_shares_bands() -> None:
    edited = ORIGINAL.replace("The 4th", "The Fourth").replace("2 countries", "two countries")
    sentences = edited.split(". ")
    trimmed = ". ".join(sentences[:3] + sentences[4:]) + "\nAdvertisement\nShare this page"
    a, b = fingerprint("t", ORIGINAL, RULES), fingerprint("t", trimmed, RULES)
    assert a.normalized_hash != b.normalized_hash
    assert similarity(a.signature, b.signature) >= RULES.settings.near_duplicate
    assert set(a.bands) & set(b.bands)
    assert len(a.bands) == RULES.settings.bands


def test_a_different_release_is_far() -> None:
    other = (
        "The Canada-Japan Cyber Dialogue took place in Ottawa on Monday 3 March 2025, where "
        "officials of the two governments compared their cyber strategies, the threats they "
        "see and their support for partners in South-East Asia."
    )
    a, b = fingerprint("t", ORIGINAL, RULES), fingerprint("t", other, RULES)
    assert similarity(a.signature, b.signature) < 0.2
    assert not set(a.bands) & set(b.bands)


def test_a_very_short_text_has_only_an_exact_hash() -> None:
    short = fingerprint("Cyber talks", "Cyber talks held.", RULES)
    assert short.signature == () and short.bands == ()


def test_official_hosts() -> None:
    assert is_official("https://www.gov.uk/government/news/x", RULES)
    assert is_official("https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=1", RULES)
    assert not is_official("https://pubt.io/view/0EE8", RULES)
    assert not is_official("https://cravingkorea.blogspot.com/2013/07/x.html", RULES)
    assert is_official("http://127.0.0.1:8000/a", RULES, listed=True)  # a catalogue source
    assert not is_official("https://www.wired-gov.net/wg/news.nsf/x", RULES, listed=True)


SEED_FACTS = EventFacts(("GB", "KR"), 4, date(2024, 11, 6), date(2024, 11, 6))


def same(a: EventFacts, b: EventFacts) -> bool:
    return same_event(a, b, window=3, report_window=45)


def test_the_same_meeting_by_date_even_when_rounds_disagree() -> None:
    assert same(SEED_FACTS, EventFacts(("KR", "GB"), 4, date(2024, 11, 6), date(2024, 11, 6)))
    assert same(SEED_FACTS, EventFacts(("GB", "KR"), 3, date(2024, 11, 7), date(2024, 11, 7)))
    assert not same(SEED_FACTS, EventFacts(("GB", "KR"), 4, date(2024, 12, 6), None))


def test_the_same_meeting_by_round_when_one_lacks_the_date() -> None:
    undated = EventFacts(("GB", "KR"), 4, None, date(2024, 11, 8))
    assert same(SEED_FACTS, undated)
    assert same(SEED_FACTS, EventFacts(("GB", "KR"), 4, None, None))
    assert not same(SEED_FACTS, EventFacts(("GB", "KR"), 3, None, None))
    assert not same(SEED_FACTS, EventFacts(("GB", "KR"), 4, None, date(2027, 1, 1)))


def test_without_round_or_date_only_releases_near_in_time_group() -> None:
    report = EventFacts(("GB", "KR"), None, None, date(2024, 11, 20))
    assert same(SEED_FACTS, report)
    assert not same(SEED_FACTS, EventFacts(("GB", "KR"), None, None, date(2025, 3, 1)))
    assert not same(SEED_FACTS, EventFacts(("GB", "KR"), None, None, None))


def test_other_parties_are_another_meeting() -> None:
    assert not same(SEED_FACTS, EventFacts(("GB", "JP"), 4, date(2024, 11, 6), None))
    assert not same(EventFacts(("GB",), 4, None, None), EventFacts(("GB",), 4, None, None))


def test_event_keys() -> None:
    assert event_key(SEED_FACTS) == "GB-KR|4|2024-11-06"
    assert event_key(EventFacts(("KR", "US"))) == "KR-US|-|-"
