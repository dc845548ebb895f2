"""Replay runs kept by ``feedback_latency.py --record DIR`` through the marker's estimator.

Tuning without MediaPipe: each drawn frame sees the samples that had reached the game by
then (``t_ready`` before the draw), in capture order, exactly as the level did, and is
predicted to its expected flip; the figures are feedback_figures.py's, against the truth kept
with the run.  Settings are ``PredictionSettings`` fields given as ``name=value``:

    python benchmarks/feedback_replay.py /tmp/runs/*.npz
    python benchmarks/feedback_replay.py /tmp/runs/*.npz --set jerk_density=1e5 noise_sd_cm=0.5
    python benchmarks/feedback_replay.py /tmp/runs/*.npz --real-noise 3   # 3 x a real error

``--real-noise K`` adds K times the tracking error measured on ../shared/data's sway videos
(a real photograph swayed along a known path, through MediaPipe as in the game): the
unfiltered CoM minus the known path (fitted in gain), its slow part (0.5 s running mean)
removed, so what is added is the error's fast part, 0.05-0.06 cm RMS.  The demo person's own
error is about as large (0.045 cm): K = 1 doubles it, K = 3 is a much noisier camera.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
from feedback_figures import Movement, all_figures

from balancegame.body.filters import one_euro
from balancegame.body.prediction import PredictionSettings
from balancegame.body.signals import LIVE_BETA, LIVE_MIN_CUTOFF_HZ
from balancegame.game.feedback import FeedbackMarker
from balancegame.messages import BodySignals, Presence


def replay(path: Path, settings: PredictionSettings, noise_cm: np.ndarray | None = None) -> dict:
    """``noise_cm``: added to the measured CoM, sample by sample (tiled), and today's marker
    made again from it by the live One Euro filter: a real recording's tracking noise."""
    d = dict(np.load(path))
    rows = d["rows"].copy()
    if noise_cm is not None:
        d["raw"] = d["raw"] + np.resize(noise_cm, d["raw"].shape)
        today = one_euro(d["t_capture"], d["raw"], min_cutoff_hz=LIVE_MIN_CUTOFF_HZ,
                         beta=LIVE_BETA)
        d["filtered"] = today
        newest = np.searchsorted(np.sort(d["t_ready"]), rows[:, 0] - 0.001) - 1
        by_ready = today[np.argsort(d["t_ready"], kind="stable")]
        rows[:, 2] = np.where(newest >= 0, by_ready[np.maximum(newest, 0)], np.nan)
    order = np.argsort(d["t_ready"], kind="stable")
    signals = [BodySignals(float(d["t_capture"][i]), float(d["t_ready"][i]), int(i),
                           bool(d["present"][i]), Presence(True, "", ""),
                           com_ml_cm=float(d["filtered"][i]), com_ml_raw_cm=float(d["raw"][i]),
                           cm_per_px=float(d["cm_per_px"][i])) for i in order]
    marker = FeedbackMarker(settings)
    shown, k = [], 0
    for t_expected, _t_flip, _today, _ in rows:
        batch = []
        while k < len(signals) and signals[k].t_ready_s <= t_expected - 0.001:
            batch.append(signals[k])
            k += 1
        marker.observe(batch)
        x = marker.at(t_expected)
        shown.append(np.nan if x is None else x)
    shown = np.array(shown)
    present = d["present"]
    t_cap, raw = d["t_capture"][present], d["raw"][present]
    truth_t, truth = d["truth_t"], d["truth"]
    gain, offset = np.polyfit(np.interp(t_cap, truth_t, truth), raw, 1)

    def truth_at(t):
        return offset + gain * np.interp(np.asarray(t), truth_t, truth)

    t_flip = rows[:, 1]
    keep = np.isfinite(shown) & (t_flip > t_cap[0] + 2.0)
    movements, busy = [], []
    for onset, arrive, hold, end, target in d["reactions"]:
        for t0, t1, sign in ((onset, arrive, 1), (arrive + hold, end, -1)):
            if t1 < t_flip[keep][-1] - 0.8 and t0 > t_flip[keep][0]:
                movements.append(Movement(t0, t1, int(np.sign(gain * target)) * sign,
                                          abs(gain * target)))
        busy.append((onset - 0.3, end + 1.0))
    quiet, t = [], t_flip[keep][0]
    for t0, t1 in sorted(busy) + [(t_flip[-1], t_flip[-1])]:
        if t0 - t > 1.0:
            quiet.append((t, t0))
        t = max(t, t1)
    return {"predicted": all_figures(t_flip[keep], shown[keep], truth_at, movements, quiet),
            "today": all_figures(t_flip[keep], rows[keep, 2], truth_at, movements, quiet)}


def real_tracking_error_cm() -> np.ndarray:
    """The fast part of the CoM error on ../shared/data/sway/*.mp4 (cm, per frame, 30 Hz)."""
    import csv

    from balancegame.body.signals import BodySignalExtractor
    from balancegame.capture.base import SourceEnded
    from balancegame.capture.video_file import VideoFileSource
    from balancegame.clock import FakeClock
    from balancegame.pose.estimator import MediaPipePoseEstimator

    folder = Path(__file__).resolve().parents[2] / "shared/data/sway"
    parts = []
    for video in sorted(folder.glob("*.mp4")):
        clock = FakeClock()
        source = VideoFileSource(video, clock, paced=False)
        estimator = MediaPipePoseEstimator(clock)
        source.start()
        extractor, com_px, cm_per_px = BodySignalExtractor(170.0), [], []
        try:
            while (frame := source.next_frame(1.0)) is not None:
                s = extractor.update(estimator.estimate(frame), frame.t_capture_s)
                com_px.append(s.com_px[0])
                cm_per_px.append(s.cm_per_px)
        except SourceEnded:
            pass
        finally:
            estimator.close()
            source.close()
        with open(video.with_suffix(".csv")) as f:
            hip_px = np.array([float(r["hip_x"]) for r in csv.DictReader(f)])
        n = min(len(hip_px), len(com_px))
        com, hip = np.array(com_px[:n]), hip_px[:n]
        ok = np.isfinite(com)
        gain = np.polyfit(hip[ok] - hip[ok].mean(), com[ok] - com[ok].mean(), 1)[0]
        err = (com[ok] - com[ok].mean() - gain * (hip[ok] - hip[ok].mean())) * np.nanmedian(
            cm_per_px)
        parts.append((err - np.convolve(err, np.ones(15) / 15, mode="same"))[15:-15])
    if not parts:
        raise SystemExit(f"--real-noise needs the sway videos in {folder}")
    return np.concatenate(parts)


def _value(text: str):
    """A setting's value: a number (``inf`` too) or a Python literal such as ``(3, 9)``."""
    try:
        return float(text)
    except ValueError:
        return ast.literal_eval(text)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE")
    ap.add_argument("--real-noise", type=float, default=0.0, metavar="K",
                    help="add K x the tracking error measured on ../shared/data's sway videos")
    args = ap.parse_args(argv)
    missing = [str(p) for p in args.runs if not p.is_file()]
    if missing:
        ap.error(f"no recorded run at {', '.join(missing)}: record runs with "
                 "'python benchmarks/feedback_latency.py --record DIR', then give DIR/*.npz")
    noise = real_tracking_error_cm() * args.real_noise if args.real_noise else None
    if noise is not None:
        print(f"adding {args.real_noise:g} x the real tracking error: {noise.std():.3f} cm RMS")
    changes = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    settings = dataclasses.replace(PredictionSettings(), **changes)
    out = {}
    for path in args.runs:
        fig = replay(path, settings, noise)
        out[path.stem] = fig
        p, t = fig["predicted"], fig["today"]
        print(f"{path.stem:28s} lag {p['marker_lag_ms']:6.1f} (today {t['marker_lag_ms']:6.1f}) "
              f"rms {p['marker_rms_cm']:.3f} ({t['marker_rms_cm']:.3f}) "
              f"over {p['overshoot_pct']:5.1f}/{p['overshoot_pct_max']:5.1f} "
              f"jitter {p['quiet_jitter_cm']:.3f} ({t['quiet_jitter_cm']:.3f}) "
              f"halves {p['lag_first_half_ms']:.0f}/{p['lag_second_half_ms']:.0f} "
              f"settle {p['settle_rms_cm']:.3f} ({t['settle_rms_cm']:.3f})")
    print(json.dumps({"settings": dataclasses.asdict(settings), "runs": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
