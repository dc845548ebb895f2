"""One video of benchmarks/accuracy.py: its truth, the pipeline's series, their figures.

A synthetic video (sway_videos.write_case_video) is scored against the
renderer's own CoM and hip joints; a shared recording against the textbook
CoM and its own hip column; a rigid video also against the old fitted truth
(the body point the measured track follows).  See accuracy.py for the figures.
"""

from __future__ import annotations

import json
import math
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from accuracy_figures import depth_noise, evaluate, filter_grid
from sway_cases import SHARED_KIND, main_freq_hz, movement_kinds
from sway_videos import (
    rest_point,
    shared_textbook_com,
    shared_truth,
    true_track,
    write_case_video,
)

from balancegame.analysis.video import analyze_video, estimate_video
from balancegame.body.filters import OFFLINE_CUTOFF_HZ, zero_phase_lowpass
from balancegame.body.signals import frame_geometry


@dataclass(frozen=True)
class Truth:
    """What one video's figures are scored against (n x 2 px tracks)."""

    label: str
    com_px: np.ndarray  # the CoM truth: renderer's (synthetic) or textbook (shared)
    hip_px: np.ndarray  # the hip truth: renderer's hip joints, or the recording's own column
    transforms: np.ndarray | None  # rigid videos: for the old fitted truth; else None
    cm_per_px: float  # the true scale, NaN if unknown (then the pipeline's is used for cm)
    lever_px: float  # CoM height above the ankle pivot, upright


RENDERER_TRUTH = "renderer CoM (de Leva on the generator's joints)"
TEXTBOOK_TRUTH = "textbook CoM (0.55 H above the soles)"


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (analyze's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_video(path: Path, truth: Truth, out_dir: Path, with_smoothed: bool = True) -> dict:
    """Every series of one video against its truth; plus scale, depth and speed figures."""
    t0, cpu0 = time.perf_counter(), _cpu_s()
    analysis = analyze_video(path, out_dir, height_cm=170.0)
    wall_s, cpu_s = time.perf_counter() - t0, _cpu_s() - cpu0
    c = analysis.columns
    t, fps = c["t_s"], analysis.metrics["source"]["fps"]
    n = min(len(t), len(truth.com_px))
    sm_com = sm_hip = np.full(n, np.nan)
    if with_smoothed:  # a second MediaPipe pass, with its own smoothing
        geos = [frame_geometry(p) for p in
                estimate_video(path, smooth_landmarks=True, look_for_others=False).poses]
        sm_com = np.array([g.com_px[0] if g else np.nan for g in geos])
        sm_hip = np.array([g.hip_mid_px[0] if g else np.nan for g in geos])
        n = min(n, len(sm_com))
    raw_com = np.column_stack([c["com_x_px"], c["com_y_px"]])[:n]
    raw_hip = np.column_stack([c["hip_mid_x_px"], c["hip_mid_y_px"]])[:n]
    cm_per_px = analysis.scale.cm_per_px
    cm = truth.cm_per_px if math.isfinite(truth.cm_per_px) else cm_per_px
    live_px = -c["com_ml_live_cm"][:n] / cm_per_px
    measured = {
        "analyze CoM (zero-phase)": c["com_x_filt_px"][:n],
        "live CoM (One Euro)": live_px,
        "raw CoM": c["com_x_px"][:n],
        "MediaPipe-smoothed CoM": sm_com[:n],
        "analyze hips (zero-phase)": zero_phase_lowpass(t[:n], raw_hip[:, 0], OFFLINE_CUTOFF_HZ),
        "raw hips": raw_hip[:, 0],
        "MediaPipe-smoothed hips": sm_hip[:n],
    }

    def score(com_truth: np.ndarray, hip_truth: np.ndarray) -> dict:
        pairs = {k: (m, hip_truth if "hips" in k else com_truth) for k, m in measured.items()}
        pairs["raw hips as CoM"] = (raw_hip[:, 0], com_truth)
        return {k: evaluate(m, tr, fps, cm) for k, (m, tr) in pairs.items()
                if np.isfinite(m).sum() > 2}

    com_truth, hip_truth = truth.com_px[:n, 0], truth.hip_px[:n, 0]
    truths = {"grid": com_truth}
    series_fitted: dict = {}
    if truth.transforms is not None:  # the old truth: the point the measured track follows
        tr = truth.transforms[:n]
        fitted_com = true_track(tr, rest_point(tr, raw_com))[:, 0]
        fitted_hip = true_track(tr, rest_point(tr, raw_hip))[:, 0]
        if truth.label == TEXTBOOK_TRUTH:  # the shared recordings' own hip column, as before
            fitted_hip = hip_truth
        series_fitted = score(fitted_com, fitted_hip)
        series_fitted.pop("raw hips as CoM", None)
        truths["grid_fitted"] = fitted_com
    duration_s = float(t[-1] - t[0]) + 1.0 / fps
    peak_px = float(np.abs(com_truth - com_truth.mean()).max())
    out = {
        "truth": truth.label,
        "com_peak_cm": peak_px * cm,
        "com_equivalent_lean_deg": math.degrees(math.asin(min(1.0, peak_px / truth.lever_px))),
        "duration_s": duration_s,
        "series": score(com_truth, hip_truth),
        "series_fitted": series_fitted,
        "speed_x_real_time": duration_s / wall_s,
        "analyze_wall_s": wall_s,
        # Load-independent: CPU seconds of this process (all threads) per video second;
        # on 2 idle cores the 2 tracking threads can reach at most 2 / this x real time.
        "cpu_s_per_video_s": cpu_s / duration_s,
        "depth": depth_noise(analysis.video.poses),
        "scale": {"trunk_height_170_cm_per_px": cm_per_px,
                  "world_cm_per_px": analysis.scale.world_cm_per_px},
        "bos_width_sd_cm": analysis.metrics["base_of_support"]["width_cm"].get("sd"),
        "bos_frames": analysis.metrics["base_of_support"]["frames_with_feet"],
    }
    out.update(filter_grid(t[:n], c["com_ml_raw_cm"][:n], truths, cm_per_px, fps))
    return out


def run_synthetic(case, set_name: str, work: Path) -> dict:
    print(f"{set_name} {case.name} ...", file=sys.stderr, flush=True)
    video = work / f"{case.name}.mp4"
    st = write_case_video(case, video)
    truth = Truth(RENDERER_TRUTH, st.com_px, st.hip_px, st.transforms if st.rigid else None,
                  1.0 / st.px_per_cm, st.lever_px)
    res = run_video(video, truth, work / case.name, with_smoothed=case.duration_s <= 20.0)
    # Size of the movement for the targets and the rules: the commanded lean of a
    # rigid video (as before); for a jointed one the ankle lean that would move
    # the CoM as far.
    res["amp_deg"] = (res["com_equivalent_lean_deg"] if case.jointed
                      else max(case.amp_deg, case.noise_deg))
    res.update(set=set_name, freq_hz=main_freq_hz(case), seed=case.seed,
               kinds=sorted(movement_kinds(case)))
    res["scale"]["true_cm_per_px"] = 1.0 / st.px_per_cm
    res["scale"]["person_height_px"] = st.person_height_px
    return res


def run_shared(csv_path: Path, work: Path) -> dict:
    print(f"held-out shared {csv_path.stem} ...", file=sys.stderr, flush=True)
    params = json.loads(csv_path.with_suffix(".json").read_text())
    _, transforms, hip_xy = shared_truth(csv_path)
    com = shared_textbook_com(transforms, tuple(params["pivot_px"]))
    lever = params["pivot_px"][1] - com[0, 1]
    truth = Truth(TEXTBOOK_TRUTH, com, hip_xy, transforms, math.nan, float(lever))
    res = run_video(csv_path.with_suffix(".mp4"), truth, work / csv_path.stem)
    res.update(set="held-out", amp_deg=float(params["amp_deg"]),
               freq_hz=float(params["freq_hz"]), seed=None, kinds=[SHARED_KIND])
    return res
