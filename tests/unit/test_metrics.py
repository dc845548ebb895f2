"""Sway measures pinned to analytic values (tolerances stated with units)."""

import math

import numpy as np
import pytest

from balancegame.measures.sway import (
    dual_task_effect,
    f_quantile_95,
    sway_measures,
    window_trend_per_min,
    windowed_sway,
)


def test_sine_ml_only():
    amp_cm, f_hz, dur_s, fs = 2.0, 0.5, 20.0, 200.0
    t = np.arange(0, dur_s, 1 / fs)
    x = 5.0 + amp_cm * np.sin(2 * np.pi * f_hz * t)
    m = sway_measures(t, x)
    assert m.rms_ml_cm == pytest.approx(amp_cm / math.sqrt(2), rel=1e-3)
    assert m.range_ml_cm == pytest.approx(2 * amp_cm, rel=1e-3)
    # Path of a sine: 4 A per cycle.
    assert m.path_length_cm == pytest.approx(4 * amp_cm * f_hz * dur_s, rel=2e-3)
    assert m.mean_velocity_cm_s == pytest.approx(4 * amp_cm * f_hz, rel=2e-3)
    assert m.mean_distance_cm == pytest.approx(2 * amp_cm / math.pi, rel=2e-3)
    # 1-D mean frequency: path / (2 pi mean distance T) = 4Af / (2 pi 2A/pi) = f.
    assert m.mean_frequency_hz == pytest.approx(f_hz, rel=5e-3)
    assert m.rms_ap_cm is None and m.ellipse95_area_cm2 is None
    assert any("ML only" in n for n in m.notes)


def test_circle_planar():
    r_cm, f_hz, dur_s, fs = 1.5, 0.25, 40.0, 100.0
    t = np.arange(0, dur_s, 1 / fs)
    ml = r_cm * np.cos(2 * np.pi * f_hz * t)
    ap = r_cm * np.sin(2 * np.pi * f_hz * t)
    m = sway_measures(t, ml, ap)
    assert m.mean_distance_cm == pytest.approx(r_cm, rel=1e-3)
    assert m.rms_planar_cm == pytest.approx(r_cm, rel=1e-3)
    assert m.path_length_cm == pytest.approx(2 * np.pi * r_cm * f_hz * dur_s, rel=1e-3)
    assert m.mean_frequency_hz == pytest.approx(f_hz, rel=2e-3)


def test_gaussian_cloud_ellipse_area():
    rng = np.random.default_rng(3)
    cov = np.array([[4.0, 1.2], [1.2, 1.0]])
    n = 200_000
    pts = rng.multivariate_normal([0, 0], cov, n)
    t = np.arange(n) / 100.0
    m = sway_measures(t, pts[:, 0], pts[:, 1])
    expected = 2 * np.pi * f_quantile_95(2, n - 2) * np.sqrt(np.linalg.det(cov))
    assert m.ellipse95_area_cm2 == pytest.approx(expected, rel=0.01)
    assert m.rms_ml_cm == pytest.approx(2.0, rel=0.01)
    assert m.rms_ap_cm == pytest.approx(1.0, rel=0.01)


def test_f_quantile_matches_scipy():
    scipy_stats = pytest.importorskip("scipy.stats")
    for dfd in (3, 10, 100, 5000):
        assert f_quantile_95(2, dfd) == pytest.approx(scipy_stats.f.ppf(0.95, 2, dfd), rel=1e-9)


def test_uneven_timestamps_and_nans():
    t = np.array([0.0, 0.01, 0.05, 0.2, 0.21, 1.0])
    x = np.array([0.0, 1.0, np.nan, 1.0, 0.0, 0.0])
    m = sway_measures(t, x)
    assert m.n_samples == 5
    assert m.path_length_cm == pytest.approx(2.0)
    assert m.duration_s == pytest.approx(1.0)


def test_too_few_samples():
    assert sway_measures(np.array([0.0, 1.0]), np.array([0.0, 1.0])) is None


# ---------------------------------------------------------------- windows
def test_windows_of_a_sine_each_give_the_sine_measures():
    amp_cm, f_hz, fs = 1.0, 0.5, 30.0
    t = np.arange(0, 40, 1 / fs)
    x = amp_cm * np.sin(2 * np.pi * f_hz * t)
    windows = windowed_sway(t, x, window_s=10.0)
    assert [w.index for w in windows] == [0, 1, 2, 3]
    assert windows[1].t_start_s == pytest.approx(10.0) and windows[1].t_end_s == pytest.approx(20)
    for w in windows:
        # 5 whole cycles per window: path 4 A f T, RMS A / sqrt 2 (within 1 %).
        assert w.measures.path_length_cm == pytest.approx(4 * amp_cm * f_hz * 10.0, rel=0.01)
        assert w.measures.rms_ml_cm == pytest.approx(amp_cm / math.sqrt(2), rel=0.01)


def test_windows_show_a_decline_as_a_trend():
    # Sway amplitude growing linearly over 60 s (fatigue): RMS rises per minute.
    t = np.arange(0, 60, 1 / 30)
    amp_cm = 0.5 + t / 60.0  # 0.5 cm -> 1.5 cm over one minute
    x = amp_cm * np.sin(2 * np.pi * 0.5 * t)
    windows = windowed_sway(t, x, window_s=10.0)
    slope = window_trend_per_min(windows, "rms_ml_cm")
    assert slope == pytest.approx(1.0 / math.sqrt(2), rel=0.05)  # cm RMS per minute
    assert window_trend_per_min(windows[:2], "rms_ml_cm") is None  # < 3 windows


def test_partial_last_window_kept_only_if_half_a_window():
    t = np.arange(0, 24.0, 0.1)  # 2 full windows + 4 s
    assert len(windowed_sway(t, np.sin(t), window_s=10.0)) == 2
    t = np.arange(0, 26.0, 0.1)  # 2 full windows + 6 s
    windows = windowed_sway(t, np.sin(t), window_s=10.0)
    assert len(windows) == 3 and windows[2].t_end_s == pytest.approx(t[-1])


def test_window_with_person_out_of_view_has_no_measures():
    t = np.arange(0, 30, 0.1)
    x = np.sin(t)
    x[(t >= 10) & (t < 20)] = np.nan
    windows = windowed_sway(t, x, window_s=10.0)
    assert windows[1].measures is None and windows[2].measures is not None


def test_measures_carry_unit_and_definition():
    t = np.arange(0, 10, 0.1)
    m = sway_measures(t, np.sin(t))
    table = m.with_units()
    assert table["mean_velocity_cm_s"]["unit"] == "cm/s"
    assert table["ellipse95_area_cm2"]["value"] is None
    assert "Prieto" in table["ellipse95_area_cm2"]["definition"]


def test_prediction_ellipse_factor_stated_matches_the_formula():
    # The variant note: prediction / confidence = (n+1)(n-1) / (n(n-2)); check that the
    # stated factor turns our (Prieto) area into the textbook prediction area.
    rng = np.random.default_rng(5)
    n = 50
    pts = rng.normal(size=(n, 2)) * [2.0, 1.0]
    m = sway_measures(np.arange(n) / 10, pts[:, 0], pts[:, 1])
    s = np.cov(pts.T, ddof=1)
    f = f_quantile_95(2, n - 2)
    prediction = np.pi * 2 * (n + 1) * (n - 1) / (n * (n - 2)) * f * np.sqrt(np.linalg.det(s))
    assert m.ellipse95_area_cm2 * (n + 1) * (n - 1) / (n * (n - 2)) == pytest.approx(prediction)


# ------------------------------------------------------- dual-task effect
# Convention: negative DTE = dual-task cost (a worsening), whatever the measure.
def test_dte_sway_more_sway_under_dual_task_is_a_cost():
    assert dual_task_effect(2.0, 3.0, higher_is_better=False) == pytest.approx(-50.0)
    assert dual_task_effect(2.0, 1.5, higher_is_better=False) == pytest.approx(25.0)


def test_dte_correct_answers_fewer_is_a_cost():
    assert dual_task_effect(20, 15, higher_is_better=True) == pytest.approx(-25.0)
    assert dual_task_effect(20, 22, higher_is_better=True) == pytest.approx(10.0)


def test_dte_reaction_time_slower_is_a_cost():
    assert dual_task_effect(500.0, 600.0, higher_is_better=False) == pytest.approx(-20.0)
    assert dual_task_effect(500.0, 500.0, higher_is_better=False) == 0.0


@pytest.mark.parametrize("single, dual", [(0.0, 1.0), (-1.0, 1.0), (float("nan"), 1.0),
                                          (1.0, float("inf"))])
def test_dte_refuses_a_meaningless_baseline(single, dual):
    with pytest.raises(ValueError, match="single"):
        dual_task_effect(single, dual, higher_is_better=True)
