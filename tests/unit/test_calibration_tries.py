"""One limits-of-stability try judged from its samples (calibrating/reach.py), and the best of
three kept (calibrating/limits.py): pure, on made-up trajectories with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from balancegame.calibrating.limits import limits_outcome
from balancegame.calibrating.reach import TryResult, judge_try

T = np.arange(0.0, 6.0, 1 / 30)  # s, 30 Hz; the target appears at 1 s
ONSET_S = 1.5  # the lean starts here


def lean(cm: float, t_s: np.ndarray = T, move_s: float = 1.0) -> np.ndarray:
    u = np.clip((t_s - ONSET_S) / move_s, 0, 1)
    return cm * (10 * u**3 - 15 * u**4 + 6 * u**5)  # minimum jerk


def judged(along, present=None, feet=None, threshold_cm=1.0):
    present = np.ones_like(T, bool) if present is None else present
    return judge_try(T, along, along, present, 1.0, threshold_cm=threshold_cm,
                     target_cm=12.0, feet=feet)


def test_a_lean_is_measured_with_the_five_measures():
    r = judged(lean(8.0))
    assert r.outcome == "measured" and r.max_excursion_cm == pytest.approx(8.0)
    m = r.measures
    assert m["reaction_time_ms"] == pytest.approx(500, abs=60)  # ms; onset 0.5 s after
    assert m["endpoint_excursion_cm"] == pytest.approx(8.0, abs=0.3)
    # minimum jerk over 1 s: from 5 % to 95 % of the way takes 0.62 s
    assert m["movement_velocity_cm_s"] == pytest.approx(0.9 * 8.0 / 0.62, rel=0.05)
    assert m["directional_control_pct"] == pytest.approx(100.0)


@pytest.mark.parametrize(("along", "outcome"), [
    (lean(-6.0), "wrong_way"), (lean(0.5), "no_movement"), (lean(1.8), "no_movement")])
def test_no_lean_or_the_wrong_way_is_not_a_limit(along, outcome):
    assert judged(along).outcome == outcome


def test_the_patients_own_sway_sets_how_far_is_a_movement():
    assert judged(lean(3.0), threshold_cm=1.0).outcome == "measured"
    assert judged(lean(3.0), threshold_cm=3.5).outcome == "no_movement"


def test_out_of_view_and_a_step_void_the_try():
    present = np.ones_like(T, bool)
    present[(T > 2.0) & (T < 2.6)] = False  # 0.6 s unseen
    assert judged(lean(8.0), present).outcome == "out_of_view"
    present = np.ones_like(T, bool)
    present[(T > 2.0) & (T < 2.3)] = False  # a 0.3 s drop-out is not leaving the view
    assert judged(lean(8.0), present).outcome == "measured"
    feet = np.column_stack([np.zeros_like(T), np.zeros_like(T), np.full_like(T, 25.0)])
    assert judged(lean(8.0), feet=feet).outcome == "measured"
    feet[T > 2.2, 2] = 36.0  # the feet 11 cm wider: a side step
    assert judged(lean(8.0), feet=feet).outcome == "stepped"
    feet[:, 2], feet[T > 2.2, 0] = 25.0, 7.0  # the left ankle lifted 7 cm
    assert judged(lean(8.0), feet=feet).outcome == "stepped"


def test_the_best_try_is_kept_and_a_direction_without_one_fails():
    tries = {"left": [TryResult("measured", 7.0), TryResult("stepped"),
                      TryResult("measured", 8.5)],
             "right": [TryResult("measured", 10.0)] * 3}
    out = limits_outcome(tries, neutral={}, side="both", target_cm={"left": 12, "right": 12})
    assert out.ok and out.results["limits"]["left"]["value"] == 8.5
    assert out.results["limits"]["left"]["tries_cm"] == [7.0, None, 8.5]
    tries["right"] = [TryResult("wrong_way"), TryResult("no_movement"), TryResult("wrong_way")]
    out = limits_outcome(tries, neutral={}, side="both", target_cm={})
    assert (out.problem, out.direction, out.results) == ("wrong_way", "right", None)
    one = limits_outcome({"left": tries["left"]}, neutral={}, side="left", target_cm={})
    assert one.ok and list(one.results["limits"]) == ["left"]
