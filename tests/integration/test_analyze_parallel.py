"""A recording tracked in two processes and joined gives what one pass gives, within the
accuracy benchmark's tolerances (a fraction of them), sample by sample and measure by measure.

A real recording from ../shared/data (skipped when absent): squat_sway_a5_lat25, 10 s at
30 fps, 5 deg of sway and a 25 px sideways shift; the cut falls at 5 s, mid-movement.  A
restarted tracker never gives the very same numbers (MediaPipe's crop follows its own last
output; see balancegame/analysis/span.py), so the question is how far apart they are.

Tolerances, against benchmarks/accuracy.py's targets for the CoM (r >= 0.99, gain
0.95-1.05, |lag| <= 1 frame, RMS error <= 5 % of the peak, path length within 20 %): the
split may use at most a fifth of each (r >= 0.998, gain within 1 %, RMS difference <= 1 %
of the peak; path length within 2 %, a tenth), lag none, and no single sample off by more
than the whole RMS budget (5 % of the peak).  Measured when written: RMS 0.033 cm (0.16 %
of the 20.2 cm peak), max 0.18 cm, path length 0.06 %.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from accuracy_figures import evaluate

from balancegame.analysis.files import _clean
from balancegame.analysis.video import analyze_video

RECORDING = "sway/squat_sway_a5_lat25.mp4"

# metrics.json key prefix -> (relative, absolute) tolerance; the first match counts.
MEASURE_TOLERANCE = (
    ("sway.", (0.02, 0.0)),  # cm, cm/s, Hz: 2 % (a tenth of the path-length target)
    ("scale.", (0.01, 0.0)),  # cm/px: 1 % (the scale benchmark allows 5 %)
    # deg: a tenth of the recording's 5 deg of sway.  The restarted tracker's trunk lean
    # differs from one pass by 0.19-0.44 deg at its worst sample, and its extremes by
    # 0.03-0.29 deg, over cuts at frames 140-165 of this recording (0.2 had been set on the
    # one cut at 150, which gave 0.09).
    ("trunk_lean_deg.", (0.0, 0.5)),
    ("base_of_support.fraction", (0.0, 0.01)),
    ("base_of_support.", (0.0, 0.5)),  # cm: a tenth of the margin's stated ~5 cm error
)
COUNT_KEYS = ("frames_with_person", "frames_measured", "n_frames", "frames_with_feet",
              "frames_on_one_foot")


def _leaves(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, f"{prefix}{k}.")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _leaves(v, f"{prefix}{i}.")
    else:
        yield prefix.rstrip("."), obj


def _measure_problem(key: str, one, two) -> str | None:
    if isinstance(one, bool) or not isinstance(one, (int, float)) or not isinstance(
            two, (int, float)):
        return None if one == two else f"{key}: {one!r} vs {two!r}"
    if key.rsplit(".", 1)[-1] in COUNT_KEYS:  # a borderline frame may flip
        ok = abs(two - one) <= max(1, 0.01 * abs(one))
    else:
        rel, abs_ = next((tol for pre, tol in MEASURE_TOLERANCE if key.startswith(pre)),
                         (0.0, 0.0))
        ok = abs(two - one) <= max(rel * abs(one), abs_) + 1e-12
    return None if ok else f"{key}: one pass {one:.6g}, joined {two:.6g}"


@pytest.mark.slow
@pytest.mark.shared_data
def test_two_processes_joined_match_one_pass(shared_data, tmp_path):
    video = shared_data / RECORDING
    one = analyze_video(video, tmp_path / "one", height_cm=170.0, jobs=1)
    two = analyze_video(video, tmp_path / "two", height_cm=170.0, jobs=2)
    assert (one.video.workers, two.video.workers) == (1, 2)
    where = f"(both outputs in {tmp_path})"
    c1, c2 = one.columns, two.columns
    assert np.array_equal(c1["frame_index"], c2["frame_index"]), where
    assert np.array_equal(c1["frame_index"], np.arange(300)), where
    assert np.array_equal(c1["detected"], c2["detected"]), where

    a, b = c1["com_ml_cm"], c2["com_ml_cm"]
    diff = b - a
    peak_cm = float(np.nanmax(np.abs(a - np.nanmean(a))))
    max_cm, rms_cm = float(np.nanmax(np.abs(diff))), float(np.sqrt(np.nanmean(diff ** 2)))
    f = evaluate(b, a, fps=30.0)  # joined against one pass, as the benchmark does with truth
    report = (f"CoM ML: max |diff| {max_cm:.3f} cm, RMS {rms_cm:.3f} cm, peak {peak_cm:.1f} cm; "
              f"{ {k: round(v, 4) for k, v in f.items()} } {where}")
    assert rms_cm <= 0.01 * peak_cm, report  # cm
    assert max_cm <= 0.05 * peak_cm, report  # cm
    assert f["r"] >= 0.998, report
    assert abs(f["gain"] - 1.0) <= 0.01, report
    assert abs(f["lag_frames"]) <= 0.1, report  # frames
    assert abs(f["path_err_pct"]) <= 2.0, report  # % of one pass's path length

    m1 = dict(_leaves(_clean(one.metrics)))
    m2 = dict(_leaves(_clean(two.metrics)))
    assert m1.keys() == m2.keys()
    problems = [p for k in m1 if (p := _measure_problem(k, m1[k], m2[k]))]
    assert problems == [], where
    # What was written is what was computed (and it says how it was made).
    written = json.loads((tmp_path / "two" / "metrics.json").read_text())
    assert written["processing"]["processes"] == 2
    assert written["sway"] == _clean(two.metrics)["sway"]
