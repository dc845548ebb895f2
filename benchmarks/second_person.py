"""Does the game notice a second person, and never one who is not there?

Runs the pipeline of a session on recordings made from ../shared/data
(two_person_videos.py: side-by-side, walk-through, far-behind) and on single-person
recordings: MediaPipe Pose on every frame (the tracker), the body signals and the identity
guard (body/identity.py) on every sample, and the people watch's check
(people_watch.count_others: the pose detector on the whole frame and the strips beside the
patient, 2 of 3 checks) every 0.4 s of video time, as in the game.  Prints per recording:
the checks made while someone else was in view and how many of those reported them, the
checks with nobody else and how many reported someone (false alarms), the time from the
other person coming into view to the report, identity switches seen, whether the tracker
followed the other person (its hips more than 60 px from the patient's true path), and what
one check costs (ms) and so what the watch costs at 2.5 Hz (% of one core).  Offline, on a
fake clock: figures do not depend on the machine's load except the cost.  Needs
../shared/data.  Last line: one JSON object.

    python benchmarks/second_person.py
    python benchmarks/second_person.py --small   # CI: side-by-side and one single recording
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time

import numpy as np

os.environ.setdefault("GLOG_minloglevel", "2")

from machine_info import machine, saved_run  # noqa: E402
from two_person_videos import PATIENT, SHARED, SINGLE, composites, read_frames  # noqa: E402

from balancegame.body.identity import IdentityGuard  # noqa: E402
from balancegame.body.signals import BodySignalExtractor  # noqa: E402
from balancegame.clock import FakeClock  # noqa: E402
from balancegame.messages import Frame, TrackedFrame  # noqa: E402
from balancegame.people_watch import INTERVAL_S, Vote, count_others  # noqa: E402
from balancegame.pose.estimator import MediaPipePoseEstimator  # noqa: E402
from balancegame.pose.people import PersonDetector  # noqa: E402


def patient_hip_x() -> np.ndarray:
    with open(PATIENT.with_suffix(".csv")) as f:
        return np.array([float(r["hip_x"]) for r in csv.DictReader(f)])


def run(frames, fps, seen, detector, truth_hip_x=None) -> dict:
    clock = FakeClock(0.0)
    estimator = MediaPipePoseEstimator(clock)
    extractor, guard, vote = BodySignalExtractor(170.0), IdentityGuard(), Vote()
    step = max(1, round(INTERVAL_S * fps))
    checks, costs, followed = [], [], 0
    try:
        for i, image in enumerate(frames):
            frame = Frame(image, i / fps, i, "recording")
            clock.advance(i / fps - clock.now_s())
            pose = estimator.estimate(frame)
            signals = extractor.update(pose, i / fps)
            guard.observe(signals)
            if truth_hip_x is not None and signals.present and i < len(truth_hip_x):
                followed += abs(signals.hip_mid_px[0] - truth_hip_x[i]) > 60
            if i % step == 0:
                t0 = time.perf_counter()
                others = count_others(detector, TrackedFrame(frame, pose, signals))
                costs.append((time.perf_counter() - t0) * 1e3)
                checks.append((i / fps, seen[i], vote.add(bool(others))))
    finally:
        estimator.close()
    in_view = [c for c in checks if c[1]]
    alone = [c for c in checks if not c[1]]
    first_seen = next((i / fps for i, s in enumerate(seen) if s), None)
    first_report = next((t for t, s, r in checks if r and first_seen is not None
                         and t >= first_seen), None)
    return {"checks_in_view": len(in_view), "reported_in_view": sum(c[2] for c in in_view),
            "checks_alone": len(alone), "false_alarms": sum(c[2] for c in alone),
            "report_after_s": (round(first_report - first_seen, 2)
                               if first_report is not None else None),
            "identity_switches": len(guard.switched), "frames_following_other": int(followed),
            "check_ms_p50": round(float(np.median(costs)), 1)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--save", help="also write the output, with the machine, to this folder")
    args = ap.parse_args(argv)
    if not (SHARED / "README.md").exists():
        print(f"{SHARED} is not here: nothing to measure")
        print(json.dumps({"skipped": "no shared data"}))
        return 0
    print(f"second person in view, checks every {INTERVAL_S} s; {machine()}")
    detector = PersonDetector()
    table = {}
    two = composites()
    names = ["side-by-side"] if args.small else list(two)
    hips = patient_hip_x()
    for name in names:
        frames, seen, fps = two[name]
        table[name] = run(frames, fps, seen, detector, hips)
    for path in SINGLE[:1] if args.small else SINGLE:
        frames = read_frames(path)
        table[path.name] = run(frames, 30.0, [False] * len(frames), detector)
    detector.close()
    print(f"{'recording':34s} {'in view: reported':>18s} {'alone: false':>13s} {'after s':>8s} "
          f"{'switches':>8s} {'followed':>8s} {'ms/check':>8s}")
    for name, r in table.items():
        after = "-" if r["report_after_s"] is None else f"{r['report_after_s']:.2f}"
        print(f"{name:34s} {r['reported_in_view']:>8d} of {r['checks_in_view']:<7d} "
              f"{r['false_alarms']:>5d} of {r['checks_alone']:<5d} {after:>8s} "
              f"{r['identity_switches']:>8d} {r['frames_following_other']:>8d} "
              f"{r['check_ms_p50']:>8.1f}")
    cost = float(np.median([r["check_ms_p50"] for r in table.values()]))
    print(f"one check {cost:.1f} ms: at {1 / INTERVAL_S:.1f} Hz the watch takes "
          f"{cost / INTERVAL_S / 10:.1f} % of one core")
    print(json.dumps({"by_recording": table, "interval_s": INTERVAL_S,
                      "check_ms_p50": cost}))
    return 0


if __name__ == "__main__":
    sys.exit(saved_run("second_person", main, sys.argv[1:]))
