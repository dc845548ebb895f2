"""Real-time benchmark: the threaded game against a naive single loop, on a video played live.

A video is played at camera pace (``VideoFileSource(paced=True, loop=True)``: frame i is
delivered at t0 + i/fps, only the newest frame is kept) and, in one process, fed to:

1. **the game**: the real pipeline and scenes (title -> setup check -> the default level),
   headless (``SDL_VIDEODRIVER=dummy``), wired as in ``balancegame.app._play``: a
   ``TrackingWorker`` thread (source -> MediaPipe pose -> body signals) and the ``GameLoop``
   (fixed-step rules, one flip per display frame, 60 FPS cap), logging to a temporary SQLite file;
2. **a naive loop** on one thread: read frame -> pose -> body signals -> draw (fill, the game's
   camera view with skeleton, text) -> ``pygame.display.flip()``;
3. **the game with pose slowed down** by ``--pose-delay-ms`` per call (a sleeping wrapper around
   the estimator: load injection), to check that the game's frame rate does not follow pose;
4. **a slow disk**: the game from the level's start (where the log is written), twice, with
   every SQLite commit as it is and slowed by ``--commit-delay-ms`` (an injected connection
   class, ``slow_disk.py``), to check that the session writer thread keeps commits off the
   frame; without ``--small`` also a third time with the log written on the game thread as
   before the writer, to show what the delay does to a frame there.

Figures per run: ``game_fps`` = flips per second (1 / mean flip period); ``frame_ms_p99`` = flip
period p99; ``pose_hz`` = body-signal samples per second; ``latency_ms_p50/p95`` = a frame's
capture stamp -> its body signals available to the game (``t_ready_s - t_capture_s``), over every
sample of the run; ``rss_mb`` = peak resident memory during the run (Linux VmHWM, reset at each
run start, so later runs include what earlier runs left; elsewhere the process peak); for the
slow-disk runs ``frame_ms_max``, ``commits`` (and how many on the game thread) and the writer
queue's high-water mark.
The last stdout line is one JSON object; the exit code does not gate CI.

If the video's person has no visible feet, the setup check waits for the therapist's Enter: the
benchmark posts that key when the check starts.  Without ``../shared/data`` a 30 fps video is
synthesised from scikit-image's CC0 ``camera()`` photograph moved sideways.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pygame  # noqa: E402
from machine_info import machine, saved_run  # noqa: E402
from slow_disk import disk_runs, print_disk_table, slow_commits  # noqa: E402

from balancegame import app  # noqa: E402
from balancegame.body.signals import BodySignalExtractor  # noqa: E402
from balancegame.capture.video_file import VideoFileSource  # noqa: E402
from balancegame.clock import MonotonicClock  # noqa: E402
from balancegame.game import theme  # noqa: E402
from balancegame.game.context import GameContext  # noqa: E402
from balancegame.game.flow import SessionFlow  # noqa: E402
from balancegame.game.loop import GameLoop  # noqa: E402
from balancegame.game.scenes.level import LevelScene  # noqa: E402
from balancegame.messages import BodySignals, Frame, PoseSample  # noqa: E402
from balancegame.pose.estimator import MediaPipePoseEstimator, PoseEstimator  # noqa: E402
from balancegame.prescription.library import LevelLibrary  # noqa: E402
from balancegame.session.log import SessionLog  # noqa: E402
from balancegame.session.storage import Database  # noqa: E402
from balancegame.session.writer import DatabaseWriter  # noqa: E402
from balancegame.tracking import TrackingWorker  # noqa: E402

SHARED_VIDEO = Path(__file__).resolve().parents[2] / "shared/data/sway/squat_sway_a2.mp4"
TARGET_GAME_FPS = 55.0
TARGET_POSE_FRACTION = 0.95  # pose must keep >= 95 % of the camera's frame rate
TARGET_LATENCY_MS_P95 = 40.0
TARGET_RSS_MB = 500.0
TARGET_SLOW_FPS_FRACTION = 0.95  # slowed pose may cost the game at most 5 % of its fps


class SlowedPose:
    """A PoseEstimator that adds ``delay_ms`` to every call (benchmark load injection)."""

    def __init__(self, inner: PoseEstimator, delay_ms: float) -> None:
        self.inner, self.delay_s = inner, delay_ms / 1e3

    def estimate(self, frame: Frame) -> PoseSample:
        time.sleep(self.delay_s)  # a sleep releases the GIL, like slow native inference
        return self.inner.estimate(frame)

    def close(self) -> None:
        self.inner.close()


class RecordingTracker:
    """The worker as the game sees it; keeps every drained sample for the figures.

    When the setup check starts (it asks for recalibration) it posts the therapist's Enter.
    """

    def __init__(self, worker: TrackingWorker) -> None:
        self.worker = worker
        self.samples: list[BodySignals] = []
        self.latest, self.health = worker.latest, worker.health
        self.scale_ready = worker.scale_ready

    def drain(self) -> list[BodySignals]:
        out = self.worker.drain()
        self.samples.extend(out)
        return out

    def request_recalibration(self) -> None:
        self.worker.request_recalibration()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN))


class InlineTracker(RecordingTracker):
    """The naive design: no tracking thread; each game tick takes the newest camera frame,
    if one came, through pose on the game thread, and otherwise the frame is drawn again
    with the last result.  It never waits for the camera, so the display keeps its rate
    between camera frames; a pose call (about 20 ms) lands inside the frame that made it."""

    def drain(self) -> list[BodySignals]:
        self.worker.step(timeout_s=0.0)
        return super().drain()

    def lend_frames(self):  # the display-delay check is not part of this benchmark
        raise NotImplementedError


def begin_run() -> float:
    """Restart the peak-RSS count (Linux: clear_refs); return the RSS now, in MB."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return rss_mb("VmRSS")


def rss_mb(field: str = "VmHWM") -> float:
    """VmHWM (peak since begin_run) or VmRSS (now), MB; elsewhere the process's peak."""
    try:
        return int(Path("/proc/self/status").read_text().split(f"{field}:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return math.nan
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB


def synthesise_video(folder: Path, seconds: float = 10.0, fps: float = 30.0) -> Path:
    """A 512x512 video of skimage's CC0 "camera" man swaying 12 px sideways at 0.2 Hz.

    Square and unscaled: MediaPipe's detector misses him on a 640x480 canvas."""
    from skimage import data

    person = cv2.cvtColor(data.camera(), cv2.COLOR_GRAY2BGR)
    size = person.shape[1::-1]
    path = folder / "synthetic_sway.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {path} (no mp4v encoder); pass --video PATH")
    for i in range(int(seconds * fps)):
        shift = np.float32([[1, 0, 12 * math.sin(2 * math.pi * 0.2 * i / fps)], [0, 1, 0]])
        writer.write(cv2.warpAffine(person, shift, size, borderMode=cv2.BORDER_REPLICATE))
    writer.release()
    return path


def figures(periods_s: list[float], samples: list[BodySignals], rss_start_mb: float) -> dict:
    """The benchmark's figures from flip periods and every body-signal sample of a run."""
    periods = np.array(periods_s or [math.nan])
    latency_ms = np.array([s.latency_s for s in samples] or [math.nan]) * 1e3
    t_ready = [s.t_ready_s for s in samples]
    pose_hz = (len(t_ready) - 1) / (t_ready[-1] - t_ready[0]) if len(t_ready) > 2 else 0.0
    return {"game_fps": 1.0 / float(np.mean(periods)), "pose_hz": pose_hz,
            "latency_ms_p50": float(np.percentile(latency_ms, 50)),
            "latency_ms_p95": float(np.percentile(latency_ms, 95)),
            "frame_ms_p99": float(np.percentile(periods, 99) * 1e3),
            "rss_mb": rss_mb(), "rss_start_mb": rss_start_mb}


def quit_pygame() -> None:
    """pygame.quit(), and forget theme.font's cached Fonts: used after a quit they segfault."""
    pygame.quit()
    theme.font.cache_clear()


def run_game(video: Path, seconds: float, db_path: Path, *, pose_delay_ms: float = 0.0,
             commit_delay_ms: float = 0.0, at_level: bool = False,
             writer_thread: bool = True, naive: bool = False) -> dict:
    """The real game, headless, for ``seconds``; built as in app.run_session (see module doc).

    ``at_level``: start at the level, not the title screen; ``commit_delay_ms``: every commit
    slowed by that much; ``writer_thread=False``: the log written on the game thread;
    ``naive``: everything on the game thread (pose too, see :class:`InlineTracker`)."""
    writer_thread = writer_thread and not naive
    rss_start_mb = begin_run()
    clock = MonotonicClock()
    source = VideoFileSource(video, clock, paced=True, loop=True)
    source.start()
    estimator: PoseEstimator = MediaPipePoseEstimator(clock)
    if pose_delay_ms > 0:
        estimator = SlowedPose(estimator, pose_delay_ms)
    worker = TrackingWorker(source, estimator, BodySignalExtractor(None), clock)
    disk = slow_commits(commit_delay_ms)
    db = Database.open(db_path, connection_factory=disk)
    writer = DatabaseWriter(db) if writer_thread else None
    try:
        if not naive:
            worker.start()
        db.ensure_patient("benchmark")
        session_id = db.start_session("benchmark", source=source.name, app_version="benchmark",
                                      seed=1, settings={"pose_delay_ms": pose_delay_ms,
                                                        "commit_delay_ms": commit_delay_ms})
        disk.commits = disk.game_thread_commits = 0  # count the game's, not the setup's
        if writer is not None:
            writer.start()
        log = SessionLog(writer or db, session_id)
        tracker = InlineTracker(worker) if naive else RecordingTracker(worker)
        level = LevelLibrary.shipped().level(app.DEFAULT_LEVEL)
        ctx = GameContext(clock=clock, tracker=tracker, log=log, seed=1, headless=True,
                          levels=[level], patient_id="benchmark")
        flow = SessionFlow(ctx)
        first = LevelScene(ctx, 0) if at_level else flow.first()
        loop = GameLoop(app._init_display(True, False)[0], clock, first,
                        next_scene=flow.after, time_limit_s=seconds)
        try:
            last_scene = loop.run()
            tracker.drain()  # samples produced after the last game tick
        finally:
            log.end_session("aborted", ctx.end_reason or "benchmark")
            quit_pygame()
    finally:
        worker.stop()
        (writer or db).close()
    return figures(loop.stats.periods_s, tracker.samples, rss_start_mb) | {
        "camera_fps": source.fps, "overruns": loop.stats.overruns,
        "frames_dropped": source.frames_dropped, "last_scene": type(last_scene).__name__,
        "periods_s": loop.stats.periods_s,
        "commits": disk.commits, "game_thread_commits": disk.game_thread_commits,
        "queued_max": writer.stats().queued_max if writer else math.nan}


FIGURES = ("game_fps", "pose_hz", "latency_ms_p50", "latency_ms_p95", "frame_ms_p99", "rss_mb")


def pooled(runs: list[dict]) -> dict:
    """Median of each figure over repeated runs, with its (min, max) under ``<key>_spread``."""
    out = dict(runs[0])
    for key in (*FIGURES, "rss_start_mb", "overruns", "frames_dropped"):
        values = np.array([r[key] for r in runs], dtype=float)
        out[key] = float(np.median(values))
        out[f"{key}_spread"] = (float(values.min()), float(values.max()))
    out["runs"] = len(runs)
    out["rss_mb_first"] = runs[0]["rss_mb"]  # a fresh process's: later runs inherit memory
    return out


def _cell(run: dict, key: str) -> str:
    lo, hi = run[f"{key}_spread"] if f"{key}_spread" in run else (run[key], run[key])
    return f"{run[key]:7.1f} ({lo:.0f}-{hi:.0f})" if run.get("runs", 1) > 1 else f"{run[key]:7.1f}"


def print_table(game: dict, naive: dict, slow: dict | None, delay_ms: float) -> None:
    rows = [("game_fps", "display frames/s", f">= {TARGET_GAME_FPS:.0f}"),
            ("pose_hz", "pose samples/s", f">= {TARGET_POSE_FRACTION * game['camera_fps']:.1f}"),
            ("latency_ms_p50", "capture->signals p50 ms", ""),
            ("latency_ms_p95", "capture->signals p95 ms", f"<= {TARGET_LATENCY_MS_P95:.0f}"),
            ("frame_ms_p99", "flip period p99 ms", ""),
            ("rss_mb", "peak RSS MB", f"<= {TARGET_RSS_MB:.0f}"),
            ("rss_start_mb", "RSS at run start MB", "(left by earlier runs)")]
    slow_head = f"{f'slow +{delay_ms:g}ms':>15}" if slow else ""
    print(f"\n{game.get('runs', 1)} game and {naive.get('runs', 1)} naive runs, interleaved; "
          "median (min-max)")
    print(f"{'figure':<26}{'game':>19}{'naive':>19}{slow_head}  target (game)")
    for key, label, target in rows:
        slow_cell = f"{slow[key]:15.1f}" if slow else ""
        print(f"{label:<26}{_cell(game, key):>19}{_cell(naive, key):>19}{slow_cell}  {target}")
    load = getattr(os, "getloadavg", lambda: (math.nan,))()[0]  # other work skews figures
    print(f"camera {game['camera_fps']:.0f} fps; game: {game['overruns']:.0f} overrun frames, "
          f"{game['frames_dropped']:.0f} camera frames dropped, reached {game['last_scene']}; "
          f"machine load average (1 min) {load:.1f} on {os.cpu_count()} CPUs")
    checks = {"game >= 55 FPS": game["game_fps"] >= TARGET_GAME_FPS,
              "pose keeps the camera rate":
                  game["pose_hz"] >= TARGET_POSE_FRACTION * game["camera_fps"],
              "latency p95 <= 40 ms": game["latency_ms_p95"] <= TARGET_LATENCY_MS_P95,
              "RSS <= 500 MB (first run: a fresh process)":
                  game.get("rss_mb_first", game["rss_mb"]) <= TARGET_RSS_MB}
    if slow:
        checks["game fps holds when pose slows"] = slow["game_fps"] >= max(
            TARGET_GAME_FPS, TARGET_SLOW_FPS_FRACTION * game["game_fps"])
    print("\n".join(f"  {'ok  ' if ok else 'MISS'} {name}" for name, ok in checks.items()))


def main(argv: list[str] | None = None) -> int:
    return saved_run("realtime", _main, sys.argv[1:] if argv is None else argv)


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--video", type=Path, help="a video file (default: the shared sway video)")
    parser.add_argument("--seconds", type=float, default=20.0, help="game and naive run length")
    parser.add_argument("--small", action="store_true",
                        help="short run for CI (3 x (5+5) + 4 + 2x8 s)")
    parser.add_argument("--pose-delay-ms", type=float, default=40.0,
                        help="delay added to each pose call in the slowed run (0: skip it)")
    parser.add_argument("--commit-delay-ms", type=float, default=200.0,
                        help="delay added to each commit in the slow-disk runs (0: skip them)")
    parser.add_argument("--repeats", type=int,
                        help="game and naive runs each, interleaved (default 3)")
    parser.add_argument("--save", type=Path, metavar="DIR",
                        help="also write the whole output, with the machine, to DIR")
    parser.add_argument("--disk-repeats", type=int,
                        help="pairs of disk runs, in the order A B B A ... (default 1 with "
                             "--small, else 2)")
    args = parser.parse_args(argv)
    game_s = naive_s = 5.0 if args.small else args.seconds
    repeats_each = args.repeats or 3
    slow_s = 4.0 if args.small else max(4.0, min(10.0, args.seconds / 2))
    disk_s = 8.0 if args.small else max(8.0, args.seconds)
    repeats = args.disk_repeats or (1 if args.small else 2)
    with tempfile.TemporaryDirectory(prefix="balancegame-bench-") as tmp:
        video = args.video or (SHARED_VIDEO if SHARED_VIDEO.exists() else None)
        if video is None:
            print("../shared/data is absent: synthesising a 30 fps video from skimage's camera()")
            video = synthesise_video(Path(tmp))
        print(f"machine: {machine()}")
        print(f"video {video}; {repeats_each} x game {game_s:g} s and {repeats_each} x naive "
              f"{naive_s:g} s interleaved, slowed pose (+{args.pose_delay_ms:g} ms) {slow_s:g} s")
        games, naives = [], []
        for i in range(repeats_each):  # G N G N ...: a load that comes and goes hits both
            games.append(run_game(video, game_s, Path(tmp) / f"game{i}.sqlite"))
            naives.append(run_game(video, naive_s, Path(tmp) / f"naive{i}.sqlite", naive=True))
        game, naive = pooled(games), pooled(naives)
        slow = (run_game(video, slow_s, Path(tmp) / "slow.sqlite",
                         pose_delay_ms=args.pose_delay_ms) if args.pose_delay_ms > 0 else None)
        disk = slow_disk = on_game_thread = None
        if args.commit_delay_ms > 0:
            def level_run(delay_ms: float, name: str, writer_thread: bool = True) -> dict:
                return run_game(video, disk_s, Path(tmp) / f"{name}.sqlite", at_level=True,
                                commit_delay_ms=delay_ms, writer_thread=writer_thread)

            disk, slow_disk = disk_runs(level_run, args.commit_delay_ms, repeats)
            if not args.small:  # what the writer thread saves the frame from
                [on_game_thread] = disk_runs(
                    lambda d, n: level_run(d, n, writer_thread=False), args.commit_delay_ms,
                    1, only_slow=True)
    print_table(game, naive, slow, args.pose_delay_ms)
    if disk and slow_disk:
        print_disk_table(disk, slow_disk, on_game_thread, args.commit_delay_ms, disk_s)
    keys = list(FIGURES)
    result = {k: game[k] for k in keys} | {f"naive_{k}": naive[k] for k in keys}
    spreads = {f"{k}_spread": [round(v, 2) for v in game[f"{k}_spread"]] for k in keys}
    spreads |= {f"naive_{k}_spread": [round(v, 2) for v in naive[f"{k}_spread"]] for k in keys}
    if slow:
        result |= {"slow_pose_game_fps": slow["game_fps"], "slow_pose_pose_hz": slow["pose_hz"]}
    if disk and slow_disk:
        result |= {"disk_frame_ms_p99": disk["frame_ms_p99"],
                   "slow_disk_frame_ms_p99": slow_disk["frame_ms_p99"],
                   "slow_disk_p99_rise_ms": slow_disk["frame_ms_p99"] - disk["frame_ms_p99"],
                   "slow_disk_frame_ms_max": slow_disk["frame_ms_max"],
                   "slow_disk_commits": slow_disk["commits"]}
    if on_game_thread:
        result |= {"game_thread_slow_disk_frame_ms_p99": on_game_thread["frame_ms_p99"]}
    print(json.dumps({k: (round(v, 2) if math.isfinite(v) else None) for k, v in result.items()}
                     | spreads | {"runs_each": repeats_each}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
