"""`make eval`'s subsets: halves split by meeting, and one row per file and language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from config import Settings
from flows.devtools import evaluate
from flows.devtools.subsets import HELD_OUT, TUNE, meeting_of, split_by_meeting, subsets


@dataclass(frozen=True)
class Doc:
    id: str
    positive: bool
    group: str | None = None
    related_group: str | None = None
    lang: str = "en"
    file: str = "a.jsonl"


def corpus() -> list[Doc]:
    docs = []
    for g in range(12):  # meetings reported by one to three documents, and news about some
        docs += [Doc(f"g{g}-{n}", True, group=f"g{g}") for n in range(1 + g % 3)]
        if g % 4 == 0:
            docs.append(Doc(f"news{g}", False, related_group=f"g{g}"))
    docs += [Doc(f"neg{n}", False) for n in range(9)]
    return docs


def test_a_meeting_is_its_group_the_group_it_is_about_or_the_document_itself() -> None:
    assert meeting_of(Doc("x", True, group="g1")) == "g1"
    assert meeting_of(Doc("y", False, related_group="g1")) == "g1"
    assert meeting_of(Doc("z", False)) == "id:z"


def test_no_meeting_is_in_both_halves_and_every_document_is_in_one() -> None:
    docs = corpus()
    tune, held_out = split_by_meeting(docs, seed=3)
    assert sorted(d.id for d in tune + held_out) == sorted(d.id for d in docs)
    assert not {meeting_of(d) for d in tune} & {meeting_of(d) for d in held_out}
    # the news about a meeting goes with the meeting's releases
    assert {d.id for d in tune if meeting_of(d) == "g0"} in ({"g0-0", "news0"}, set())


def test_the_halves_are_balanced_and_fixed_by_the_seed() -> None:
    docs = corpus()
    tune, held_out = split_by_meeting(docs, seed=3)
    positives = [sum(d.positive for d in half) for half in (tune, held_out)]
    negatives = [sum(not d.positive for d in half) for half in (tune, held_out)]
    assert abs(positives[0] - positives[1]) <= 3  # at most one meeting's documents apart
    assert abs(negatives[0] - negatives[1]) <= 2
    assert split_by_meeting(docs, seed=3) == (tune, held_out)
    other = {d.id for d in split_by_meeting(docs, seed=4)[0]}
    assert other != {d.id for d in tune}


def test_subsets_are_each_file_each_language_by_size_then_the_halves() -> None:
    docs = [Doc("1", True, "g1", lang="de", file="a"), Doc("2", True, "g2", lang="en", file="b"),
            Doc("3", False, lang="en", file="b")]  # fmt: skip
    rows = subsets(docs, file_of=lambda d: d.file, lang_of=lambda d: d.lang, seed=1)
    assert [r.name for r in rows] == ["a", "b", "lang en", "lang de", TUNE, HELD_OUT]
    assert [d.id for d in rows[2].items] == ["2", "3"]


def record(n: int, lang: str, title: str, text: str, label: str, **extra: object) -> str:
    data = {"id": f"r{n}", "url": f"https://example.org/{n}", "title": title, "text": text,
            "published": "2024-11-07", "lang": lang, "label": label, **extra}  # fmt: skip
    return json.dumps(data, ensure_ascii=False) + "\n"


def test_the_report_scores_each_file_each_language_and_says_which_half_is_held_out(
    tmp_path: Path,
) -> None:
    english = "The 4th Republic of Korea-UK Cyber Dialogue was held in London on 6 November 2024."
    korean = "제4차 한-영 사이버정책협의회가 2024년 11월 6일 런던에서 개최되었다."
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    truth = {"parties": ["GB", "KR"], "iteration": 4}
    first.write_text(
        record(
            1, "en", "The 4th ROK-UK Cyber Dialogue", english, "positive", group="g", truth=truth
        )
        + record(2, "en", "UK sanctions hackers", "The UK sanctioned five hackers.", "negative"),
        encoding="utf-8",
    )
    second.write_text(
        record(
            3, "ko", "제4차 한-영 사이버정책협의회 개최", korean, "positive", group="g", truth=truth
        ),
        encoding="utf-8",
    )
    table = evaluate.report([first, second], Settings(db=tmp_path / "unused.db"), seed=1)
    table = table.split("\nsubset ")[1]  # the rows: name in 22 columns, then the values
    rows = {line[:22].strip(): line[22:].split() for line in table.splitlines()[1:-1]}
    assert rows["one.jsonl"][:2] == ["2", "1"]  # docs, positives
    assert rows["lang ko"][:7] == ["1", "1", "1.000", "1.000", "1.000", "0", "0"]
    assert rows["lang en"][5:7] == ["0", "0"]  # no false positive, no false negative
    assert "tune on half A, report half B" in table
    # both releases report one meeting: one half has it all, the other only the negative
    halves = [rows["half A (tune on it)"], rows["half B (held out)"]]
    assert sorted(int(h[1]) for h in halves) == [0, 2]
    assert [h[2] for h in halves if h[1] == "0"] == ["-"]  # no precision without a positive
