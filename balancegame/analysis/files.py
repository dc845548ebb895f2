"""From a recording's poses to the analysis files: trajectory.csv, metrics.json, stabilogram.png.

Every number is written with its unit (in the column or key name, and in
``metrics.json`` beside it) and the method that made it.  Conventions: image
pixels of the input video, x to the right, y down; ML (medio-lateral) in cm,
+ = the patient's right (image -x: the camera faces the patient), origin at
the image centre, so only changes of position mean anything.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from balancegame import __version__
from balancegame.analysis.others import others_in_view
from balancegame.body.filters import (
    OFFLINE_CUTOFF_HZ,
    OFFLINE_FILTER_EVIDENCE,
    OneEuroFilter,
    can_filter,
    describe_zero_phase,
    one_euro,
    zero_phase_lowpass,
)
from balancegame.body.scale import ScaleComparison, compare_scales
from balancegame.body.signals import (
    LIVE_BETA,
    LIVE_FILTER_EVIDENCE,
    LIVE_MIN_CUTOFF_HZ,
    frame_geometry,
)
from balancegame.body.support import FOOT_BREADTH_FRACTION_OF_HEIGHT
from balancegame.body.support import METHOD as BOS_METHOD
from balancegame.errors import AnalysisError
from balancegame.measures.stable_spans import centred_by_span, stable_spans, sway_over_spans
from balancegame.measures.sway import (
    MEASURE_INFO,
    window_trend_per_min,
    windowed_sway,
)

# AP decision, from benchmarks/accuracy.py (depth of MediaPipe's world-landmark
# CoM relative to the ankles on videos whose true AP movement is zero).
AP_STATEMENT = (
    "AP (depth) is not reported: a single frontal camera cannot measure it reliably. "
    "On 15 benchmark videos with NO true AP movement (benchmarks/accuracy.py), the depth of "
    "MediaPipe's world-landmark CoM relative to the ankles moved with an SD of 0.4-1.3 cm "
    "(median 0.75 cm), over a 2-8 cm range, at 6-26 cm/s of spurious AP velocity, correlated "
    "with the ML movement up to |r| = 0.74; quiet-stance AP sway is typically 0.3-0.6 cm RMS "
    "at about 1 cm/s.  Geometrically, 1 cm of AP sway seen from 2.5 m changes the body's "
    "image size by 0.4 % (about 1.5 px on a 380 px person), the size of the frame-to-frame "
    "noise of its measured height.")
WINDOW_S = 10.0
STABLE_SPAN_RULE = ("frames with a person only; after a gap of more than 0.5 s without one, the "
                    "first 2 s back in view and the last 1 s before the gap are left out "
                    "(walking out and in is not sway); each span about its own mean")
MIN_PERSON_FRAMES = 10
MIN_PERSON_SPAN_S = 1.0
COM_METHOD = ("whole-body CoM: de Leva 1996 segment model (mean of female and male "
              "parameters) on MediaPipe Pose image landmarks; see balancegame/body/segments.py")
LEAN_METHOD = ("angle of the hip-midpoint -> shoulder-midpoint line from the image vertical, "
               "+ = leaning to the patient's right")

# (column, meaning); the order is the CSV's.
TRAJECTORY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("t_s", "frame time in the file: frame index / frame rate"),
    ("frame_index", "frame number in the file, from 0"),
    ("detected", "1 if a plausible whole person was found in the frame, else 0"),
    ("com_x_px", "CoM image x, unfiltered"),
    ("com_y_px", "CoM image y, unfiltered"),
    ("hip_mid_x_px", "hip-landmark midpoint image x, unfiltered"),
    ("hip_mid_y_px", "hip-landmark midpoint image y, unfiltered"),
    ("com_x_filt_px", "CoM image x, zero-phase filtered"),
    ("com_y_filt_px", "CoM image y, zero-phase filtered"),
    ("com_ml_cm", "CoM ML position, zero-phase filtered: the trajectory the measures use"),
    ("com_ml_raw_cm", "CoM ML position, unfiltered"),
    ("com_ml_live_cm", "CoM ML position through the live game's causal filter (comparison)"),
    ("trunk_lean_deg", "trunk lean, zero-phase filtered, + = to the patient's right"),
    ("bos_right_border_ml_cm", "lateral border of the right foot, ML (NaN: feet not seen)"),
    ("bos_left_border_ml_cm", "lateral border of the left foot, ML"),
    ("bos_width_cm", "distance between the feet's lateral borders"),
    ("bos_margin_cm", "CoM to the nearer lateral border: + inside the base, - outside"),
    ("bos_feet", "feet forming the base: both, right or left (the other lifted), empty: none"),
)


@dataclass(frozen=True)
class Analysis:
    """The trajectory table (column -> array, one row per frame) and the metrics."""

    columns: dict[str, np.ndarray]
    metrics: dict
    scale: ScaleComparison
    video: object  # the balancegame.analysis.video.VideoPoses it was computed from


def _no_person_error(video, n_person: int):

    name = video.path.name
    if n_person == 0:
        reasons = Counter(p.presence.reason for p in video.poses if not p.presence.ok)
        why = reasons.most_common(1)[0][0] if reasons else "no frames"
        return AnalysisError(f"No person found in {name} ({len(video.poses)} frames; most "
                             f"frames: {why}).",
                             "Record the whole body facing the camera, 2-3 m away.")
    return AnalysisError(f"Too few frames with a person in {name}: {n_person} (at least "
                         f"{MIN_PERSON_FRAMES} frames over {MIN_PERSON_SPAN_S:g} s are needed).",
                         "Record at least a few seconds with the whole body in view.")


def compute_analysis(video, *, height_cm: float | None = None) -> Analysis:
    """Trajectory and metrics of a :class:`balancegame.analysis.video.VideoPoses`.

    Raises AnalysisError when fewer than MIN_PERSON_FRAMES frames over
    MIN_PERSON_SPAN_S show a plausible person.  Frames in which someone else was in view
    (analysis/others.py; looked for while tracking unless ``estimate_video`` was told not
    to) are left out of the measures.
    """
    poses = video.poses
    geos = getattr(video, "geometries", None) or [frame_geometry(p) for p in poses]
    t = np.array([p.t_capture_s for p in poses], dtype=float)
    det = np.array([g is not None for g in geos], dtype=bool)
    span_s = float(t[det].max() - t[det].min()) if det.any() else 0.0
    if det.sum() < MIN_PERSON_FRAMES or span_s < MIN_PERSON_SPAN_S:
        raise _no_person_error(video, int(det.sum()))

    def col(fn) -> np.ndarray:
        return np.array([fn(g) if g is not None else np.nan for g in geos], dtype=float)

    raw = {
        "com_x": col(lambda g: g.com_px[0]), "com_y": col(lambda g: g.com_px[1]),
        "hip_x": col(lambda g: g.hip_mid_px[0]), "hip_y": col(lambda g: g.hip_mid_px[1]),
        "lean": col(lambda g: g.trunk_lean_deg),
        "feet_r": col(lambda g: g.feet.right_outer_x_px if g.feet else np.nan),
        "feet_l": col(lambda g: g.feet.left_outer_x_px if g.feet else np.nan),
    }
    scale = compare_scales(col(lambda g: g.trunk_px)[det],
                           col(lambda g: g.world_cm_per_px)[det], height_cm)
    # Someone else in view (or the tracker on them): those frames measure nobody.
    marked, people = (others_in_view(video, geos, scale.cm_per_px) if video.looked_every
                      else (None, None))
    filt = {k: zero_phase_lowpass(t, v, OFFLINE_CUTOFF_HZ) for k, v in raw.items()}
    centre_px = video.frame_size_px[0] / 2

    def ml(x_px: np.ndarray) -> np.ndarray:
        return -(x_px - centre_px) * scale.cm_per_px

    com_ml = ml(filt["com_x"])
    half_foot_cm = FOOT_BREADTH_FRACTION_OF_HEIGHT * scale.height_cm / 2
    right, left = ml(filt["feet_r"]) + half_foot_cm, ml(filt["feet_l"]) - half_foot_cm
    columns = {
        "t_s": t, "frame_index": np.array([p.frame_index for p in poses]),
        "detected": det.astype(int),
        "com_x_px": raw["com_x"], "com_y_px": raw["com_y"],
        "hip_mid_x_px": raw["hip_x"], "hip_mid_y_px": raw["hip_y"],
        "com_x_filt_px": filt["com_x"], "com_y_filt_px": filt["com_y"],
        "com_ml_cm": com_ml, "com_ml_raw_cm": ml(raw["com_x"]),
        "com_ml_live_cm": one_euro(t, ml(raw["com_x"]), min_cutoff_hz=LIVE_MIN_CUTOFF_HZ,
                                   beta=LIVE_BETA),
        "trunk_lean_deg": filt["lean"],
        "bos_right_border_ml_cm": right, "bos_left_border_ml_cm": left,
        "bos_width_cm": right - left,
        "bos_margin_cm": np.minimum(right - com_ml, com_ml - left),
        "bos_feet": np.array([g.feet.stance if g is not None and g.feet else "" for g in geos]),
    }
    metrics = _metrics(video, columns, scale, det, marked)
    metrics["others_in_view"] = people
    if not can_filter(OFFLINE_CUTOFF_HZ, video.fps):
        metrics["filter"]["note"] = (
            f"NOT APPLIED: the video's {video.fps:g} frames/s are too few for a "
            f"{OFFLINE_CUTOFF_HZ:g} Hz filter; the trajectory is unfiltered, so jitter "
            "inflates path length, velocity and frequency")
    return Analysis(columns, metrics, scale, video)


def _stats(x: np.ndarray, unit: str) -> dict:
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return {"n_frames": 0, "unit": unit}
    return {"n_frames": int(len(x)), "unit": unit, "mean": float(x.mean()),
            "sd": float(x.std(ddof=1)) if len(x) > 1 else 0.0, "median": float(np.median(x)),
            "min": float(x.min()), "max": float(x.max())}


def _metrics(video, c: dict[str, np.ndarray], scale: ScaleComparison, det: np.ndarray,
             left_out: np.ndarray | None = None) -> dict:
    t, com_ml = c["t_s"], c["com_ml_cm"]
    measured = det & np.isfinite(com_ml) & (True if left_out is None else ~left_out)
    used, excluded = stable_spans(t, measured)
    whole = sway_over_spans(t, com_ml, used)
    windows = windowed_sway(t, centred_by_span(t, com_ml, used), window_s=WINDOW_S)
    margin = c["bos_margin_cm"]
    feet_seen = np.isfinite(margin)
    return {
        "schema_version": 1,
        "software": {"balancegame": __version__,
                     "pose": "MediaPipe Pose (mediapipe 0.10.21 legacy solution), "
                             "model_complexity=1, smooth_landmarks=False"},
        # The file name only: a full path reveals the user name and folders (privacy).
        "source": {"video": video.path.name, "frames": len(t),
                   "frames_with_person": int(det.sum()), "fps": video.fps,
                   "frame_size_px": list(video.frame_size_px),
                   "duration_s": float(t[-1] - t[0]) if len(t) > 1 else 0.0,
                   "timestamps": "frame index / the file's frame rate"},
        "conventions": {"image": "pixels of the input video, x right, y down",
                        "ml": "cm, + = the patient's right (image -x), origin at the image "
                              "centre: only changes are meaningful"},
        "centre_of_mass": {"method": COM_METHOD},
        "scale": scale.as_dict(),
        "filter": {"offline": describe_zero_phase(OFFLINE_CUTOFF_HZ),
                   "offline_cutoff_hz": OFFLINE_CUTOFF_HZ,
                   "applied_to": "CoM, hip, foot and lean series before every measure",
                   "evidence": OFFLINE_FILTER_EVIDENCE,
                   "live_comparison_column": OneEuroFilter(
                       min_cutoff_hz=LIVE_MIN_CUTOFF_HZ, beta=LIVE_BETA).describe(),
                   "live_evidence": LIVE_FILTER_EVIDENCE},
        "ap": {"reported": False, "reason": AP_STATEMENT},
        "sway": {
            "trajectory": "com_ml_cm (ML only; no AP, so no planar measures or ellipse)",
            "frames_measured": int(used.sum()),
            "excluded_spans": excluded,
            "exclusion_rule": STABLE_SPAN_RULE,
            "whole_recording": whole.with_units() if whole else None,
            "notes": whole.notes if whole else [],
            "windows": {
                "window_s": WINDOW_S,
                "rule": "consecutive windows from the first frame; a last partial window is "
                        "kept if it spans at least half a window",
                "units": {k: u for k, (u, _) in MEASURE_INFO.items()},
                "rows": [w.row() for w in windows],
                "trend_per_min": {
                    name: window_trend_per_min(windows, name)
                    for name in ("mean_velocity_cm_s", "rms_ml_cm", "range_ml_cm")},
                "trend_method": "least-squares slope of the window values against window "
                                "mid-time, per minute (needs >= 3 windows, else null)",
            },
        },
        "trunk_lean_deg": {"method": LEAN_METHOD, **_stats(c["trunk_lean_deg"], "deg")},
        "base_of_support": {
            "method": BOS_METHOD, "frames_with_feet": int(feet_seen.sum()),
            "width_cm": _stats(c["bos_width_cm"], "cm"),
            "margin_cm": _stats(margin, "cm"),
            "fraction_of_frames_com_outside": (float((margin[feet_seen] < 0).mean())
                                               if feet_seen.any() else None),
            "frames_on_one_foot": int(np.isin(c["bos_feet"], ("left", "right")).sum())},
        "columns": {name: meaning for name, meaning in TRAJECTORY_COLUMNS},
    }


def _fmt(v: float | int | str) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return "" if not math.isfinite(v) else f"{v:.4f}"


def write_outputs(analysis: Analysis, out_dir: Path, *, wall_s: float | None = None) -> None:
    """Write trajectory.csv, metrics.json and stabilogram.png into ``out_dir`` (created)."""
    from balancegame.analysis.stabilogram import plot_ml_time

    out_dir.mkdir(parents=True, exist_ok=True)
    names = [name for name, _ in TRAJECTORY_COLUMNS]
    with open(out_dir / "trajectory.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for i in range(len(analysis.columns["t_s"])):
            writer.writerow([_fmt(analysis.columns[n][i].item()) for n in names])
    metrics = dict(analysis.metrics)
    if wall_s is not None:
        duration_s = metrics["source"]["duration_s"]
        metrics["processing"] = {"wall_s": wall_s,
                                 "speed_x_real_time": duration_s / wall_s if wall_s > 0 else None,
                                 "processes": getattr(analysis.video, "workers", 1)}
    (out_dir / "metrics.json").write_text(json.dumps(_clean(metrics), indent=2,
                                                     allow_nan=False) + "\n")
    plot_ml_time(analysis, out_dir / "stabilogram.png")


def _clean(obj: object) -> object:
    """JSON-ready copy: numpy scalars to Python, NaN/inf to null (JSON has no NaN)."""
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj
