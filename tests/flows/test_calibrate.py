"""The slope fit of the dialogue score (flows/devtools/calibrate.py) on made-up margins."""

import math

from flows.devtools.calibrate import best_scale, losses


def test_losses_of_a_perfectly_confident_right_answer_are_near_zero() -> None:
    log_loss, brier = losses([(20.0, True), (-20.0, False)], 1.0)
    assert log_loss < 1e-3 and brier < 1e-6


def test_a_coin_toss_costs_log_two() -> None:
    log_loss, brier = losses([(0.0, True), (0.0, False)], 1.0)
    assert math.isclose(log_loss, math.log(2)) and math.isclose(brier, 0.25)


def test_cleanly_separated_margins_want_a_steep_slope_and_noisy_ones_a_flat_one() -> None:
    clean = [(2.0, True)] * 10 + [(-2.0, False)] * 10
    noisy = [(2.0, True)] * 6 + [(2.0, False)] * 4 + [(-2.0, False)] * 6 + [(-2.0, True)] * 4
    assert best_scale(clean) == 3.0
    assert best_scale(noisy) == 0.5
