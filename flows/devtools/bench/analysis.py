"""The analysis alone: its CPU time per text, and whether a change kept every result.

``python -m flows.devtools.bench.analysis --eval ../shared/eval/dev.jsonl
../shared/eval/dev-more.jsonl --synthetic 3000`` times ``analyze`` over each group of texts
(the eval releases, the import benchmark's synthetic releases, any ``--texts`` file of JSON
lines with ``title`` and ``text``) and prints the CPU time per text. ``--dump FILE`` writes
every result, one line per text (each text also cut to 300 characters, upper-cased and
lower-cased, so that the cheap checks meet the cases they could get wrong); ``--compare FILE``
analyses the same texts and lists every one whose result differs from the dump: a change
meant to make the analysis cheaper must list none.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from config import Settings
from flows.devtools.bench.imports import releases
from scrapers.analysis import Rules
from scrapers.analysis.pipeline import analyze

CUT = 300  # characters of a text kept by its cut variant
WARM_UP = 20  # texts analysed before timing, so that models and caches are loaded


class Text(NamedTuple):
    group: str
    title: str
    text: str
    published: date | None
    url: str | None


def eval_texts(path: Path) -> Iterator[Text]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            published = data.get("published")
            day = date.fromisoformat(published[:10]) if published else None
            yield Text(path.name, data["title"], data["text"] or "", day, data.get("url"))


def synthetic_texts(count: int) -> Iterator[Text]:
    for record in releases(count):
        day = record.published.date() if record.published else None
        yield Text("synthetic", record.title, record.text, day, record.url)


def variants(texts: Sequence[Text]) -> Iterator[Text]:
    """Each text as it is, cut, upper-cased and lower-cased."""
    for t in texts:
        yield t
        yield t._replace(group=t.group + " cut", text=t.text[:CUT])
        yield t._replace(group=t.group + " upper", title=t.title.upper(), text=t.text.upper())
        yield t._replace(group=t.group + " lower", title=t.title.lower(), text=t.text.lower())


def result(text: Text, rules: Rules) -> str:
    """The analysis of ``text`` as a string (or the error it raised)."""
    try:
        found = analyze(text.title, text.text, published=text.published, url=text.url, rules=rules)
    except Exception as error:  # an error is a result to compare too
        return f"error: {error!r}"
    return repr(found)


def timings(texts: Sequence[Text], rules: Rules, repeat: int) -> dict[str, tuple[int, float]]:
    """Texts and the least CPU milliseconds per text over ``repeat`` runs, per group."""
    for text in texts[:WARM_UP]:
        result(text, rules)
    groups: dict[str, list[Text]] = {}
    for text in texts:
        groups.setdefault(text.group, []).append(text)
    best: dict[str, tuple[int, float]] = {}
    for group, members in groups.items():
        runs = []
        for _ in range(repeat):
            started = time.process_time()
            for text in members:
                result(text, rules)
            runs.append((time.process_time() - started) * 1000 / len(members))
        best[group] = (len(members), min(runs))
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU time of the analysis; results compared.")
    parser.add_argument("--eval", type=Path, nargs="*", default=[], help="labelled JSON lines")
    parser.add_argument("--texts", type=Path, nargs="*", default=[], help="title/text lines")
    parser.add_argument("--synthetic", type=int, default=0, help="synthetic releases")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the least is kept")
    parser.add_argument("--dump", type=Path, help="write every result to this file")
    parser.add_argument("--compare", type=Path, help="list the results that differ from a dump")
    args = parser.parse_args(argv)
    rules = Rules.compile(Settings().analysis)
    texts = [t for path in (*args.eval, *args.texts) for t in eval_texts(path)]
    texts += synthetic_texts(args.synthetic)
    if args.dump or args.compare:
        checked = list(variants(texts))
        lines = [json.dumps([t.group, t.title[:60], result(t, rules)]) for t in checked]
        if args.dump:
            args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"{len(lines):,} results written to {args.dump}")
        if args.compare:
            before = args.compare.read_text(encoding="utf-8").splitlines()
            differ = [(b, a) for b, a in zip(before, lines, strict=True) if b != a]
            for b, a in differ:
                print(f"before: {b}\nafter:  {a}\n")
            print(f"{len(lines):,} results compared, {len(differ)} differ")
            if differ:
                return 1
        return 0
    print(f"{'texts':>6}  {'CPU ms per text':>15}  group")
    for group, (count, ms) in timings(texts, rules, args.repeat).items():
        print(f"{count:>6,}  {ms:>15.3f}  {group}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
