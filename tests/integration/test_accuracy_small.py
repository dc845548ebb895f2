"""The CoM that ``analyze`` reports, against a movement known exactly (real MediaPipe).

One synthetic sway video (the puppet's photograph leaning 2 deg at 0.3 Hz about
the ankles, with random lean, pixel noise and mp4v compression) through
``analyze_video``; its zero-phase filtered CoM (com_x_filt_px = com_ml_cm in
px) against the renderer's own centre of mass (de Leva on the generator's
joints), and against the old fitted truth (the movement of the body point it
tracks).  Targets from issue #3; the full set of cases, split into tuning and
held-out videos, is in benchmarks/accuracy.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from accuracy_figures import evaluate
from sway_videos import SwayCase, rest_point, true_track, write_case_video

from balancegame.analysis.video import analyze_video


@pytest.mark.slow
def test_analyze_com_meets_the_accuracy_targets(tmp_path):
    video = tmp_path / "sway.mp4"
    truth = write_case_video(SwayCase("t", 2.0, 0.3, duration_s=6.0, noise_deg=0.2, seed=21),
                             video)
    analysis = analyze_video(video, None, height_cm=170.0)
    c = analysis.columns
    raw_xy = np.column_stack([c["com_x_px"], c["com_y_px"]])
    fitted_x = true_track(truth.transforms, rest_point(truth.transforms, raw_xy))[:, 0]
    # Against the renderer's CoM the lower gain bound is 0.93, not 0.95: the pipeline's CoM
    # sits lower on the body than the generator's (gain 0.952 on this video when written,
    # 0.935-0.997 on the benchmark's rigid videos of >= 1 deg), and the truth's own placement is
    # known to a few per cent (balancegame/demo/body_joints.py).
    for name, true_x, min_gain in (("renderer CoM", truth.com_px[:, 0], 0.93),
                                   ("old fitted", fitted_x, 0.95)):
        f = evaluate(c["com_x_filt_px"], true_x, fps=30.0)
        report = {"truth": name, **{k: round(v, 4) for k, v in f.items()}}
        assert f["r"] >= 0.99, report
        assert min_gain <= f["gain"] <= 1.05, report
        assert abs(f["lag_frames"]) <= 1.0, report  # frames
        assert f["rms_err_pct_peak"] <= 5.0, report  # % of the peak displacement
        assert abs(f["path_err_pct"]) <= 20.0, report  # % of the true path length
    # The scale from the declared height is within 5 % of the rendering's own.
    assert analysis.scale.cm_per_px * truth.px_per_cm == pytest.approx(1.0, abs=0.05)
