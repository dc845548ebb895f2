"""How often a level's countdown length lets sway be taken for the start of a reaction.

A reaction-time level learns the patient's sway from its countdown and the 1.5 s before
each stimulus (game/onset_finder.py; a model once 5 s are held, measures/sway_model.py).
The demo body (balancegame.demo.PuppetBody: its own quiet-standing sway, reactions at
700 ms to four walls 6 s apart, sides alternating) with white camera noise at 30 Hz
(``--noise-cm``, default 0.15 cm: about 3 x the fast part of the error MediaPipe makes on
../shared/data's sway videos, 0.055 cm; through MediaPipe the demo person's is 0.03-0.045),
through the game's OnsetFinder exactly as a level runs it, for each countdown
length in ``--countdowns`` (default 3 and 6 s) and each movement shape in ``--shapes``
(default minimum-jerk, and the two with a first small movement the sway can hide or
imitate: hesitant, counter), on the same seeds.  No MediaPipe: the figures count what the
sway alone does to the onset search, over far more trials than a run through the pose
model holds (benchmarks/reaction.py, 8 per cell).

Prints per countdown and shape: reactions, how many had a sway model, how many were put
100 ms or more early (and how many of those were a level's first trial), how many were
more than two frames (68 ms) early and late, and the median and 90th-percentile absolute
error (ms); last line one JSON object.  ``--seeds N`` (default 400; ``--small``: 10).
Figures only: nothing gates.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from balancegame.demo.movement_shapes import HELD_OUT_SHAPES
from balancegame.demo.movement_shapes import SHAPES as DESIGN_SHAPES
from balancegame.demo.puppet import PuppetBody
from balancegame.game.onset_finder import OnsetFinder
from balancegame.game.session_quiet import SessionQuiet
from balancegame.messages import BodySignals, Presence, Side, Stimulus

FPS, RT_S, SPACING_S, RESOLVE_S, NOISE_CM, WALLS = 30.0, 0.7, 6.0, 5.0, 0.15, 4
EARLY_MS, OFF_MS = -100.0, 2000.0 / FPS
SHAPES = ("minimum-jerk", "hesitant", "counter")
ALL_SHAPES = DESIGN_SHAPES + HELD_OUT_SHAPES


def _signals(t: float, x: float) -> BodySignals:
    return BodySignals(t, t + 0.02, int(round(t * FPS)), True, Presence(True, "", "", True),
                       com_ml_cm=x, com_ml_raw_cm=x, com_vertical_cm=100.0, cm_per_px=0.4,
                       scale_method="scripted")


def level_errors(countdown_s: float, seed: int, shape: str = "minimum-jerk",
                 noise_cm: float = NOISE_CM) -> list[tuple[int, float | None, bool]]:
    """(wall index, onset error ms or None when no onset, had a sway model) of one level
    whose reactions have ``shape`` (the truth: each one's start, a first movement's if any)."""
    body = PuppetBody(np.random.default_rng(seed), rt_s=RT_S, movement_shape=shape)
    onsets = [countdown_s + SPACING_S * k for k in range(WALLS)]
    for k, t0 in enumerate(onsets):
        body.react(Stimulus(k, "dodge", t0, Side.RIGHT if k % 2 else Side.LEFT, 10.0, 3.0))
    t = np.arange(0.0, onsets[-1] + RESOLVE_S + 1.0, 1 / FPS)
    x = body.position_cm(t) + np.random.default_rng(seed + 100).normal(0, noise_cm, t.size)
    samples = [_signals(float(ti), float(xi)) for ti, xi in zip(t, x, strict=True)]
    finder = OnsetFinder(SessionQuiet())
    finder.note([s for s in samples if s.t_capture_s < countdown_s], True, False)
    finder.note([], False, False)  # the countdown is over
    for k, t0 in enumerate(onsets):
        finder.submit({"k": k, "detail": {}},
                      [s for s in samples if s.t_capture_s < t0 + RESOLVE_S], t0,
                      1 if k % 2 else -1)
    out = []
    for trial in finder.finish():
        k, onset = trial["k"], trial["movement_onset_t_s"]
        err = None if onset is None else (onset - onsets[k] - RT_S) * 1e3
        out.append((k, err, trial["detail"]["sway_model_s"] is not None))
    return out


def summary(rows: list[tuple[int, float | None, bool]]) -> dict:
    errs = np.array([e for _, e, _ in rows if e is not None], dtype=float)
    early = [(k, e) for k, e, _ in rows if e is not None and e <= EARLY_MS]
    return {"reactions": len(rows), "with_model": sum(m for _, _, m in rows),
            "no_onset": sum(e is None for _, e, _ in rows),
            "early_100ms": len(early), "early_100ms_first_trial": sum(k == 0 for k, _ in early),
            "off_2_frames": int(np.sum(np.abs(errs) > OFF_MS)),
            "early_2_frames": int(np.sum(errs < -OFF_MS)),
            "late_2_frames": int(np.sum(errs > OFF_MS)),
            "median_error_ms": round(float(np.median(errs)), 1) if errs.size else None,
            "p90_abs_error_ms": round(float(np.percentile(np.abs(errs), 90)), 1)
            if errs.size else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--countdowns", default="3,6", help="countdown lengths, s (default 3,6)")
    ap.add_argument("--shapes", default=",".join(SHAPES),
                    help=f"movement shapes (default {','.join(SHAPES)}; any of "
                         f"{', '.join(ALL_SHAPES)})")
    ap.add_argument("--noise-cm", type=float, default=NOISE_CM,
                    help=f"white camera noise SD, cm (default {NOISE_CM}: 3 x what MediaPipe "
                         "makes on ../shared/data's sway videos, 0.055)")
    ap.add_argument("--seeds", type=int, default=400, help="levels per countdown (400)")
    ap.add_argument("--small", action="store_true", help="10 seeds (CI)")
    args = ap.parse_args(argv)
    try:
        countdowns = [float(c) for c in args.countdowns.split(",")]
    except ValueError:
        ap.error(f"--countdowns {args.countdowns!r}: expected seconds separated by commas")
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    if not shapes or any(s not in ALL_SHAPES for s in shapes):
        ap.error(f"--shapes {args.shapes!r}: expected some of {', '.join(ALL_SHAPES)}, "
                 "separated by commas")
    seeds = 10 if args.small else args.seeds
    if not all(2 <= c <= 10 for c in countdowns) or seeds < 1:
        ap.error("--countdowns are 2-10 s each (a level's range); --seeds at least 1")
    if not 0 <= args.noise_cm <= 2:
        ap.error(f"--noise-cm {args.noise_cm:g}: expected 0-2 cm")
    print(f"The demo body's sway + {args.noise_cm:g} cm noise at {FPS:g} Hz, {WALLS} reactions at "
          f"{RT_S * 1e3:.0f} ms per level, {seeds} levels per countdown and shape (same seeds)")
    print(f"{'countdown':>9} {'shape':>13} {'reactions':>9} {'model':>6} {'<=-100ms':>9} "
          f"{'(1st)':>6} {'<-68ms':>7} {'>+68ms':>7} {'median':>8} {'p90 |e|':>8}")
    results, t0 = {}, time.perf_counter()
    for c in countdowns:
        for shape in shapes:
            rows = [r for seed in range(seeds) for r in level_errors(c, seed, shape, args.noise_cm)]
            s = results.setdefault(f"{c:g}", {})[shape] = summary(rows)
            print(f"{c:>8g}s {shape:>13} {s['reactions']:>9} {s['with_model']:>6} "
                  f"{s['early_100ms']:>9} {s['early_100ms_first_trial']:>6} "
                  f"{s['early_2_frames']:>7} {s['late_2_frames']:>7} "
                  f"{s['median_error_ms']:>6}ms {s['p90_abs_error_ms']:>6}ms", flush=True)
    print(json.dumps({"benchmark": "countdown_sway", "seeds": seeds, "noise_cm": args.noise_cm,
                      "rt_ms": RT_S * 1e3, "countdowns": results,
                      "wall_s": round(time.perf_counter() - t0, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
