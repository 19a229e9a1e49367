"""Measure the intelligence on a labelled set: ``make eval`` or
``python -m flows.devtools.evaluate --data ../shared/eval/dev.jsonl``.

The set is JSON lines with the inputs of ``cyberwatch analyze`` plus ``label`` (positive or
negative), ``group`` (the meeting) and ``truth`` (parties, iteration, held_on, location,
chairs, topics), as in ``../shared/eval/README.md``. Printed:

- classification: precision, recall and F1 of ``relevant`` for positives (also without the
  records marked ``ambiguous``);
- extraction, over positives, for each field where the truth states it (not null; chairs
  and topics not empty): parties (same set, or the ``parties_alt`` set), round, date held,
  location (case, punctuation and every "Washington" folded), chairs (the same people, names
  compared without case, accents, titles or punctuation, one containing the other), topics
  (at least one tag in common; the mean Jaccard overlap is shown beside);
- grouping: every record imported into a fresh archive through ``cyberwatch import``'s path,
  then, over all pairs of positives, precision and recall of "same event" against "same
  group".

Several files (by default both dev sets) are scored together, then one row per file, per
language and per half of a split by meeting (``flows/devtools/subsets.py``): tune on half A,
report half B.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from config import Settings
from flows.core.records import Record, analyze_record, import_records, parse_record
from flows.devtools.subsets import DEFAULT_SEED, subsets
from scrapers.analysis import Analysis, Rules
from storage import Store

DEFAULT_DATA = (Path("../shared/eval/dev.jsonl"), Path("../shared/eval/dev-more.jsonl"))
FIELDS = ("parties", "round", "held_on", "location", "chairs", "topics")
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Labelled:
    record: Record
    positive: bool
    ambiguous: bool
    group: str | None
    truth: dict[str, Any]
    id: str = ""
    lang: str = "?"
    related_group: str | None = None
    file: str = ""


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    correct: int
    total: int
    note: str = ""

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load(path: Path) -> list[Labelled]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        data = json.loads(line)
        items.append(
            Labelled(
                record=parse_record(data, line=number),
                positive=data.get("label") == "positive",
                ambiguous=bool(data.get("ambiguous")),
                group=data.get("group"),
                truth=data.get("truth") or {},
                id=str(data.get("id") or f"{path.name}:{number}"),
                lang=str(data.get("lang") or "?"),
                related_group=data.get("related_group"),
                file=path.name,
            )
        )
    return items


def classification(
    items: Sequence[Labelled], results: Sequence[Analysis], *, skip_ambiguous: bool
) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for item, result in zip(items, results, strict=True):
        if skip_ambiguous and item.ambiguous:
            continue
        if result.relevant:
            tp, fp = (tp + 1, fp) if item.positive else (tp, fp + 1)
        else:
            fn, tn = (fn + 1, tn) if item.positive else (fn, tn + 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall,
            "f1": f1}  # fmt: skip


def extraction(items: Sequence[Labelled], results: Sequence[Analysis]) -> list[Score]:
    checks: list[tuple[str, str, Callable[[Any, Analysis, dict[str, Any]], bool]]] = [
        ("parties", "parties", _parties_ok),
        ("round", "iteration", lambda t, a, _: a.round == t),
        ("held_on", "held_on", lambda t, a, _: (a.held_on.isoformat() if a.held_on else None) == t),
        ("location", "location", lambda t, a, _: _place(a.location) == _place(t)),
        ("chairs", "chairs", lambda t, a, _: _same_people(t, [c.name for c in a.chairs])),
        ("topics", "topics", lambda t, a, _: bool(set(t) & set(a.topics))),
    ]
    scores = []
    for name, field, check in checks:
        correct = total = 0
        for item, result in zip(items, results, strict=True):
            truth = item.truth.get(field)
            if not item.positive or truth is None or truth == []:
                continue
            total += 1
            correct += check(truth, result, item.truth)
        note = ""
        if name == "topics":
            note = f"mean Jaccard {_mean_jaccard(items, results):.2f}"
        scores.append(Score(name, correct, total, note))
    return scores


def events_of(items: Sequence[Labelled], rules: Rules) -> dict[str, int | None]:
    """The event each record's URL is filed under, through a real import into a fresh
    archive."""
    with (
        tempfile.TemporaryDirectory(prefix="cyberwatch-eval-") as tmp,
        Store.open(Path(tmp) / "eval.db") as store,
    ):
        import_records([i.record for i in items], store, rules=rules, now=NOW)
        events: dict[str, int | None] = {}
        for release_id in range(1, store.count_releases() + 1):
            release = store.release(release_id)
            event = store.event_of(release_id)
            events[release.url] = event.id if event else None
    return events


def grouping(items: Sequence[Labelled], events: dict[str, int | None]) -> dict[str, float]:
    """Pairwise precision and recall of events over the pairs of positives in ``items``."""
    positives = [i for i in items if i.positive]
    tp = fp = fn = 0
    for a, b in combinations(positives, 2):
        truth = a.group is not None and a.group == b.group
        ea, eb = events.get(a.record.url), events.get(b.record.url)
        predicted = ea is not None and ea == eb
        tp += truth and predicted
        fp += predicted and not truth
        fn += truth and not predicted
    return {
        "pairs": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def report(paths: Path | Sequence[Path], settings: Settings, *, seed: int = DEFAULT_SEED) -> str:
    """The whole evaluation as text: every file together, then one row per file, language and
    half."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    rules = Rules.compile(settings.analysis)
    items = [item for path in paths for item in load(path)]
    results = [analyze_record(i.record, rules) for i in items]
    events = events_of(items, rules)
    positives = sum(i.positive for i in items)
    names = " + ".join(str(p) for p in paths)
    lines = [f"cyberwatch evaluation on {names} ({len(items)} records, {positives} positive)", ""]
    lines.append(f"{'classification':<34}{'precision':>10}{'recall':>8}{'F1':>7}   counts")
    for label, skip in (("all records", False), ("without ambiguous", True)):
        c = classification(items, results, skip_ambiguous=skip)
        lines.append(
            f"  {label:<32}{c['precision']:>10.3f}{c['recall']:>8.3f}{c['f1']:>7.3f}   "
            f"tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']}"
        )
    lines += ["", f"{'extraction (where the truth states it)':<40}{'accuracy':>10}   n"]
    for score in extraction(items, results):
        lines.append(
            f"  {score.name:<38}{score.value:>10.3f}   {score.correct}/{score.total}"
            f"{'   ' + score.note if score.note else ''}"
        )
    g = grouping(items, events)
    lines += [
        "",
        f"{'event grouping (pairs of positives)':<34}{'precision':>10}{'recall':>8}   counts",
    ]
    lines.append(
        f"  {'same event vs same group':<32}{g['precision']:>10.3f}{g['recall']:>8.3f}   "
        f"tp {g['tp']} fp {g['fp']} fn {g['fn']} ({g['pairs']} true pairs)"
    )
    lines += ["", *subset_table(items, results, events, seed=seed)]
    return "\n".join(lines)


def subset_table(
    items: Sequence[Labelled],
    results: Sequence[Analysis],
    events: dict[str, int | None],
    *,
    seed: int,
) -> list[str]:
    """One row per file, per language and per half: classification, each field's accuracy
    ("-" where no truth states it) and event pairs."""
    analysed = dict(zip((i.id for i in items), results, strict=True))
    head = f"{'subset':<22}{'docs':>5}{'pos':>5}{'P':>7}{'R':>7}{'F1':>7}{'fp':>4}{'fn':>4}"
    head += "".join(f"{f[:8]:>9}" for f in FIELDS) + f"{'pairs':>7}{'evP':>7}{'evR':>7}"
    lines = [head]
    for subset in subsets(items, file_of=lambda i: i.file, lang_of=lambda i: i.lang, seed=seed):
        part = subset.items
        got = [analysed[i.id] for i in part]
        c = classification(part, got, skip_ambiguous=False)
        row = f"  {subset.name:<20}{len(part):>5}{sum(i.positive for i in part):>5}"
        predicted, wanted = c["tp"] + c["fp"], c["tp"] + c["fn"]
        row += _cell(c["precision"], predicted, 7) + _cell(c["recall"], wanted, 7)
        row += _cell(c["f1"], predicted and wanted, 7) + f"{c['fp']:>4}{c['fn']:>4}"
        row += "".join(_cell(s.value, s.total, 9) for s in extraction(part, got))
        g = grouping(part, events)
        row += f"{g['pairs']:>7}" + _cell(g["precision"], g["tp"] + g["fp"], 7)
        row += _cell(g["recall"], g["pairs"], 7)
        lines.append(row)
    lines.append(f"  (halves split by meeting, seed {seed}: tune on half A, report half B)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score cyberwatch on a labelled JSON-lines set.")
    parser.add_argument(
        "--data", type=Path, nargs="+", default=DEFAULT_DATA, help="labelled JSON lines files"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the halves")
    args = parser.parse_args(argv)
    missing = [p for p in args.data if not p.exists()]
    if missing:
        print(f"evaluate: no data at {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    print(report(args.data, Settings(db=Path("unused.db")), seed=args.seed))
    return 0


def _cell(value: float, count: float, width: int) -> str:
    """A score, or "-" where nothing was there to score."""
    return f"{value:>{width}.3f}" if count else f"{'-':>{width}}"


def _parties_ok(truth: list[str], analysis: Analysis, full: dict[str, Any]) -> bool:
    found = set(analysis.parties)
    return found == set(truth) or found == set(full.get("parties_alt") or ())


def _place(value: str | None) -> str | None:
    if value is None:
        return None
    folded = re.sub(r"[\W_]+", "", _fold(value))
    return "washingtondc" if folded.startswith("washington") else folded


_TITLES = re.compile(r"\b(?:mr|ms|mrs|dr|h\.?e|his excellency|her excellency|shri|sir|prof)\b\.?")


def _name(value: str) -> str:
    return re.sub(r"[\W_]+", "", _TITLES.sub("", _fold(value)))


def _same_people(truth: list[str], found: list[str]) -> bool:
    wanted = [_name(t) for t in truth]
    got = [_name(f) for f in found]
    if len(wanted) != len(got):
        return False
    unmatched = list(got)
    for name in wanted:
        match = next((g for g in unmatched if g and (g == name or g in name or name in g)), None)
        if match is None:
            return False
        unmatched.remove(match)
    return True


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _mean_jaccard(items: Sequence[Labelled], results: Sequence[Analysis]) -> float:
    values = [
        len(set(i.truth["topics"]) & set(r.topics)) / len(set(i.truth["topics"]) | set(r.topics))
        for i, r in zip(items, results, strict=True)
        if i.positive and i.truth.get("topics")
    ]
    return sum(values) / len(values) if values else 0.0


if __name__ == "__main__":
    sys.exit(main())
