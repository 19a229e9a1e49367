"""Percentiles of a benchmark's latencies, as they were measured.

``statistics.quantiles``' default method ("exclusive") places the 95th percentile of 10 samples
beyond the slowest of them: 0.45 of the gap between the two slowest runs above the slowest. The
benchmarks take enough samples for the rank (at least 20 for a p95) and interpolate between
the runs measured ("inclusive"), so a figure is never slower than any run it was taken from.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

P95_SAMPLES = 20  # the fewest samples a p95 is taken from: one run in 20 above it


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile of ``samples`` (at least ``P95_SAMPLES``), between measured runs."""
    if len(samples) < P95_SAMPLES:
        raise ValueError(f"a p95 needs at least {P95_SAMPLES} samples, not {len(samples)}")
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]
