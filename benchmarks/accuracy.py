"""Accuracy benchmark: the real pipeline against videos whose movement is known.

Synthetic sway videos (benchmarks/sway_videos.py: a real photograph moved like
an inverted pendulum about the ankles, 0.5-5 deg, 0.1-1 Hz, with random lean,
sideways shifts and side steps, mp4v-encoded) and, when present, the recordings
in ../shared/data/sway go through:

- ``balancegame.analysis.video.analyze_video`` exactly as ``balancegame analyze`` runs
  it (MediaPipe without its smoothing, default --jobs, zero-phase filter, files
  written): "analyze CoM" is its com_x_filt_px, i.e. com_ml_cm in px;
- the live game's causal filter on the same raw CoM ("live CoM", column
  com_ml_live_cm);
- the raw landmarks ("raw CoM", "raw hips");
- a second MediaPipe pass with its default smoothing (smooth_landmarks=True).

Like with like: the pipeline's CoM is compared with the true movement of the
body point it tracks (the rigid transform of each frame applied to that point,
which is found by mapping every raw CoM back to the upright frame and
averaging), hips with the true movement of the hips.  Image x only (ML), in
px: the scale to cm is a separate error, reported under "scale".

Figures per series: r (Pearson), gain (least-squares slope of measured on
true displacement at zero lag), lag (cross-correlation peak, parabolic
sub-frame; + = measured late), RMS error of the displacement as % of the true
peak displacement (means removed: the origin is arbitrary), path length error
(% of the true path, both in px over the same frames).

Also per video: the depth (AP) of MediaPipe's world-landmark CoM relative to the
ankles, whose true movement is zero here (the AP decision); the BoS width's SD
(truly constant); both scales (trunk x height, world landmarks) against the
rendering's own; and analyze's speed (wall clock, with the load average, and
CPU seconds per video second, which does not depend on other processes).

Filter choice (full run only): 9 zero-phase cut-offs and 63 One Euro settings
run on every video's raw CoM; the rules in accuracy_figures.py (OFFLINE_RULE,
LIVE_RULE) pick one of each, and the output says whether the code uses them.

Usage: python benchmarks/accuracy.py [--small] [--keep DIR] [--no-shared]
--small: two 6 s videos, about 25 s (CI).  Full: 13 videos + 2 shared, ~8 min.
The last line of stdout is a JSON object with every figure; --keep DIR keeps
the videos, each analysis' three files and results.json (all candidates).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy_figures import (  # noqa: E402
    TARGETS,
    check_targets,
    depth_noise,
    evaluate,
    filter_grid,
    print_selection,
    print_table,
    scale_figures,
    select_filters,
)
from sway_videos import (  # noqa: E402
    SwayCase,
    rest_point,
    shared_truth,
    true_track,
    write_case_video,
)

from balancegame.analysis.video import analyze_video, estimate_video  # noqa: E402
from balancegame.body.filters import (
    OFFLINE_CUTOFF_HZ,  # noqa: E402
    zero_phase_lowpass,  # noqa: E402
)
from balancegame.body.signals import (  # noqa: E402
    LIVE_BETA,
    LIVE_MIN_CUTOFF_HZ,
    frame_geometry,
)

IN_USE = {"offline": f"{OFFLINE_CUTOFF_HZ:g}", "live": f"{LIVE_MIN_CUTOFF_HZ:g},{LIVE_BETA:g}"}

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "sway"

CASES_FULL = (
    SwayCase("a0.5_f0.2", 0.5, 0.2, noise_deg=0.1, seed=1),
    SwayCase("a0.5_f1", 0.5, 1.0, seed=2),
    SwayCase("a1_f0.1", 1.0, 0.1, duration_s=20.0, seed=3),
    SwayCase("a1_f0.5", 1.0, 0.5, seed=4),
    SwayCase("a1_f1_noise", 1.0, 1.0, noise_deg=0.2, seed=5),
    SwayCase("a2_f0.2_noise", 2.0, 0.2, noise_deg=0.3, seed=6),
    SwayCase("a2_f1", 2.0, 1.0, seed=7),
    SwayCase("a5_f0.25_lat10", 5.0, 0.25, noise_deg=0.5, lateral_cm=10.0, seed=8),
    SwayCase("a5_f0.5", 5.0, 0.5, seed=9),
    SwayCase("steps15_a0.5", 0.5, 0.3, duration_s=12.0, step_cm=15.0, seed=10),
    # A person further away (half the frame height) in a noisier image: more jitter.
    SwayCase("far_a0.5_f0.2", 0.5, 0.2, noise_deg=0.1, person_fraction=0.5,
             pixel_noise_sd=5.0, seed=11),
    SwayCase("far_a1_f0.5", 1.0, 0.5, person_fraction=0.5, pixel_noise_sd=5.0, seed=12),
    # One minute of random quiet-stance sway (no sinusoid): windows and speed.
    SwayCase("quiet60_random", 0.0, 0.2, duration_s=60.0, noise_deg=0.5, noise_band_hz=0.7,
             seed=13),
)
CASES_SMALL = (
    SwayCase("a1_f0.5", 1.0, 0.5, duration_s=6.0, seed=4),
    SwayCase("a2_f0.2_noise", 2.0, 0.2, duration_s=6.0, noise_deg=0.3, seed=6),
)


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (analyze's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_video(path: Path, transforms: np.ndarray, out_dir: Path, amp_deg: float,
              freq_hz: float | None, hip_truth: np.ndarray | None = None,
              with_smoothed: bool = True) -> dict:
    """Every series of one video against its truth; plus scale, depth and speed figures."""
    t0, cpu0 = time.perf_counter(), _cpu_s()
    analysis = analyze_video(path, out_dir, height_cm=170.0)
    wall_s, cpu_s = time.perf_counter() - t0, _cpu_s() - cpu0
    c = analysis.columns
    t, fps = c["t_s"], analysis.metrics["source"]["fps"]
    n = min(len(t), len(transforms))
    sm_com = sm_hip = np.full(n, np.nan)
    if with_smoothed:  # a second MediaPipe pass, with its own smoothing
        geos = [frame_geometry(p) for p in estimate_video(path, smooth_landmarks=True).poses]
        sm_com = np.array([g.com_px[0] if g else np.nan for g in geos])
        sm_hip = np.array([g.hip_mid_px[0] if g else np.nan for g in geos])
        n = min(n, len(sm_com))
    raw_com = np.column_stack([c["com_x_px"], c["com_y_px"]])[:n]
    raw_hip = np.column_stack([c["hip_mid_x_px"], c["hip_mid_y_px"]])[:n]
    tr = transforms[:n]
    com_truth = true_track(tr, rest_point(tr, raw_com))[:, 0]
    hip_track = true_track(tr, rest_point(tr, raw_hip))[:, 0]
    if hip_truth is not None:  # the shared recordings' own hip column
        hip_track = hip_truth[:n, 0]
    cm_per_px = analysis.scale.cm_per_px
    live_px = -c["com_ml_live_cm"][:n] / cm_per_px
    series = {
        "analyze CoM (zero-phase)": (c["com_x_filt_px"][:n], com_truth),
        "live CoM (One Euro)": (live_px, com_truth),
        "raw CoM": (c["com_x_px"][:n], com_truth),
        "MediaPipe-smoothed CoM": (sm_com[:n], com_truth),
        "analyze hips (zero-phase)": (zero_phase_lowpass(t[:n], raw_hip[:, 0],
                                                         OFFLINE_CUTOFF_HZ), hip_track),
        "raw hips": (raw_hip[:, 0], hip_track),
        "MediaPipe-smoothed hips": (sm_hip[:n], hip_track),
    }
    figures = {name: evaluate(m, truth, fps) for name, (m, truth) in series.items()
               if np.isfinite(m).sum() > 2}
    duration_s = float(t[-1] - t[0]) + 1.0 / fps
    return {
        "amp_deg": amp_deg,
        "freq_hz": freq_hz,
        "duration_s": duration_s,
        "series": figures,
        "speed_x_real_time": duration_s / wall_s,
        "analyze_wall_s": wall_s,
        # Load-independent: CPU seconds of this process and its worker processes per
        # video second; on 2 idle cores analyze can reach at most 2 / this x real time.
        "cpu_s_per_video_s": cpu_s / duration_s,
        "depth": depth_noise(analysis.video.poses),
        "grid": filter_grid(t[:n], c["com_ml_raw_cm"][:n], com_truth, cm_per_px, fps),
        "scale": {"trunk_height_170_cm_per_px": cm_per_px,
                  "world_cm_per_px": analysis.scale.world_cm_per_px},
        "bos_width_sd_cm": analysis.metrics["base_of_support"]["width_cm"].get("sd"),
        "bos_frames": analysis.metrics["base_of_support"]["frames_with_feet"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true", help="CI size: two short cases")
    ap.add_argument("--keep", type=Path, help="keep the videos and analysis files here")
    ap.add_argument("--no-shared", action="store_true", help="skip ../shared/data/sway")
    args = ap.parse_args(argv)
    load_start = os.getloadavg()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bg_accuracy_"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    scale_truth: dict[str, float] = {}
    for case in CASES_SMALL if args.small else CASES_FULL:
        print(f"case {case.name} ...", file=sys.stderr, flush=True)
        video = work / f"{case.name}.mp4"
        truth = write_case_video(case, video)
        results[case.name] = run_video(video, truth.transforms, work / case.name,
                                       max(case.amp_deg, case.noise_deg), case.freq_hz,
                                       with_smoothed=case.duration_s <= 20.0)
        scale_truth[case.name] = 1.0 / truth.px_per_cm
        results[case.name]["scale"]["true_cm_per_px"] = scale_truth[case.name]
        results[case.name]["scale"]["person_height_px"] = truth.person_height_px
    if not args.no_shared and SHARED.is_dir() and not args.small:
        for csv_path in sorted(SHARED.glob("*.csv")):
            print(f"shared {csv_path.stem} ...", file=sys.stderr, flush=True)
            params = json.loads(csv_path.with_suffix(".json").read_text())
            _, transforms, hip_xy = shared_truth(csv_path)
            results[f"shared:{csv_path.stem}"] = run_video(
                csv_path.with_suffix(".mp4"), transforms, work / csv_path.stem,
                float(params["amp_deg"]), float(params["freq_hz"]), hip_truth=hip_xy)
    summary = {
        "targets": check_targets(results),
        "target_definitions": TARGETS,
        "scale": scale_figures(results),
        "offline_cutoff_hz": OFFLINE_CUTOFF_HZ,
        "loadavg_start_end": [load_start[0], os.getloadavg()[0]],
        "cases": results,
    }
    (work / "results.json").write_text(json.dumps(summary, default=float, indent=1))
    for res in results.values():
        res.pop("grid")  # in results.json only: 72 candidate filters per video
    print_table(results, summary)
    if args.small:  # the rules need the quiet, far and shared videos of the full run
        summary["filter_selection"] = {"note": "filters are selected on the full run only",
                                       "in_use": IN_USE}
    else:
        summary["filter_selection"] = select_filters(json.loads(
            (work / "results.json").read_text())["cases"])
        print_selection(summary["filter_selection"])
        for rule in ("offline", "live"):
            chosen, used = summary["filter_selection"][rule]["chosen"], IN_USE[rule]
            note = "as in the code" if chosen == used else f"DIFFERS from the code's {used}"
            print(f"{rule} filter chosen by the rule: {chosen} ({note})")
            summary["filter_selection"][rule].pop("candidates")  # printed above
    print(json.dumps(summary, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
