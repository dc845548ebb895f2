"""Frame timestamps: the driver's where there are any, an estimate said as such where not."""

from __future__ import annotations

import time

import numpy as np
import pytest

from balancegame.capture.timing import ESTIMATED_WEBCAM_DELAY_S, CaptureClock
from balancegame.clock import FakeClock
from balancegame.demo.simulated_camera import SimulatedCamera

PERIOD_S = 1 / 30


def arrivals(n: int, delay_s: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    exposure = 50.0 + np.arange(n) * PERIOD_S
    jitter = np.abs(np.random.default_rng(seed).normal(0, 0.008, n))
    return exposure, exposure + delay_s + jitter


def test_driver_stamps_on_the_program_clock_are_used_as_they_are():
    exposure, arrival = arrivals(90, 0.080)
    stamps = CaptureClock()
    out = [stamps.stamp(a, e) for e, a in zip(exposure, arrival, strict=True)]
    np.testing.assert_allclose(out, exposure)
    timing = stamps.timing()
    assert timing.method == "driver"
    assert 80 <= timing.delay_ms_p50 <= 90  # the camera's delay, measured, not counted in RTs


def test_driver_stamps_on_another_clock_keep_their_spacing():
    exposure, arrival = arrivals(90, 0.080)
    stamps = CaptureClock()
    out = np.array([stamps.stamp(a, e - 49.0) for e, a in zip(exposure, arrival, strict=True)])
    assert stamps.method == "driver+offset"
    # Mapped by the quickest frame seen: the spacing is the driver's, free of arrival jitter.
    # (the offset moves only when a quicker frame than any before comes: rarely, and little)
    assert np.std(np.diff(out[30:])) < np.std(np.diff(arrival[30:])) / 5
    assert np.all(out <= arrival)
    assert np.median(arrival[30:] - out[30:]) < 0.010  # only the jitter above the quickest


def test_without_stamps_the_delay_is_estimated_and_said_to_be():
    exposure, arrival = arrivals(30, 0.080)
    stamps = CaptureClock()
    out = [stamps.stamp(a, None) for a in arrival]
    assert stamps.method == "estimated"
    np.testing.assert_allclose(out, arrival - ESTIMATED_WEBCAM_DELAY_S)
    assert CaptureClock(estimated_delay_s=0).method == "arrival"


def test_duplicate_and_backwards_stamps_are_dropped_and_counted():
    stamps = CaptureClock()
    assert stamps.stamp(10.05, 10.0) == 10.0
    assert stamps.stamp(10.09, 10.0) is None  # the same stamp twice
    assert stamps.stamp(10.12, 9.9) is None  # back in time
    assert stamps.stamp(10.16, 10.1) == 10.1
    timing = stamps.timing()
    assert (timing.dropped_duplicate, timing.dropped_backwards) == (1, 1)
    assert timing.as_dict()["timestamps_dropped_backwards"] == 1


def test_stamps_that_stop_coming_fall_back_to_the_estimate():
    stamps = CaptureClock()
    stamps.stamp(10.05, 10.0)
    assert stamps.stamp(10.1, None) == pytest.approx(10.1 - ESTIMATED_WEBCAM_DELAY_S)
    assert stamps.method == "estimated"


def test_a_timing_with_no_frames_stores_null_not_nan():
    assert CaptureClock().timing().as_dict()["capture_delay_ms_p50"] is None


def test_the_simulated_camera_is_late_by_its_delay_and_keeps_frame_order():
    camera = SimulatedCamera(0.1, 0.02, seed=3)
    t = [camera.arrival_s(i * PERIOD_S, i, PERIOD_S) for i in range(300)]
    lateness = np.array(t) - np.arange(300) * PERIOD_S
    assert lateness.min() >= 0.1 and lateness.max() < 0.1 + PERIOD_S
    assert np.all(np.diff(t) > 0)
    with pytest.raises(ValueError):
        SimulatedCamera(-0.01)


def test_the_webcam_uses_the_drivers_stamp(monkeypatch):
    """A stand-in for cv2.VideoCapture whose driver stamps lag the clock by 70 ms."""
    import balancegame.capture.webcam as webcam

    clock = FakeClock(1000.0)

    class FakeCapture:
        def __init__(self, index):
            pass

        def isOpened(self):  # noqa: N802 (OpenCV's name)
            return True

        def set(self, prop, value):
            return True

        def grab(self):
            time.sleep(0.002)  # a camera paces its frames; the consumer keeps up
            clock.advance(PERIOD_S)
            return True

        def get(self, prop):
            assert prop == webcam.cv2.CAP_PROP_POS_MSEC
            return (clock.now_s() - 0.070) * 1e3

        def retrieve(self):
            return True, np.zeros((48, 64, 3), np.uint8)

        def release(self):
            pass

    monkeypatch.setattr(webcam.cv2, "VideoCapture", FakeCapture)
    source = webcam.WebcamSource(0, clock, lost_after_s=100.0)
    source.start()
    frames = []
    while len(frames) < 5:
        frame = source.next_frame(1.0)
        if frame is not None:
            frames.append(frame)
    source.close()
    for f in frames:
        assert f.t_arrival_s - f.t_capture_s == pytest.approx(0.070, abs=1e-6)
    assert source.capture_timing().method == "driver"
