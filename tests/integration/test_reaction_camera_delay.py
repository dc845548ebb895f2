"""Reaction times through the real pose model when the camera is 100 ms late.

The demo person reacts 300-900 ms after each stimulus; its simulated camera delivers every
frame 100 ms (+ jitter) after exposure.  With the driver's exposure stamps (as V4L2 gives)
``rt_ms`` stays within one frame of the scripted reaction; a camera without them gets the
estimated 50 ms taken off, and the other 50 ms show up in ``rt_ms``, as they would.
"""

from __future__ import annotations

import numpy as np
import pytest
from reaction import run_cell

from balancegame.clock import FakeClock
from balancegame.pose.estimator import MediaPipePoseEstimator


@pytest.fixture(scope="module")
def estimator():
    est = MediaPipePoseEstimator(FakeClock())
    yield est
    est.close()


def test_a_late_camera_with_driver_stamps_keeps_rt_within_a_frame(estimator):
    errors = run_cell(estimator, "minimum-jerk", 100.0, trials=4, seed=7)
    assert None not in errors
    assert abs(np.median(errors)) <= 1000 / 30
    assert np.max(np.abs(errors)) <= 2000 / 30


def test_without_driver_stamps_the_unestimated_part_of_the_delay_remains(estimator):
    errors = run_cell(estimator, "minimum-jerk", 100.0, trials=4, seed=7, driver_stamps=False)
    assert None not in errors
    assert 25 <= np.median(errors) <= 80  # 100 ms late, 50 ms estimated
