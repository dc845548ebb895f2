"""`analyze` of a recording in which the person leaves and comes back somewhere else.

Real pixels through the real pose model: the demo photograph sways, walks out of
the picture, and comes back 25 cm to the side.  Leaving and returning is not sway.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from balancegame.analysis.video import analyze_video
from balancegame.demo.body_image import BodyImage, load_person_bgra
from balancegame.measures.minimum_jerk import minimum_jerk

FPS = 15.0
DURATION_S = 12.0


def write(path: Path, leaves: bool) -> None:
    body = BodyImage(load_person_bgra(), frame_size_px=(640, 480), height_cm=170.0,
                     noise_sd=2.0, n_noise_frames=8, rng=np.random.default_rng(3))
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (640, 480))
    for i in range(int(DURATION_S * FPS)):
        t = i / FPS
        lean = 1.5 * math.sin(2 * math.pi * 0.4 * t)  # deg
        position = 0.0
        if leaves and 4.0 <= t < 6.0:
            position = 600.0  # out of the picture
        elif leaves and t >= 6.0:  # walks back in from 60 cm out to a spot 25 cm out
            position = 60.0 - 35.0 * float(minimum_jerk((t - 6.0) / 1.5))
        writer.write(body.render(position, lean, noise_index=i))
    writer.release()


@pytest.mark.slow
def test_leaving_and_coming_back_is_left_out_and_listed(tmp_path):
    write(tmp_path / "stays.mp4", leaves=False)
    write(tmp_path / "leaves.mp4", leaves=True)
    stays = analyze_video(tmp_path / "stays.mp4", None, height_cm=170.0).metrics["sway"]
    leaves = analyze_video(tmp_path / "leaves.mp4", None, height_cm=170.0).metrics["sway"]
    reasons = [e["reason"] for e in leaves["excluded_spans"]]
    assert "nobody in view" in reasons and "coming back into view: settling" in reasons
    gap = next(e for e in leaves["excluded_spans"] if e["reason"] == "nobody in view")
    assert gap["from_s"] == pytest.approx(4.0, abs=0.5) and gap["to_s"] == pytest.approx(
        6.0, abs=0.5)  # s
    rms = {k: m["whole_recording"]["rms_ml_cm"]["value"] for k, m in
           (("stays", stays), ("leaves", leaves))}
    vel = {k: m["whole_recording"]["mean_velocity_cm_s"]["value"] for k, m in
           (("stays", stays), ("leaves", leaves))}
    report = f"rms {rms}, velocity {vel}"
    # Before: RMS about 4x and path 3x the true sway (walking counted as sway).
    assert rms["leaves"] == pytest.approx(rms["stays"], rel=0.3), report  # cm
    assert vel["leaves"] == pytest.approx(vel["stays"], rel=0.3), report  # cm/s
    assert leaves["frames_measured"] < stays["frames_measured"]
