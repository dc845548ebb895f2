"""The sway model learnt from quiet standing, and the first-movement test under it."""

import numpy as np
import pytest

from balancegame.measures.sway_model import MIN_QUIET_S, learn_sway

FPS = 30.0


def quiet(seconds, seed=0, sway_cm=0.3, f_hz=0.25, noise_cm=0.15, t0_s=0.0):
    rng = np.random.default_rng(seed)
    t = t0_s + np.arange(0, seconds, 1 / FPS) + rng.normal(0, 0.002, int(seconds * FPS))
    return t, sway_cm * np.sin(2 * np.pi * f_hz * t + 1.0) + rng.normal(0, noise_cm, t.size)


def test_the_white_noise_and_the_sway_are_told_apart():
    model = learn_sway([quiet(8.0)])
    assert model.white_cm2 == pytest.approx(0.15**2, rel=0.3)  # cm²
    slow = [c for c in model.components if c[1] < 0.6 and c[0] > 0.01]
    # A sinusoid's power (0.045 cm²), within a factor of 2: 8 s hold two periods.
    assert 0.3**2 / 4 < sum(c[0] for c in slow) < 0.3**2
    assert model.span_s == pytest.approx(8.0, abs=0.1)


def test_the_covariance_is_positive_definite_at_jittered_times():
    model = learn_sway([quiet(8.0)])
    t = np.sort(np.random.default_rng(1).uniform(0, 3, 90))
    assert np.linalg.eigvalsh(model.covariance(t)).min() > 0


def test_too_little_or_still_quiet_standing_gives_no_model():
    assert learn_sway([quiet(MIN_QUIET_S - 0.5)]) is None
    t = np.arange(0, 8, 1 / FPS)
    assert learn_sway([(t, np.zeros_like(t))]) is None  # a frozen signal: nothing to learn
    assert learn_sway([]) is None


def test_a_later_stretch_with_a_movement_in_it_is_left_out():
    countdown = quiet(5.0)
    t, x = quiet(1.5, seed=2, t0_s=10.0)
    moving = (t, x + 10.0 * np.clip((t - 10.5) / 0.5, 0, 1))  # a 10 cm return in it
    model = learn_sway([countdown, moving])
    assert model.span_s == pytest.approx(5.0, abs=0.1)
    assert learn_sway([countdown, (t, x)]).span_s == pytest.approx(6.5, abs=0.1)


def test_a_hesitant_start_is_found_under_the_sway_and_a_plain_movement_is_left_alone():
    from balancegame.demo.movement_shapes import position_share
    from balancegame.measures.reaction import detect_movement_onset

    model = learn_sway([quiet(8.0, t0_s=-8.0)])
    t, sway = quiet(8.0, seed=3)
    for shape, first in (("hesitant", True), ("minimum-jerk", False)):
        x = sway + 10.0 * position_share(shape, t - 3.5, 0.6)
        onset = detect_movement_onset(t, x, 3.0, +1, sway=model)
        assert ("after a first small movement" in onset.method) is first
        assert onset.t_onset_s == pytest.approx(3.5, abs=0.1)  # s
