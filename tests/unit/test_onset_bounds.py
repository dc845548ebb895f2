"""The bounds of benchmarks/onset_bounds.py, each on a case whose answer is known."""

import numpy as np
import pytest
from onset_bounds import (
    closest_alternative,
    cramer_rao_ms,
    first_movement_delta,
    oracle_errors_ms,
    sway_covariance,
)
from scipy.special import betainc

T_S = np.arange(2.0, 6.0, 1 / 30) + 0.011


def test_a_family_member_is_its_own_closest_alternative():
    y = 8.0 * betainc(3.0, 3.0, np.clip((T_S - 3.5) / 0.7, 0, 1)) + 0.2 + 0.1 * (T_S - 3)
    assert closest_alternative(T_S, y, 3.5) < 0.05  # noise SDs: the same curve


def test_an_abrupt_start_shifted_by_136_ms_is_plainly_different():
    y = 8.0 * (1 - np.exp(-np.maximum(T_S - 3.5, 0) / 0.15))
    assert closest_alternative(T_S, y, 3.5 + 0.136) > 5.0


def test_a_slow_start_has_a_look_alike_136_ms_later():
    """The late-peak start (t^4.2) of a small slow movement and a family rise 136 ms later:
    less than one noise SD apart over the whole movement."""
    y = 6.0 * betainc(4.2, 1.8, np.clip((T_S - 3.5) / 1.0, 0, 1))
    assert closest_alternative(T_S, y, 3.5 + 0.136) < 1.0


def test_cramer_rao_grows_when_the_shape_is_not_known_and_shrinks_with_amplitude():
    known = cramer_rao_ms(3.0, 3.0, 10.0, 0.7, free_shape=False)
    assert cramer_rao_ms(3.0, 3.0, 10.0, 0.7, free_shape=True) > 3 * known
    assert cramer_rao_ms(3.0, 3.0, 20.0, 0.7, free_shape=False) == pytest.approx(known / 2,
                                                                                 rel=0.02)


def test_the_oracle_fit_finds_an_abrupt_start():
    e = oracle_errors_ms("first-order", 3)
    assert np.all(np.abs(e) < 20)  # ms


def test_the_sway_covariance_has_the_stated_variance_and_is_a_covariance():
    cov = sway_covariance(60, 0.45, (0.1, 1.0), -2.0, 0.15)
    assert np.diag(cov) == pytest.approx(0.45**2 + 0.15**2)
    assert np.linalg.eigvalsh(cov).min() > 0
    assert cov[0, 1] > 0.9 * 0.45**2  # slow sway: neighbouring frames nearly equal


def test_sway_makes_a_first_movement_easier_to_fake():
    white = first_movement_delta("hesitant", 10.0, 0.6, 0.15**2 * np.eye(120))
    swaying = first_movement_delta("hesitant", 10.0, 0.6,
                                   sway_covariance(120, 0.45, (0.1, 1.0), -2.0, 0.15))
    assert white > 8.0 and swaying < white / 2  # SDs
