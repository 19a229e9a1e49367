"""The benchmarks' p95: between runs measured, never beyond the slowest."""

import pytest

from flows.devtools.bench.percentiles import P95_SAMPLES, p95


def test_one_slow_run_in_forty_does_not_make_the_p95() -> None:
    runs = [10.0] * 38 + [20.0, 100.0]
    assert p95(runs) == pytest.approx(10.5)  # between the 38th and 39th runs


def test_the_p95_interpolates_between_the_ranked_runs() -> None:
    runs = [float(ms) for ms in range(1, 21)]  # 1 .. 20 ms
    assert p95(runs) == pytest.approx(19.05)


def test_a_p95_from_too_few_runs_is_refused() -> None:
    # Of 10 runs, statistics.quantiles' default put it above the slowest: nothing measured.
    with pytest.raises(ValueError, match=f"at least {P95_SAMPLES} samples, not 10"):
        p95([1.0] * 10)
