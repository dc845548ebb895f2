"""Movement onset on synthetic trajectories with a known start."""

import numpy as np
import pytest

from balancegame.measures.minimum_jerk import minimum_jerk
from balancegame.measures.reaction import detect_movement_onset

FPS = 30.0


def trajectory(t_move_s, amplitude_cm=14.0, duration_s=0.6, noise_cm=0.15, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(0, 6, 1 / FPS) + 0.0123
    x = 2.0 + amplitude_cm * minimum_jerk((t - t_move_s) / duration_s)
    return t, x + rng.normal(0, noise_cm, t.size)


@pytest.mark.parametrize("rt_s", [0.4, 0.6, 0.9])
@pytest.mark.parametrize("direction", [1, -1])
def test_onset_found_close_to_the_true_start(rt_s, direction):
    t_stim = 2.0
    t, x = trajectory(t_stim + rt_s)
    x = 2.0 + (x - 2.0) * direction
    onset = detect_movement_onset(t, x, t_stim, direction)
    assert onset.t_onset_s is not None
    err_ms = (onset.t_onset_s - (t_stim + rt_s)) * 1e3
    # The minimum-jerk fit recovers the start within one frame period.
    assert abs(err_ms) <= 1000 / FPS, err_ms
    assert onset.method == "minimum-jerk fit"


def test_movement_the_wrong_way_is_not_an_onset():
    t, x = trajectory(2.5)
    onset = detect_movement_onset(t, x, 2.0, -1)
    assert onset.t_onset_s is None


def test_no_movement_no_onset_and_baseline_reported():
    t, x = trajectory(100.0, noise_cm=0.2)
    onset = detect_movement_onset(t, x, 2.0, 1)
    assert onset.t_onset_s is None
    assert onset.baseline_cm == pytest.approx(2.0, abs=0.15)
    assert onset.baseline_sd_cm == pytest.approx(0.2, abs=0.07)


def test_missing_samples_are_ignored():
    t, x = trajectory(2.6)
    x[::3] = np.nan
    onset = detect_movement_onset(t, x, 2.0, 1)
    assert onset.t_onset_s is not None and abs(onset.t_onset_s - 2.6) < 0.2
