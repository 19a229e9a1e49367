"""Topics: the anchors that spare most expressions' searches never change what is found."""

import pytest

from scrapers.analysis.text import Doc
from scrapers.analysis.topics import TOPICS, _anchor, extract_topics

TEXT = (
    "The 2nd Japan-Germany Cyber Dialogue discussed ransomware, the protection of critical "
    "national infrastructure, capacity-building in the Indo-Pacific, IT workers of the DPRK, "
    "international law, the Budapest Convention and confidence-building measures (CBMs). "
    "Both sides welcomed the Pall Mall Process and the OEWG, and the UN GGE's report."
)


def searched_in_full(doc: Doc) -> tuple[str, ...]:
    """What every expression searched over the whole text finds: the plain definition."""
    return tuple(topic.tag for topic in TOPICS if topic.pattern.search(doc.full))


@pytest.mark.parametrize(
    ("word", "anchor"),
    [
        (r"\bIT workers?\b", "it worker"),  # the optional "s" is not part of it
        (r"critical (?:national |information )?infrastructure", "infrastructure"),
        (r"cyber ?(?:security )?strateg", "strateg"),
        (r"\bu?n?\s?gge\b", "gge"),
        (r"organi[sz]ed crime", "ed crime"),
        (r"a[(]b|c", ""),  # alternatives at the top: no anchor, always searched
    ],
)
def test_an_anchor_is_the_longest_run_every_match_contains(word: str, anchor: str) -> None:
    assert _anchor(word) == anchor


def test_every_topic_has_anchors() -> None:
    assert all(topic.anchors for topic in TOPICS)


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        TEXT.upper(),
        TEXT.replace("i", "ı"),  # dotless i: matching without case pairs it with "i"
        TEXT.replace("I", "İ"),  # its lower case is two characters
        TEXT.replace("s", "ſ"),  # long s
        "사이버 범죄와 랜섬웨어, 북한의 가상자산 탈취, 정보공유와 신뢰 구축을 논의했다.",
        "サイバー犯罪、ランサムウェア、重要インフラの防護、能力構築について議論した。",
        "Le dialogue a porté sur le rançongiciel, la cybercriminalité et le droit international.",
        "Der Dialog behandelte Cyberabwehr, kritische Infrastrukturen und Völkerrecht.",
        "A release on flood relief and housing, with nothing on any topic.",
    ],
)
def test_topics_are_what_searching_every_expression_finds(text: str) -> None:
    doc = Doc.of("Title", text, lang="en")
    assert extract_topics(doc) == searched_in_full(doc)
    assert extract_topics(doc)[:1] or text.startswith("A release")  # the texts do find topics
