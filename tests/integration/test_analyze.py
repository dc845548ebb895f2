"""``balancegame analyze``: files, columns and user errors, on clips made here.

The clips are the puppet's photograph moved by a known lean
(benchmarks/sway_videos.py), so the test needs no recordings from outside the
repository.  Accuracy is asserted in test_accuracy_small.py and measured in
benchmarks/accuracy.py.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from sway_videos import SwayCase, write_case_video

from balancegame.analysis.files import TRAJECTORY_COLUMNS
from balancegame.cli import main

REQUIRED_COLUMNS = ("t_s", "detected", "com_x_px", "com_y_px", "hip_mid_x_px", "hip_mid_y_px",
                    "com_ml_cm", "bos_width_cm", "bos_margin_cm", "trunk_lean_deg")


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> tuple[Path, int, str]:
    """A 3 s, 2 deg sway clip analysed once through the command line."""
    folder = tmp_path_factory.mktemp("analyze")
    video = folder / "sway.mp4"
    write_case_video(SwayCase("t", 2.0, 0.5, duration_s=3.0, seed=1), video)
    out = folder / "out"
    rc = main(["analyze", str(video), "--out", str(out), "--height-cm", "170"])
    return out, rc, str(video)


def test_analyze_writes_the_three_files(analysed):
    out, rc, _ = analysed
    assert rc == 0
    for name in ("trajectory.csv", "metrics.json", "stabilogram.png"):
        assert (out / name).stat().st_size > 0, name
    assert cv2.imread(str(out / "stabilogram.png")) is not None


def test_trajectory_has_the_declared_columns_one_row_per_frame(analysed):
    out, _, _ = analysed
    with open(out / "trajectory.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == [name for name, _ in TRAJECTORY_COLUMNS]
    assert set(REQUIRED_COLUMNS) <= set(rows[0])
    assert len(rows) == 90  # 3 s at 30 fps
    t = np.array([float(r["t_s"]) for r in rows])
    assert np.allclose(np.diff(t), 1 / 30, atol=1e-3)  # s; the file's own frame times
    assert all(r["detected"] == "1" for r in rows)
    # Pixel columns are in the video's own 640 x 480 frame.
    x = np.array([float(r["com_x_px"]) for r in rows])
    assert np.all((x > 200) & (x < 440))


def test_metrics_state_units_methods_scale_filter_and_ap(analysed):
    out, _, _ = analysed
    m = json.loads((out / "metrics.json").read_text())
    whole = m["sway"]["whole_recording"]
    for name in ("path_length_cm", "mean_velocity_cm_s", "rms_ml_cm", "range_ml_cm",
                 "mean_distance_cm", "mean_frequency_hz", "ellipse95_area_cm2"):
        assert {"value", "unit", "definition"} <= set(whole[name]), name
    assert whole["path_length_cm"]["unit"] == "cm" and whole["path_length_cm"]["value"] > 0
    assert whole["ellipse95_area_cm2"]["value"] is None  # ML only
    assert "patient height 170 cm" in m["scale"]["method"]
    assert m["scale"]["world_landmarks_cm_per_px"] > 0
    assert "zero-phase" in m["filter"]["offline"]
    assert m["ap"]["reported"] is False and m["ap"]["reason"]
    assert m["sway"]["windows"]["window_s"] == 10.0
    assert m["source"]["frames_with_person"] == 90
    assert m["base_of_support"]["frames_with_feet"] > 0


def test_sway_of_a_2_degree_lean_is_in_the_right_range(analysed):
    out, _, _ = analysed
    m = json.loads((out / "metrics.json").read_text())
    # A 2 deg lean about the ankles moves the CoM by 0.511 x 170 cm x sin 2 deg = 3.0 cm
    # each way: range ~6 cm.  Loose bounds here (scale error ~3 %, MediaPipe's own error);
    # the accuracy itself is measured in benchmarks/accuracy.py.
    assert 4.5 < m["sway"]["whole_recording"]["range_ml_cm"]["value"] < 7.5  # cm


def _run_cli(args: list[str], capsys) -> tuple[int, str]:
    rc = main(args)
    err = capsys.readouterr().err
    return rc, err


def test_missing_file_is_a_user_error(tmp_path, capsys):
    rc, err = _run_cli(["analyze", str(tmp_path / "nope.mp4"), "--out", str(tmp_path / "o")],
                       capsys)
    assert rc == 2 and "not found" in err and "Traceback" not in err


def test_a_text_file_is_not_a_video(tmp_path, capsys):
    bad = tmp_path / "notes.mp4"
    bad.write_text("this is not a video\n" * 50)
    rc, err = _run_cli(["analyze", str(bad), "--out", str(tmp_path / "o")], capsys)
    assert rc == 2 and "video" in err.lower() and "Traceback" not in err
    assert not (tmp_path / "o" / "metrics.json").exists()


def _write_clip(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> None:
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    for f in frames:
        writer.write(f)
    writer.release()


def test_a_clip_without_a_person_is_a_user_error(tmp_path, capsys):
    blank = tmp_path / "empty_room.mp4"
    _write_clip(blank, [np.full((240, 320, 3), 200, np.uint8)] * 20)
    rc, err = _run_cli(["analyze", str(blank), "--out", str(tmp_path / "o")], capsys)
    assert rc == 2 and "No person found" in err and "Traceback" not in err


def test_too_few_frames_with_a_person_is_a_user_error(tmp_path, capsys):
    short = tmp_path / "short.mp4"
    write_case_video(SwayCase("s", 1.0, 0.5, duration_s=0.2), short)  # 6 frames
    rc, err = _run_cli(["analyze", str(short), "--out", str(tmp_path / "o")], capsys)
    assert rc == 2 and "Too few frames" in err and "Traceback" not in err


def test_implausible_height_is_refused(tmp_path, capsys):
    rc, err = _run_cli(["analyze", "x.mp4", "--out", str(tmp_path), "--height-cm", "1.7"],
                       capsys)
    assert rc == 2 and "plausible height" in err


def test_metrics_name_the_video_without_its_folders(analysed):
    """A full path reveals the user's name and folders; the file name is enough."""
    out, _, video = analysed
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["source"]["video"] == Path(video).name
    assert str(Path(video).parent) not in (out / "metrics.json").read_text()


@pytest.mark.parametrize("look", [True, False])
def test_the_second_look_is_made_on_every_12th_frame_or_not_at_all(analysed, look):
    """At 30 fps every 0.4 s of video (frames 0, 12, 24, ...) gets the second look for
    someone else, wherever it is tracked; without it no frame is looked at and metrics.json
    claims nothing about other people (None, not an empty list of spans)."""
    from balancegame.analysis.files import compute_analysis
    from balancegame.analysis.video import estimate_video

    video = estimate_video(analysed[2], look_for_others=look, jobs=2, min_parallel_frames=0)
    looked = [i for i, found in enumerate(video.someone_else) if found is not None]
    people = compute_analysis(video, height_cm=170.0).metrics["others_in_view"]
    if look:
        assert video.workers == 2 and video.looked_every == 12
        assert looked == list(range(0, len(video.poses), 12))
        assert people["checks"] == len(looked) and people["spans_s"] == []
    else:
        assert video.looked_every is None and looked == [] and people is None
