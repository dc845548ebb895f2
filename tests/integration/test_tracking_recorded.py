"""The tracking pipeline on real recordings from ../shared/data (skipped when absent)."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from balancegame.body.signals import BodySignalExtractor
from balancegame.capture.base import SourceEnded
from balancegame.capture.video_file import VideoFileSource
from balancegame.clock import MonotonicClock
from balancegame.pose.estimator import MediaPipePoseEstimator


def run_offline(path):
    clock = MonotonicClock()
    src = VideoFileSource(path, clock, paced=False)
    src.start()
    est, ext = MediaPipePoseEstimator(clock), BodySignalExtractor()
    out = []
    try:
        while True:
            frame = src.next_frame(1.0)
            pose = est.estimate(frame)
            out.append((pose, ext.update(pose, clock.now_s())))
    except SourceEnded:
        pass
    finally:
        src.close()
        est.close()
    return out


@pytest.mark.slow
def test_com_follows_ground_truth_sway(shared_data):
    name = "squat_sway_a5_lat25"
    results = run_offline(shared_data / "sway" / f"{name}.mp4")
    with open(shared_data / "sway" / f"{name}.csv") as f:
        truth = list(csv.DictReader(f))
    hip_x_true = np.array([float(r["hip_x"]) for r in truth])
    com_x = np.array([s.com_px[0] for _, s in results])
    assert len(com_x) == len(hip_x_true)
    assert np.all(np.isfinite(com_x)), "the person was lost in some frames"
    r = np.corrcoef(com_x, hip_x_true)[0, 1]
    assert r > 0.97, r
    # Timestamps are the file's: no assumed frame rate.
    t = np.array([s.t_capture_s for _, s in results])
    assert np.allclose(t, [float(r["time_s"]) for r in truth], atol=1e-3)


@pytest.mark.slow
def test_empty_room_is_not_a_person(shared_data):
    """Intel video: empty stretches must not count as present, people must."""
    clock = MonotonicClock()
    src = VideoFileSource(shared_data / "intel_one_by_one_person_detection.mp4", clock,
                          paced=False)
    src.start()
    est = MediaPipePoseEstimator(clock)
    present = []
    try:
        for _ in range(120):  # the first 12 s: empty room at the start
            present.append(est.estimate(src.next_frame(1.0)).presence.ok)
    finally:
        src.close()
        est.close()
    assert not any(present[:20]), "a person was reported in the empty room"
    assert sum(present[80:120]) >= 30, "the first person to walk in was not accepted"
