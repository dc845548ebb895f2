"""Weighted up-down staircase: converges to the target success rate, stays in bounds."""

import numpy as np
import pytest

from balancegame.prescription.adaptive import AdaptiveSpec, Staircase


def test_steps_follow_kaernbach_ratio():
    s = Staircase(AdaptiveSpec(0.75, 1, 10), level=5.0)
    assert s.step_up == pytest.approx(1 / 3)
    rec = s.update(True)
    assert rec["preset_after"] == pytest.approx(5 + 1 / 3, abs=1e-4)
    assert rec["why"] == "harder after a success"
    assert s.update(False)["preset_after"] == pytest.approx(4 + 1 / 3, abs=1e-4)


def test_bounds_are_the_therapists():
    s = Staircase(AdaptiveSpec(0.75, 2, 3), level=3.0)
    rec = s.update(True)
    assert s.level == 3.0 and "maximum" in rec["why"]
    for _ in range(5):
        s.update(False)
    assert s.level == 2.0


@pytest.mark.parametrize("target", [0.6, 0.75, 0.9])
def test_settles_at_the_target_success_rate(target):
    """A simulated patient whose success falls with difficulty (logistic in preset)."""
    rng = np.random.default_rng(1)
    s = Staircase(AdaptiveSpec(target, 1, 10), level=1.0)
    successes = []
    for i in range(4000):
        p_success = 1 / (1 + np.exp(s.level - 5.5))
        ok = bool(rng.random() < p_success)
        s.update(ok)
        if i >= 500:
            successes.append(ok)
    assert np.mean(successes) == pytest.approx(target, abs=0.03)
