"""Sway of a recording in which the person leaves and comes back (analyze, issue: measures)."""

from __future__ import annotations

import numpy as np
import pytest

from balancegame.measures.stable_spans import stable_spans, sway_over_spans
from balancegame.measures.sway import sway_measures

FPS = 30.0


def sway(t):
    return 1.0 * np.sin(2 * np.pi * 0.3 * t) + 0.4 * np.sin(2 * np.pi * 0.7 * t + 1.0)  # cm


def test_leaving_and_coming_back_elsewhere_is_not_sway():
    t = np.arange(0, 24, 1 / FPS)
    present = (t < 10) | (t >= 12)
    # Back in view at 12 s 40 cm to the side, walking to a new spot 20 cm out by 13.5 s.
    walk = np.interp(t, [12, 13.5], [40.0, 20.0])
    x = np.where(t < 10, sway(t), walk + sway(t))
    x[~present] = np.nan
    used, excluded = stable_spans(t, present)
    assert [e["reason"] for e in excluded] == ["about to leave the view", "nobody in view",
                                               "coming back into view: settling"]
    assert excluded[1]["from_s"] == pytest.approx(10.0, abs=0.05)  # s
    assert excluded[2]["to_s"] == pytest.approx(14.0, abs=0.05)  # s: 2 s of settling
    measured = sway_over_spans(t, x, used)
    # The same sway with nobody leaving, over the same stretches:
    truth = sway_measures(t[used], sway(t)[used] - 0.0)
    naive = sway_measures(t, x)  # straight across the gap, as before
    assert naive.rms_ml_cm > 5 * truth.rms_ml_cm  # what went wrong
    assert measured.rms_ml_cm == pytest.approx(truth.rms_ml_cm, rel=0.1)
    assert measured.range_ml_cm == pytest.approx(truth.range_ml_cm, rel=0.15)
    # Path: the within-span steps only, over the measured time only.
    assert measured.duration_s == pytest.approx(9.0 + 10.0, abs=0.1)  # s
    assert measured.mean_velocity_cm_s == pytest.approx(
        sway_measures(t, sway(t)).mean_velocity_cm_s, rel=0.1)
    assert "stable spans" in measured.notes[-1]


def test_one_uninterrupted_span_is_measured_whole():
    t = np.arange(0, 10, 1 / FPS)
    used, excluded = stable_spans(t, np.ones_like(t, dtype=bool))
    assert used.all() and excluded == []
    assert sway_over_spans(t, sway(t), used) == sway_measures(t, sway(t))


def test_nobody_at_all_gives_nothing_to_measure():
    t = np.arange(0, 5, 1 / FPS)
    used, excluded = stable_spans(t, np.zeros_like(t, dtype=bool))
    assert not used.any() and sway_over_spans(t, np.full_like(t, np.nan), used) is None
