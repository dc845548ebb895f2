"""The feedback benchmark's figures (benchmarks/feedback_figures.py) on markers with a known
answer: a copy of the truth shifted by a known lag, one that overshoots by a known amount, one
with known noise."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from feedback_figures import Movement, all_figures  # noqa: E402

from balancegame.demo.movement_shapes import minimum_jerk  # noqa: E402


def truth_at(t):
    """Two 10 cm reaches (out at 2 s, back at 4 s) on a still body."""
    t = np.asarray(t, dtype=float)
    return 10.0 * (minimum_jerk((t - 2.0) / 0.6) - minimum_jerk((t - 4.0) / 0.6))


MOVES = [Movement(2.0, 2.6, 1, 10.0), Movement(4.0, 4.6, -1, 10.0)]
QUIET = [(0.2, 1.8), (5.5, 7.5)]
FLIPS = np.arange(0.0, 8.0, 1 / 60)


@pytest.mark.parametrize("lag_ms", [0.0, 17.0, 55.0, 150.0])
def test_a_delayed_copy_of_the_truth_has_that_lag_and_no_overshoot(lag_ms):
    marker = truth_at(FLIPS - lag_ms / 1e3)
    f = all_figures(FLIPS, marker, truth_at, MOVES, QUIET)
    assert f["marker_lag_ms"] == pytest.approx(lag_ms, abs=1.0)  # ms
    assert f["lag_first_half_ms"] == pytest.approx(lag_ms, abs=1.0)
    assert f["lag_second_half_ms"] == pytest.approx(lag_ms, abs=1.0)
    assert f["overshoot_pct"] == pytest.approx(0.0, abs=0.1)
    assert f["quiet_jitter_cm"] == pytest.approx(0.0, abs=1e-6)
    assert (f["marker_rms_cm"] > 0.5) == (lag_ms > 50)


def test_an_overshoot_is_measured_in_percent_of_the_movement():
    bump = 1.5 * np.exp(-(((FLIPS - 2.65) / 0.08) ** 2))  # 1.5 cm past the end of 10 cm
    marker = truth_at(FLIPS) + bump
    f = all_figures(FLIPS, marker, truth_at, MOVES, QUIET)
    assert f["overshoot_pct_max"] == pytest.approx(15.0, abs=0.5)
    assert f["overshoot_pct"] == pytest.approx(7.5, abs=0.5)  # median of 15 and 0


def test_jitter_is_the_fast_part_of_the_error_at_rest():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 0.2, FLIPS.size)  # cm
    offset = 0.5  # a steady offset is not jitter # cm
    f = all_figures(FLIPS, truth_at(FLIPS) + noise + offset, truth_at, MOVES, QUIET)
    assert f["quiet_jitter_cm"] == pytest.approx(0.2, rel=0.1)


def test_a_marker_late_to_start_and_early_to_stop_shows_both_in_the_halves():
    # Starts 120 ms late and arrives 40 ms early: the one lag figure averages them away.
    marker = 10.0 * (minimum_jerk((FLIPS - 2.12) / 0.44) - minimum_jerk((FLIPS - 4.12) / 0.44))
    f = all_figures(FLIPS, marker, truth_at, MOVES, QUIET)
    assert f["lag_first_half_ms"] > 60
    assert f["lag_second_half_ms"] < f["lag_first_half_ms"] - 60
    assert f["marker_lag_ms"] < f["lag_first_half_ms"]


def test_a_wobble_after_the_movement_is_the_settle_rms():
    after = (FLIPS > 2.6) & (FLIPS < 3.4)  # the 0.8 s after the first reach ended
    wobble = np.where(after, 0.5 * np.sin(2 * np.pi * 5 * (FLIPS - 2.6)), 0.0)  # cm
    f = all_figures(FLIPS, truth_at(FLIPS) + wobble, truth_at, MOVES, QUIET)
    # RMS 0.5/sqrt(2) over the first movement's 0.8 s, 0 over the second's.
    assert f["settle_rms_cm"] == pytest.approx(0.5 / np.sqrt(2) / np.sqrt(2), rel=0.05)
    assert all_figures(FLIPS, truth_at(FLIPS), truth_at, MOVES, QUIET)["settle_rms_cm"] == 0.0
