"""Fit the slope of the dialogue score on half A of the labelled sets and report half B:
``python -m flows.devtools.calibrate`` (both dev sets by default).

The score of a release is the logistic of ``scale`` * (evidence - threshold)
(``scrapers/analysis/classify.py``). This prints the log loss and the Brier score of each half
for a range of slopes and the slope that fits half A best: the value for ``scale`` in the
rules file's ``[weights]``. Half B, split by meeting (``subsets.py``), is the honest check.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from config import Settings, load_rules
from flows.core.records import analyze_record
from flows.devtools.evaluate import DEFAULT_DATA, Labelled, load
from flows.devtools.subsets import DEFAULT_SEED, split_by_meeting
from scrapers.analysis import Rules

SCALES = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
_EDGE = 1e-4


def losses(margins: Sequence[tuple[float, bool]], scale: float) -> tuple[float, float]:
    """(mean log loss, Brier score) of the logistic of ``scale`` * margin against the labels."""
    log_loss = brier = 0.0
    for margin, positive in margins:
        p = min(max(1.0 / (1.0 + math.exp(-scale * margin)), _EDGE), 1 - _EDGE)
        log_loss -= math.log(p if positive else 1.0 - p)
        brier += (p - positive) ** 2
    n = max(len(margins), 1)
    return log_loss / n, brier / n


def best_scale(margins: Sequence[tuple[float, bool]], scales: Sequence[float] = SCALES) -> float:
    """The slope of ``scales`` with the least log loss on ``margins``."""
    return min(scales, key=lambda s: losses(margins, s)[0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the dialogue score's slope on half A.")
    parser.add_argument("--data", type=Path, nargs="+", default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    settings = Settings(db=Path("unused.db")).analysis
    rules = load_rules(settings.rules)
    plain = rules.model_copy(update={"weights": dataclasses.replace(rules.weights, scale=1.0)})
    compiled = Rules.compile(settings, plain)
    items = [item for path in args.data for item in load(path)]
    half_a, half_b = split_by_meeting(items, args.seed)

    def margins(part: Sequence[Labelled]) -> list[tuple[float, bool]]:
        found = []
        for item in part:
            p = min(max(analyze_record(item.record, compiled).score, _EDGE), 1 - _EDGE)
            found.append((math.log(p / (1 - p)), item.positive))
        return found

    a, b = margins(half_a), margins(half_b)
    print(f"{'scale':>6}{'A log loss':>12}{'A Brier':>9}{'B log loss':>12}{'B Brier':>9}")
    for scale in SCALES:
        (la, ba), (lb, bb) = losses(a, scale), losses(b, scale)
        print(f"{scale:>6.2f}{la:>12.3f}{ba:>9.3f}{lb:>12.3f}{bb:>9.3f}")
    print(f"best on half A: scale = {best_scale(a)} (rules file: {rules.weights.scale})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
