"""Sway measures pinned to analytic values (tolerances stated with units)."""

import math

import numpy as np
import pytest

from balancegame.metrics import f_quantile_95, sway_measures


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
