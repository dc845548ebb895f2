"""How far the patient's marker trails the body, today's marker against the predicted one.

The real game, headless, on these cores and in real time: the demo person (a real
photograph moved by a simulated body whose true CoM is known at every instant) seen by a
simulated camera that delivers each frame 0, 50 or 100 ms (+ 5 ms half-normal jitter) after
its exposure, with driver timestamps; the ``TrackingWorker`` thread runs MediaPipe Pose; the
``GameLoop`` plays the ``dodge-gentle`` level (the demo person leans out of each wall's way).
For every displayed frame it records, at the flip, the marker the level drew (predicted to
the flip, game/feedback.py) and today's marker (the One Euro estimate of the newest sample),
both in the same run, and the true CoM at that flip.  The true position is put in the
marker's units by a straight-line fit of the unfiltered measured CoM on the truth at the
capture times (the scale from the typed height is not exact; the fit takes that out of the
figures, and says how large it was).  Figures: benchmarks/feedback_figures.py.

Targets (issue: feedback without delay): marker lag <= 20 ms at every camera delay,
overshoot <= 10 % of the movement, quiet-stance jitter no worse than today's, and at zero
delay not worse than today on any figure.  Last line: one JSON object.

    python benchmarks/feedback_latency.py                # 3 x 45 s, about 2.5 minutes
    python benchmarks/feedback_latency.py --small        # CI: 2 x 20 s (delays 0, 100 ms)
    python benchmarks/feedback_latency.py --movement early-peak --delays 100
    python benchmarks/feedback_latency.py --record DIR   # also keep each run's samples (.npz)
    xvfb-run -s "-screen 0 1280x720x24" env SDL_VIDEODRIVER=x11 \
        python benchmarks/feedback_latency.py --delays 0,100 --seconds 20 --screenshots DIR

``--screenshots DIR`` saves every 4th frame of each movement, with two thin guides drawn on
top for the reader: white, where the body truly is at that flip; grey, today's marker.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # x11 under xvfb-run, for screenshots
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
os.environ.setdefault("GLOG_minloglevel", "2")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
from feedback_figures import Movement, all_figures  # noqa: E402
from machine_info import machine, saved_run  # noqa: E402

from balancegame import app  # noqa: E402
from balancegame.body.signals import BodySignalExtractor  # noqa: E402
from balancegame.clock import MonotonicClock  # noqa: E402
from balancegame.demo.movement_shapes import SHAPES  # noqa: E402
from balancegame.demo.puppet import PuppetSource  # noqa: E402
from balancegame.demo.simulated_camera import SimulatedCamera  # noqa: E402
from balancegame.game import theme  # noqa: E402
from balancegame.game.context import GameContext  # noqa: E402
from balancegame.game.loop import GameLoop  # noqa: E402
from balancegame.game.scenes.level import LevelScene  # noqa: E402
from balancegame.game.views.dodge import GAP_EDGE_PX, PLAYER_Y  # noqa: E402
from balancegame.people_watch import PeopleWatch  # noqa: E402
from balancegame.pose.estimator import MediaPipePoseEstimator  # noqa: E402
from balancegame.prescription.library import LevelLibrary  # noqa: E402
from balancegame.session.log import SessionLog  # noqa: E402
from balancegame.session.storage import Database  # noqa: E402
from balancegame.tracking import TrackingWorker  # noqa: E402

TARGET_LAG_MS, TARGET_OVERSHOOT_PCT = 20.0, 10.0
MARKERS = ("today", "predicted")


class DrainRecorder:
    """The worker as the level sees it; keeps every drained sample."""

    def __init__(self, worker: TrackingWorker) -> None:
        self.worker, self.samples = worker, []
        self.latest, self.health = worker.latest, worker.health
        self.scale_ready = worker.scale_ready
        self.request_recalibration = worker.request_recalibration

    def drain(self):
        out = self.worker.drain()
        self.samples.extend(out)
        return out


class RecordingLevel(LevelScene):
    """The level scene, writing down both markers of every frame it draws."""

    def __init__(self, ctx: GameContext, index: int, body=None, shots: Path | None = None,
                 samples: list | None = None) -> None:
        super().__init__(ctx, index)
        self.rows: list[tuple[float, float, float, float]] = []  # t_expected, t_flip, 2 markers
        self._pending: tuple[float, float, float] | None = None
        self.body, self.shots, self.all_samples = body, shots, samples
        self._frame = 0

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        if self.shots is None or self._pending is None or self.centre_cm is None:
            return
        t_flip = self._pending[0]
        if not any(r.t_move_onset_s - 0.1 < t_flip < r.t_end_s + 0.3
                   for r in self.body._reactions):
            return
        self._frame += 1
        if self._frame % 4:
            return
        present = [x for x in self.all_samples if x.present][-300:]
        truth = self.body.position_cm(np.array([x.t_capture_s for x in present]))
        gain, offset = np.polyfit(truth, [x.com_ml_raw_cm for x in present], 1)
        w = surface.get_width()
        distance_cm = self.challenge.view().distance_cm
        for cm, colour in ((offset + gain * self.body.position_cm(t_flip), (255, 255, 255)),
                           (self._pending[1], (150, 150, 150))):
            x = int(w / 2 + (cm - self.centre_cm) * GAP_EDGE_PX / distance_cm)
            pygame.draw.line(surface, colour, (x, PLAYER_Y - 70), (x, PLAYER_Y + 70), 3)
        self.shots.mkdir(parents=True, exist_ok=True)
        name = f"{self.shots.name}_{t_flip - self.t_level_start_s:06.2f}.png"
        self._shot_name = self.shots / name

    def after_flip(self, t_flip_s: float) -> None:
        shot = getattr(self, "_shot_name", None)
        if shot is not None:
            pygame.image.save(pygame.display.get_surface(), str(shot))
            self._shot_name = None
        self._after_flip(t_flip_s)

    def before_draw(self, t_flip_s: float) -> None:
        super().before_draw(t_flip_s)  # sets shown_cm, the marker drawn
        shown = np.nan if self.shown_cm is None else self.shown_cm + self.centre_cm
        self._pending = (t_flip_s, self.ctx.feedback.filtered_cm, shown)

    def _after_flip(self, t_flip_s: float) -> None:
        super().after_flip(t_flip_s)
        if self._pending is not None:
            t_expected, today, predicted = self._pending
            self.rows.append((t_expected, t_flip_s, today, predicted))
            self._pending = None


def quit_pygame() -> None:
    """pygame.quit(), and forget theme.font's cached Fonts: used after a quit they segfault."""
    pygame.quit()
    theme.font.cache_clear()


def run(delay_ms: float, seconds: float, shape: str, seed: int, db_path: Path,
        shots: Path | None = None, people: bool = False) -> dict:
    clock = MonotonicClock()
    camera = SimulatedCamera(delay_ms / 1e3, 0.005 if delay_ms > 0 else 0.0, True, seed=seed)
    source = PuppetSource.default(clock, np.random.default_rng(seed), camera=camera,
                                  movement_shape=shape)
    source.start()
    worker = TrackingWorker(source, MediaPipePoseEstimator(clock), BodySignalExtractor(170.0),
                            clock)
    db = Database.open(db_path)
    watch = None
    try:
        worker.start()
        watch = PeopleWatch.started(worker.latest) if people else None
        db.ensure_patient("benchmark")
        session_id = db.start_session("benchmark", source=source.name, app_version="benchmark",
                                      seed=seed, settings={"camera_delay_ms": delay_ms})
        tracker = DrainRecorder(worker)
        level = LevelLibrary.shipped().level(app.DEFAULT_LEVEL)
        ctx = GameContext(clock=clock, tracker=tracker, log=SessionLog(db, session_id), seed=seed,
                          headless=True, levels=[level], patient_id="benchmark",
                          on_stimulus=source.react, people=watch)
        scene = RecordingLevel(ctx, 0, source.body, shots, tracker.samples)
        headless = os.environ["SDL_VIDEODRIVER"] == "dummy"
        loop = GameLoop(app._init_display(headless, False)[0], clock, scene,
                        time_limit_s=seconds)
        try:
            loop.run()
        finally:
            quit_pygame()
    finally:
        if watch is not None:
            watch.stop()
        worker.stop()
        db.close()
    return {"rows": np.array(scene.rows), "samples": tracker.samples, "body": source.body,
            "people_checks": watch.state().checks if watch else None,
            "delay_ms": delay_ms, "game_fps": 1.0 / float(np.mean(loop.stats.periods_s)),
            "pose_hz": len(tracker.samples) / seconds}


def analyse(result: dict) -> dict:
    rows, body = result["rows"], result["body"]
    samples = [s for s in result["samples"] if s.present]
    t_cap = np.array([s.t_capture_s for s in samples])
    raw = np.array([s.com_ml_raw_cm for s in samples])
    gain, offset = np.polyfit(body.position_cm(t_cap), raw, 1)  # truth -> marker units

    def truth_at(t):
        return offset + gain * body.position_cm(np.asarray(t))

    t_flip = rows[:, 1]
    keep = np.isfinite(rows[:, 3]) & (t_flip > t_cap[0] + 2.0)  # the scale is measured by then
    movements, busy = [], []
    for r in body._reactions:
        for t0, t1, sign in ((r.t_move_onset_s, r.t_arrive_s, 1),
                             (r.t_arrive_s + r.hold_s, r.t_end_s, -1)):
            if t1 < t_flip[keep][-1] - 0.8 and t0 > t_flip[keep][0]:
                movements.append(Movement(t0, t1, int(np.sign(gain * r.target_cm)) * sign,
                                          abs(gain * r.target_cm)))
        busy.append((r.t_move_onset_s - 0.3, r.t_end_s + 1.0))
    quiet, t = [], t_flip[keep][0]
    for t0, t1 in sorted(busy) + [(t_flip[-1], t_flip[-1])]:
        if t0 - t > 1.0:
            quiet.append((t, t0))
        t = max(t, t1)
    out = {"scale_fit_gain": round(float(gain), 3), "game_fps": round(result["game_fps"], 1),
           "people_checks": result["people_checks"],
           "pose_hz": round(result["pose_hz"], 1),
           "flip_expected_error_ms_p50": round(float(np.median(np.abs(rows[:, 1] - rows[:, 0]))
                                                     * 1e3), 2)}
    for name, column in zip(MARKERS, (2, 3), strict=True):
        out[name] = all_figures(t_flip[keep], rows[keep, column], truth_at, movements, quiet)
    return out


def meets(fig: dict) -> dict:
    p, today = fig["predicted"], fig["today"]
    checks = {"lag": abs(p["marker_lag_ms"]) <= TARGET_LAG_MS,
              "overshoot": (p["overshoot_pct"] or 0.0) <= TARGET_OVERSHOOT_PCT,
              "jitter": p["quiet_jitter_cm"] <= today["quiet_jitter_cm"] * 1.05}
    return checks


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true")
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--delays", help="camera delays in ms, comma-separated; default 0,50,100")
    ap.add_argument("--movement", default="minimum-jerk", choices=sorted(SHAPES))
    ap.add_argument("--seed", type=int, default=7,
                    help="the demo body's first seed (one more per camera delay); another seed "
                         "gives other movement times and sizes, for runs held out of tuning")
    ap.add_argument("--people-watch", action="store_true",
                    help="also run the second-person check, as a session does")
    ap.add_argument("--record", type=Path, metavar="DIR", help="keep each run's samples here")
    ap.add_argument("--screenshots", type=Path, metavar="DIR",
                    help="save frames of the movements here, with the true position drawn")
    ap.add_argument("--save", type=Path, metavar="DIR",
                    help="also write the whole output, with the machine, to DIR")
    args = ap.parse_args(argv)
    seconds = args.seconds or (20.0 if args.small else 45.0)
    delays = ([float(d) for d in args.delays.split(",")] if args.delays
              else [0.0, 100.0] if args.small else [0.0, 50.0, 100.0])
    print(f"marker against the true CoM at each flip, {seconds:g} s per camera delay, movement "
          f"{args.movement}; {machine()}")
    table = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, delay_ms in enumerate(delays):
            shots = args.screenshots / f"delay{delay_ms:g}ms" if args.screenshots else None
            result = run(delay_ms, seconds, args.movement, args.seed + i,
                         Path(tmp) / f"{i}.sqlite3", shots, args.people_watch)
            if args.record:
                args.record.mkdir(parents=True, exist_ok=True)
                save_record(args.record / f"delay{delay_ms:g}-{args.movement}.npz", result)
            fig = analyse(result)
            fig["meets"] = meets(fig)
            table[f"{delay_ms:g}"] = fig
            print_cell(delay_ms, fig)
    print(json.dumps({"movement": args.movement, "seconds": seconds,
                      "targets": {"marker_lag_ms": TARGET_LAG_MS,
                                  "overshoot_pct": TARGET_OVERSHOOT_PCT},
                      "by_camera_delay_ms": {
                          k: {m: v[m] for m in (*MARKERS, "meets", "game_fps", "pose_hz")}
                          for k, v in table.items()}}))
    return 0


def print_cell(delay_ms: float, fig: dict) -> None:
    print(f"\ncamera delay {delay_ms:g} ms: game {fig['game_fps']} FPS, pose {fig['pose_hz']} Hz, "
          f"{fig['today']['movements']} movements, truth scale fit x{fig['scale_fit_gain']}, "
          f"flip expected within {fig['flip_expected_error_ms_p50']} ms (median)"
          + (f", {fig['people_checks']} second-person checks" if fig["people_checks"] else ""))
    print(f"  {'marker':10s} {'lag ms':>7s} {'RMS cm':>7s} {'overshoot % (max)':>18s} "
          f"{'quiet jitter cm':>16s} {'lag 1st/2nd half ms':>20s} {'settle RMS cm':>14s}")
    for name in MARKERS:
        f = fig[name]
        print(f"  {name:10s} {f['marker_lag_ms']:7.1f} {f['marker_rms_cm']:7.3f} "
              f"{f['overshoot_pct']:8.1f} ({f['overshoot_pct_max']:5.1f})   "
              f"{f['quiet_jitter_cm']:16.3f} "
              f"{f['lag_first_half_ms']:9.1f}/{f['lag_second_half_ms']:<9.1f} "
              f"{f['settle_rms_cm']:14.3f}")
    print("  targets: " + ", ".join(f"{k} {'ok' if v else 'MISS'}"
                                    for k, v in fig["meets"].items()), flush=True)


def save_record(path: Path, result: dict) -> None:
    """The run's samples, drawn frames and truth (1 ms grid), for tuning without MediaPipe."""
    s = result["samples"]
    t0 = min(x.t_capture_s for x in s) - 1.0
    grid = np.arange(t0, result["rows"][-1, 1] + 1.0, 0.001)
    np.savez_compressed(
        path, rows=result["rows"], t_capture=[x.t_capture_s for x in s],
        t_ready=[x.t_ready_s for x in s], raw=[x.com_ml_raw_cm for x in s],
        filtered=[x.com_ml_cm for x in s], present=[x.present for x in s],
        cm_per_px=[x.cm_per_px for x in s], truth_t=grid,
        truth=result["body"].position_cm(grid),
        reactions=[(r.t_move_onset_s, r.t_arrive_s, r.hold_s, r.t_end_s, r.target_cm)
                   for r in result["body"]._reactions])


if __name__ == "__main__":
    sys.exit(saved_run("feedback_latency", main, sys.argv[1:]))
