"""Import cost as the archive grows: ``make bench`` or ``python -m flows.devtools.bench``.

Generates ``--count`` synthetic releases (default 100,000; seeded, so every run is the same):
dialogue releases of many party pairs, rounds, dates and places, with varied wording and
topics; unrelated releases; and about one in ten a near copy of an earlier release (an
aggregator header added, a sentence dropped, a word changed). They are imported in batches
through ``cyberwatch import``'s path (analysis, save, copies, events) into a fresh archive,
and the wall and CPU time per release are printed for every block of ``--block`` releases
(the CPU time of this process and its judging workers together): flat numbers
mean that checking a new release does not get dearer as the archive grows (copies are found
by LSH band lookups in an index, events by an index on their parties).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from config import Settings
from flows.core.judging import Judges
from flows.core.records import Record, import_records
from flows.devtools.bench.processes import tree_cpu
from scrapers.analysis import Rules
from storage import Store

COUNTRIES = (
    ("Republic of Korea", "KR"), ("United Kingdom", "GB"), ("Japan", "JP"), ("Australia", "AU"),
    ("India", "IN"), ("Germany", "DE"), ("France", "FR"), ("Canada", "CA"), ("Singapore", "SG"),
    ("Netherlands", "NL"), ("European Union", "EU"), ("United States", "US"), ("Israel", "IL"),
    ("Poland", "PL"), ("Estonia", "EE"), ("Brazil", "BR"), ("Mexico", "MX"), ("Kenya", "KE"),
    ("Indonesia", "ID"), ("Viet Nam", "VN"), ("Philippines", "PH"), ("New Zealand", "NZ"),
)  # fmt: skip
CITIES = (
    "London", "Seoul", "Tokyo", "Canberra", "New Delhi", "Berlin", "Paris", "Ottawa",
    "Singapore", "The Hague", "Brussels", "Washington, D.C.", "Warsaw", "Tallinn",
)  # fmt: skip
TOPICS = (
    "the protection of critical infrastructure", "countering ransomware", "capacity building",
    "North Korea's theft of cryptocurrency", "norms of responsible state behaviour",
    "international law in cyberspace", "cybercrime and law enforcement cooperation",
    "artificial intelligence", "the Pall Mall Process", "supply chain security",
    "information sharing on threats", "cyber skills and the workforce",
)  # fmt: skip
_WORDS = (
    "government officials programme policy regional development economic partners budget "
    "agriculture health education transport climate energy trade investment culture science "
    "weather flood relief grant funding ministry annual report review consultation citizens "
    "infrastructure housing water security community support national local services"
)
WORDS = _WORDS.split()


def releases(count: int, *, seed: int = 7) -> Iterator[Record]:
    """``count`` synthetic releases: about 30% dialogues (each pair of parties holding its own
    series of rounds over the years), 60% other releases, 10% near copies of earlier ones."""
    rng = random.Random(seed)
    kept: list[Record] = []
    series: dict[tuple[str, str], int] = {}
    start = date(2000, 1, 1)
    for number in range(count):
        roll = rng.random()
        if roll < 0.1 and kept:
            yield _copy(rng.choice(kept), number, rng)
            continue
        if roll < 0.4:
            a, b = sorted(rng.sample(COUNTRIES, 2))
            held = series[(a[1], b[1])] = series.get((a[1], b[1]), 0) + 1
            day = start + timedelta(days=held * 45 + rng.randrange(30))
            record = _dialogue(number, (a[0], b[0]), held, day, rng)
        else:
            day = start + timedelta(days=rng.randrange(9000))
            record = _other(number, datetime(day.year, day.month, day.day, tzinfo=UTC), rng)
        if len(kept) < 5000:
            kept.append(record)
        else:
            kept[rng.randrange(5000)] = record
        yield record


def _dialogue(
    number: int, names: tuple[str, str], held: int, day: date, rng: random.Random
) -> Record:
    a, b = names
    ordinal = _ordinal(held)
    city = rng.choice(CITIES)
    topics = ", ".join(rng.sample(TOPICS, 4))
    when = f"{day.day} {day.strftime('%B')} {day.year}"
    title = f"The {ordinal} {a}-{b} Cyber Dialogue"
    text = (
        f"The {ordinal} {a}-{b} Cyber Dialogue was held in {city} on {when}. "
        f"The dialogue was co-chaired by {_person(rng)}, Ambassador for Cyber Affairs, and "
        f"{_person(rng)}, Director for International Security. "
        f"The two sides discussed {topics}. " + _filler(rng, 60) + " "
        f"Both sides agreed to hold the next dialogue in {rng.choice(CITIES)}."
    )
    published = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
    return Record(number, f"https://gov.example/{number}", title, text, published, "bench-gov")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _other(number: int, published: datetime, rng: random.Random) -> Record:
    title = " ".join(rng.sample(WORDS, 6)).capitalize()
    text = _filler(rng, 120)
    return Record(number, f"https://gov.example/{number}", title, text, published, "bench-gov")


def _copy(original: Record, number: int, rng: random.Random) -> Record:
    sentences = original.text.split(". ")
    if len(sentences) > 3:
        sentences.pop(rng.randrange(1, len(sentences) - 1))
    header = f"{original.published:%m/%d/%Y} | Press release | Distributed by Public on today"
    text = header + "\n" + ". ".join(sentences).replace("agreed", "decided", 1)
    return Record(
        number, f"https://aggregator.example/{number}", original.title, text,
        original.published, "bench-aggregator",
    )  # fmt: skip


def _person(rng: random.Random) -> str:
    first = rng.choice(("Anna", "Minjun", "Kenji", "Priya", "Lukas", "Claire", "Tom", "Sofia"))
    last = rng.choice(("Whitfield", "Park", "Tanaka", "Sharma", "Becker", "Martin", "Novak"))
    return f"{first} {last}"


def _filler(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def run(
    count: int, block: int, batch: int, out: Path, *, workers: int | None = None
) -> list[tuple[int, float]]:
    """Import ``count`` releases into ``out``; per-release milliseconds for each block (wall
    time, returned and printed; the CPU time of this process and its judging workers
    together, printed: the work done, without the waits). ``workers``: the judging processes
    (``[poll] workers``; None: its default, one per core)."""
    settings = Settings(db=out)
    rules = Rules.compile(settings.analysis)
    workers = settings.poll.pool_workers if workers is None else workers
    timings: list[tuple[int, float]] = []
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with Store.open(out) as store, Judges(rules, workers=workers) as judges:
        pending: list[Record] = []
        started, cpu, done = time.perf_counter(), tree_cpu(os.getpid()), 0
        for record in releases(count):
            pending.append(record)
            if len(pending) == batch:
                import_records(pending, store, rules=rules, now=now, judges=judges)
                done += len(pending)
                pending = []
                if done % block == 0:
                    wall = (time.perf_counter() - started) * 1000 / block
                    used = (tree_cpu(os.getpid()) - cpu) * 1000 / block
                    timings.append((done, wall))
                    print(f"{done:>9,}  {wall:7.2f} ms/release  {used:5.2f} ms CPU", flush=True)
                    started, cpu = time.perf_counter(), tree_cpu(os.getpid())
        if pending:
            import_records(pending, store, rules=rules, now=now, judges=judges)
        print(f"archive: {store.count_releases():,} releases, {len(store.events()):,} events")
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import cost per release as the archive grows.")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--block", type=int, default=10_000, help="releases per timing line")
    parser.add_argument("--batch", type=int, default=1_000, help="releases per import call")
    parser.add_argument("--db", type=Path, help="archive to create (default: a temporary one)")
    parser.add_argument(
        "--workers", type=int, help="judging processes (default: one per core; 0: none)"
    )
    args = parser.parse_args(argv)
    if args.block % args.batch:
        parser.error("--block must be a multiple of --batch")
    print(f"importing {args.count:,} synthetic releases, timing every {args.block:,}")
    print(f"{'releases':>9}  cost")
    if args.db:
        run(args.count, args.block, args.batch, args.db, workers=args.workers)
        return 0
    with tempfile.TemporaryDirectory(prefix="cyberwatch-bench-") as tmp:
        run(args.count, args.block, args.batch, Path(tmp) / "bench.db", workers=args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
