"""The linear score that ranks candidates (scrapers/analysis/ranking.py) and its features for the
meeting's date: each feature moves the score by its weight, a reference to another meeting
never wins, and a meeting mentioned in passing never wins over the one reported. Sentences
written for these tests from each language's grammar, not copied from releases."""

from datetime import date

import pytest

from config import AnalysisSettings
from config.analysis import Ranking
from scrapers.analysis import Rules, analyze
from scrapers.analysis.clauses import reference_open
from scrapers.analysis.names import find_names
from scrapers.analysis.ranking import Candidate, Features, best, score
from scrapers.analysis.rounds import extract_round, round_candidates
from scrapers.analysis.text import Doc

RULES = Rules.compile(AnalysisSettings())
WEIGHTS = Ranking()
PUBLISHED = date(2025, 6, 20)


def held(title: str, text: str) -> tuple[date | None, str | None]:
    found = analyze(title, text, published=PUBLISHED, url=None, rules=RULES)
    return found.held_on, found.location


def test_a_candidate_without_features_scores_zero() -> None:
    assert score(Features(), WEIGHTS) == 0.0


@pytest.mark.parametrize(
    ("features", "weight"),
    [
        (Features(names_meeting=True), WEIGHTS.names_meeting),
        (Features(held_verb=True), WEIGHTS.held_verb),
        (Features(label_line=True), WEIGHTS.label_line),
        (Features(lead=True), WEIGHTS.lead),
        (Features(title=True), WEIGHTS.title),
        (Features(clause_break=True), WEIGHTS.clause_break),
        (Features(partial=True), WEIGHTS.partial),
        (Features(weekday=1), WEIGHTS.weekday_agrees),
        (Features(weekday=-1), WEIGHTS.weekday_contradicts),
        (Features(distance=10), 10 * WEIGHTS.distance),
        (Features(later=2), 2 * WEIGHTS.later),
    ],
)
def test_each_feature_adds_its_weight(features: Features, weight: float) -> None:
    assert score(features, WEIGHTS) == pytest.approx(weight)
    assert weight != 0


def test_features_add_up() -> None:
    both = Features(names_meeting=True, held_verb=True, distance=5)
    expected = WEIGHTS.names_meeting + WEIGHTS.held_verb + 5 * WEIGHTS.distance
    assert score(both, WEIGHTS) == pytest.approx(expected)


def test_distance_and_rank_count_only_up_to_their_caps() -> None:
    far = Features(distance=WEIGHTS.max_distance * 10, later=WEIGHTS.max_later * 10)
    capped = Features(distance=WEIGHTS.max_distance, later=WEIGHTS.max_later)
    assert score(far, WEIGHTS) == score(capped, WEIGHTS)


def test_weights_come_from_the_rules_file() -> None:
    heavy = Ranking(held_verb=50.0)
    assert score(Features(held_verb=True), heavy) == 50.0
    assert RULES.ranking == Ranking()  # the built-in file states the documented defaults


def test_the_highest_score_wins_and_equals_go_to_the_earlier() -> None:
    plain = Candidate("plain", 0, Features(names_meeting=True))
    held_one = Candidate("held", 50, Features(names_meeting=True, held_verb=True))
    twin = Candidate("twin", 90, Features(names_meeting=True, held_verb=True))
    chosen = best([plain, held_one, twin], WEIGHTS)
    assert chosen is not None and chosen.value == "held"


def test_a_reference_to_another_meeting_never_wins() -> None:
    other = Candidate("other", 0, Features(names_meeting=True, held_verb=True, reference=True))
    weak = Candidate("this", 10, Features(partial=True, weekday=-1))
    chosen = best([other, weak], WEIGHTS)
    assert chosen is not None and chosen.value == "this"
    assert best([other], WEIGHTS) is None
    assert best([], WEIGHTS) is None


def test_a_sentence_saying_it_was_held_beats_an_earlier_mention() -> None:
    text = (
        "The Korea-Germany Cyber Consultations were announced on 2 May 2025. "
        "The Korea-Germany Cyber Consultations took place in Berlin on 12 June 2025."
    )
    assert held("Korea-Germany Cyber Consultations", text)[0] == date(2025, 6, 12)


def test_a_date_whose_written_weekday_is_another_day_loses() -> None:
    # 3 June 2025 is a Tuesday: "Friday 3 June" cannot be right; Friday 6 June 2025 is.
    text = (
        "The Cyber Dialogue between Chile and Japan, set for Friday 3 June 2025, "
        "met on Friday 6 June 2025."
    )
    assert held("Chile-Japan Cyber Dialogue", text)[0] == date(2025, 6, 6)


def test_a_date_line_beats_a_lead_sentence_without_the_meetings_name() -> None:
    text = (
        "Officials of both ministries met on 3 May 2025 to prepare.\n"
        "Date: 12 June 2025\n"
        "Delegations discussed norms of responsible state behaviour."
    )
    assert held("Korea-Germany Cyber Consultations", text)[0] == date(2025, 6, 12)


def test_the_date_nearer_the_name_wins_in_one_sentence() -> None:
    text = (
        "On 2 June 2025 the delegations arrived, and on 12 June 2025 the "
        "Chile-Japan Cyber Dialogue was held in Tokyo."
    )
    assert held("Chile-Japan Cyber Dialogue", text)[0] == date(2025, 6, 12)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "3rd Korea-Japan Cyber Dialogue",
            "The 3rd Korea-Japan Cyber Dialogue, following the previous round in Seoul on "
            "4 May 2023, was held in Tokyo on 12 June 2025.",
            (date(2025, 6, 12), "Tokyo"),
        ),
        (
            "Korea-Japan Cyber Dialogue",
            "The Korea-Japan Cyber Dialogue took place in Seoul on 12 June 2025. The next round "
            "of the Cyber Dialogue will be held in Tokyo on 3 March 2026.",
            (date(2025, 6, 12), "Seoul"),
        ),
        (
            "Le dialogue cyber franco-japonais",
            "Le troisième dialogue cyber franco-japonais s'est tenu à Paris le 12 juin 2025. "
            "Le prochain dialogue cyber se tiendra à Tokyo le 3 mars 2026.",
            (date(2025, 6, 12), "Paris"),
        ),
        (
            "日韓サイバー対話の開催",
            "6月12日、第3回日韓サイバー対話が東京で開催された。"
            "次回の日韓サイバー対話は2026年3月3日にソウルで開催する予定である。",
            (date(2025, 6, 12), "Tokyo"),
        ),
    ],
)
def test_a_meeting_mentioned_in_passing_never_wins(
    title: str, text: str, expected: tuple[date, str]
) -> None:
    assert held(title, text) == expected


@pytest.mark.parametrize(
    ("between", "refers"),
    [
        (" will hold the next round in Brussels on ", True),
        (", following the previous round in Seoul on 4 May 2023, was held in Tokyo on ", False),
        (" fand nach der vorigen Runde in Bonn am ", True),
        (", après le précédent dialogue à Paris, s'est tenu à Tokyo le ", False),
        (" was held on ", False),
    ],
)
def test_a_reference_counts_up_to_the_comma_that_closes_its_aside(
    between: str, refers: bool
) -> None:
    assert reference_open(between, RULES) is refers


def place(title: str, text: str) -> tuple[str | None, bool]:
    found = analyze(title, text, published=PUBLISHED, url=None, rules=RULES)
    return found.location, found.virtual


def test_the_city_where_it_was_held_beats_a_city_in_an_earlier_mention() -> None:
    text = (
        "Experts from the Korea-Germany Cyber Consultations gathered in Seoul. "
        "The Korea-Germany Cyber Consultations were held in Berlin on 12 June 2025."
    )
    assert place("Korea-Germany Consultations", text) == ("Berlin", False)


def test_a_meeting_held_online_has_no_city() -> None:
    text = "The Chile-Japan Cyber Dialogue was held online on 12 June 2025, chaired from Tokyo."
    assert place("Chile-Japan Cyber Dialogue", text) == (None, True)


def test_a_venue_line_gives_the_city_when_no_sentence_naming_the_meeting_does() -> None:
    text = "The delegations exchanged views on norms.\nVenue: Geneva\n"
    assert place("Chile-Japan Cyber Dialogue", text) == ("Geneva", False)


def test_a_city_beyond_the_closed_list_scores_below_a_listed_one() -> None:
    listed = Features(names_meeting=True, held_verb=True, distance=40)
    beyond = Features(names_meeting=True, held_verb=True, distance=5, gazetteer=True)
    assert score(listed, WEIGHTS) > score(beyond, WEIGHTS)


def test_the_round_of_the_sentence_saying_it_was_held_beats_an_earlier_mention() -> None:
    text = (
        "Officials spent months preparing the 3rd Korea-Japan Cyber Dialogue. "
        "The 4th Korea-Japan Cyber Dialogue was held in Seoul on 12 June 2025."
    )
    found = analyze("Korea-Japan Cyber Dialogue", text, published=PUBLISHED, url=None, rules=RULES)
    assert found.round == 4


def test_the_round_of_a_name_beats_an_ordinal_in_the_lead() -> None:
    doc = Doc.of(
        "Chile-Japan Cyber Dialogue",
        "This second bilateral engagement took place in Tokyo. "
        "It was the 5th Chile-Japan Cyber Dialogue.",
    )
    names = find_names(doc, RULES)
    scores: dict[int, float] = {}
    for candidate in round_candidates(doc, names, RULES):
        value = score(candidate.features, WEIGHTS)
        scores[candidate.value] = max(value, scores.get(candidate.value, value))
    assert scores.keys() == {2, 5}
    assert scores[5] > scores[2]
    assert extract_round(doc, names, RULES) == 5


@pytest.mark.parametrize(
    "text",
    [
        "The 3rd Chile-Japan Cyber Dialogue was co-chaired by Jane Roe, Ambassador for Cyber "
        "Affairs, and Kenji Sato, Deputy Director-General. The previous round in Seoul in 2023 "
        "was co-chaired by Alan Poe, Cyber Coordinator.",
        "The 3rd Chile-Japan Cyber Dialogue was co-chaired by Jane Roe, Ambassador for Cyber "
        "Affairs, and Kenji Sato, Deputy Director-General. The next round will be chaired by "
        "Alan Poe, Cyber Coordinator.",
    ],
)
def test_the_chairs_of_another_meeting_are_left_out(text: str) -> None:
    found = analyze("Chile-Japan Cyber Dialogue", text, published=PUBLISHED, url=None, rules=RULES)
    assert [c.name for c in found.chairs] == ["Jane Roe", "Kenji Sato"]


def test_a_reference_closed_by_a_comma_keeps_the_chairs() -> None:
    text = (
        "Following the previous round, the 3rd Chile-Japan Cyber Dialogue was co-chaired by "
        "Jane Roe, Ambassador for Cyber Affairs, and Kenji Sato, Deputy Director-General."
    )
    found = analyze("Chile-Japan Cyber Dialogue", text, published=PUBLISHED, url=None, rules=RULES)
    assert [c.name for c in found.chairs] == ["Jane Roe", "Kenji Sato"]


def test_the_verdict_never_gates_extraction() -> None:
    # A page asking the public for comments is judged "other"; its facts are still read.
    text = (
        "The 3rd Chile-Japan Cyber Dialogue was co-chaired by Jane Roe, Ambassador for Cyber "
        "Affairs, and was held in Tokyo on 12 June 2025. Please submit your comments by 30 "
        "June; the closing date is firm. Respond to the consultation online."
    )
    found = analyze("Chile-Japan Cyber Dialogue", text, published=PUBLISHED, url=None, rules=RULES)
    assert not found.relevant
    assert (found.round, found.held_on, found.location) == (3, date(2025, 6, 12), "Tokyo")
    assert [c.name for c in found.chairs] == ["Jane Roe"]
