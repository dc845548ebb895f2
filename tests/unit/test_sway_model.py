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


def test_quiet_standing_from_earlier_in_the_session_is_borrowed_when_it_sways_alike():
    """A 3 s countdown alone is too little; 4 s of the same sway from an earlier level make a
    model, and how much of it was borrowed is told."""
    countdown = quiet(3.0, t0_s=100.0)
    assert learn_sway([countdown]) is None
    earlier = quiet(4.0, seed=5, t0_s=20.0)
    model = learn_sway([countdown], borrowed=[earlier])
    assert model is not None
    assert model.span_s == pytest.approx(7.0, abs=0.1)
    assert model.borrowed_s == pytest.approx(4.0, abs=0.1)
    assert learn_sway([quiet(8.0)]).borrowed_s == 0.0


def test_quiet_standing_that_swayed_much_less_or_more_is_not_borrowed():
    """A wider stance or a rested patient (a quarter of the sway), or a stretch with a
    movement in it (four times): not this level's sway.  With no countdown of its own a
    level has nothing to compare with, and no model."""
    countdown = quiet(3.0, t0_s=100.0)
    seated = quiet(4.0, seed=5, sway_cm=0.075, noise_cm=0.0375, t0_s=20.0)
    swaying = quiet(4.0, seed=6, sway_cm=1.2, noise_cm=0.6, t0_s=40.0)
    assert learn_sway([countdown], borrowed=[seated]) is None
    assert learn_sway([countdown], borrowed=[swaying]) is None
    assert learn_sway([], borrowed=[quiet(8.0, seed=7)]) is None


def test_a_long_earlier_stretch_is_compared_over_windows_as_long_as_the_countdown():
    """The slow part of the sway shows more over 12 s than over 3 s (one line is taken out
    of each): compared whole, the same patient's earlier 12 s looked like more than twice the
    countdown's sway and were left out."""
    countdown = quiet(3.0, sway_cm=1.0, t0_s=100.0)
    earlier = quiet(12.0, seed=5, sway_cm=1.0, t0_s=20.0)
    model = learn_sway([countdown], borrowed=[earlier])
    assert model is not None and model.borrowed_s == pytest.approx(12.0, abs=0.1)


def test_a_level_lends_only_the_stretches_it_would_learn_from():
    from balancegame.measures.sway_model import kept_stretches

    countdown = quiet(3.0)
    t, x = quiet(1.5, seed=2, t0_s=10.0)
    moving = (t, x + 10.0 * np.clip((t - 10.5) / 0.5, 0, 1))
    calm = quiet(1.5, seed=3, t0_s=20.0)
    assert [s[0][0] for s in kept_stretches([countdown, moving, calm])] == [
        countdown[0][0], calm[0][0]]
    assert kept_stretches([]) == []
