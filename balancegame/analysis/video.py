"""Offline analysis of a recording: ``balancegame analyze VIDEO --out DIR [--height-cm H]``.

Stages: the video file's frames (``VideoFileSource(paced=False)``: every frame,
stamped with the file's own time i / fps) -> MediaPipe Pose without its own
smoothing -> per-frame body geometry (:func:`balancegame.body.signals.frame_geometry`,
the same code the live game uses) -> scale to cm from the whole recording ->
zero-phase filtering on the timestamps -> sway measures, whole and per window.

Outputs (see :mod:`balancegame.analysis.files` for the exact columns):
``trajectory.csv`` (one row per frame), ``metrics.json`` (every measure with
unit and method), ``stabilogram.png``.  The accuracy of what is written is
measured by benchmarks/accuracy.py against videos with a known movement.

Speed: MediaPipe inference is single-threaded, so the video is cut into
``workers`` consecutive chunks, each tracked by its own MediaPipe instance on
its own thread (inference releases the GIL).  A chunk starts tracking
``OVERLAP_FRAMES`` early and discards those results, so every kept frame is
tracked from a settled previous frame, as in one sequential pass.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from balancegame.capture.base import SourceEnded
from balancegame.capture.video_file import VIDEO_HINT, VideoFileSource, probe_video
from balancegame.clock import MonotonicClock
from balancegame.errors import SourceError, UsageError, UserError
from balancegame.messages import PoseSample

OVERLAP_FRAMES = 15  # 0.5 s at 30 fps: tracking settles in 1-2 frames
MIN_FRAMES_PER_WORKER = 60


@dataclass(frozen=True)
class VideoPoses:
    """Every frame's pose, in frame order; ``t_capture_s`` = frame index / fps."""

    path: Path
    fps: float
    frame_size_px: tuple[int, int]
    poses: tuple[PoseSample, ...]
    smooth_landmarks: bool
    workers: int
    wall_s: float


class Progress:
    """A one-line text progress bar on stderr (carriage return, no dependency)."""

    def __init__(self, label: str, total: int, stream=None, min_interval_s: float = 0.2) -> None:
        self.label, self.total = label, total
        self.stream = stream if stream is not None else sys.stderr
        self.min_interval_s = min_interval_s
        self._t_last = -1e9

    def __call__(self, done: int, final: bool = False) -> None:
        now = time.perf_counter()
        if not final and now - self._t_last < self.min_interval_s:
            return
        self._t_last = now
        if self.total > 0:
            pct = min(100, int(100 * done / self.total))
            bar = "#" * (pct // 4) + "-" * (25 - pct // 4)
            text = f"\r{self.label} [{bar}] {done}/{self.total} frames ({pct}%)"
        else:
            text = f"\r{self.label} {done} frames"
        self.stream.write(text + ("\n" if final else ""))
        self.stream.flush()


def _chunks(n_frames: int, workers: int) -> list[tuple[int, int | None]]:
    """[start, stop) per worker; the last runs to the end of the file (counts can be off)."""
    bounds = [round(k * n_frames / workers) for k in range(workers)]
    return [(bounds[k], bounds[k + 1] if k + 1 < workers else None) for k in range(workers)]


def _track_chunk(path: Path, estimator, start: int, stop: int | None,
                 out: list[PoseSample], counter: list[int], lock: threading.Lock) -> None:
    clock = MonotonicClock()
    source = VideoFileSource(path, clock, paced=False)
    source.start()
    try:
        index = 0
        first = max(0, start - OVERLAP_FRAMES)
        while stop is None or index < stop:
            try:
                frame = source.next_frame(0.0)
            except SourceEnded:
                break
            if index >= first:  # earlier frames are only decoded, to reach the chunk
                pose = estimator.estimate(frame)
                if index >= start:
                    out.append(pose)
                    with lock:
                        counter[0] += 1
            index += 1
    finally:
        source.close()


def estimate_video(path: str | Path, *, smooth_landmarks: bool = False,
                   workers: int | None = None,
                   progress: Callable[[int, bool], None] | None = None) -> VideoPoses:
    """MediaPipe Pose on every frame of a video file.

    Raises SourceError (missing, unreadable or not a video file).  With
    ``smooth_landmarks=True`` (MediaPipe's own filter, which needs seconds of
    history) one worker is used.
    """
    from balancegame.pose.estimator import MediaPipePoseEstimator

    path = Path(path)
    cap, fps, n_frames = probe_video(path)
    ok, first = cap.read()
    cap.release()
    if not ok:
        raise SourceError(f"{path} opens but holds no readable frame.", VIDEO_HINT)
    height, width = first.shape[:2]
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    if smooth_landmarks or n_frames < workers * MIN_FRAMES_PER_WORKER:
        workers = 1
    t0 = time.perf_counter()
    results: list[list[PoseSample]] = [[] for _ in range(workers)]
    errors: list[BaseException] = []
    counter, lock = [0], threading.Lock()
    estimators, threads = [], []

    def run(k: int, start: int, stop: int | None) -> None:
        try:
            _track_chunk(path, estimators[k], start, stop, results[k], counter, lock)
        except BaseException as exc:  # re-raised on the calling thread below
            errors.append(exc)

    try:
        for k, (start, stop) in enumerate(_chunks(n_frames, workers)):
            # Built on this thread (the model start-up silences stderr process-wide),
            # while the previous chunk is already being tracked.
            estimators.append(MediaPipePoseEstimator(MonotonicClock(),
                                                     smooth_landmarks=smooth_landmarks))
            threads.append(threading.Thread(target=run, args=(k, start, stop),
                                            name=f"analyze-{k}", daemon=True))
            threads[-1].start()
        while any(t.is_alive() for t in threads):
            threads[0].join(0.1)
            if progress:
                progress(counter[0], False)
    finally:
        for t in threads:
            t.join()
        for e in estimators:
            e.close()
    if errors:
        raise errors[0]
    if progress:
        progress(counter[0], True)
    poses = tuple(p for chunk in results for p in chunk)
    return VideoPoses(path, fps, (width, height), poses, smooth_landmarks, workers,
                      time.perf_counter() - t0)


def analyze_video(path: str | Path, out_dir: str | Path | None, *,
                  height_cm: float | None = None, workers: int | None = None,
                  progress: Callable[[int, bool], None] | None = None):
    """Analyse one recording and (unless ``out_dir`` is None) write the three files.

    Returns the :class:`balancegame.analysis.files.Analysis`.  Raises
    SourceError for a file that is not a readable video and AnalysisError when
    there is no usable person in it.
    """
    from balancegame.analysis.files import compute_analysis, write_outputs

    t0 = time.perf_counter()
    video = estimate_video(path, workers=workers, progress=progress)
    analysis = compute_analysis(video, height_cm=height_cm)
    if out_dir is not None:
        write_outputs(analysis, Path(out_dir), wall_s=time.perf_counter() - t0)
    return analysis


def run_cli(args) -> int:
    """The ``analyze`` sub-command (argparse namespace: video, out, height_cm)."""
    if args.height_cm is not None and not 50 <= args.height_cm <= 250:
        raise UsageError(f"--height-cm {args.height_cm:g} is not a plausible height; "
                         "give it in cm.")
    path = Path(args.video)
    cap, _, n_frames = probe_video(path)  # SourceError: printed by cli.main
    cap.release()
    progress = Progress("analyze: pose", n_frames)
    try:
        analysis = analyze_video(path, args.out, height_cm=args.height_cm, progress=progress)
    except OSError as exc:
        raise UserError(f"Cannot write the results to {args.out}: {exc.strerror or exc}.",
                        "Choose a folder you can write to with --out.") from exc
    m = analysis.metrics
    sway = m["sway"]["whole_recording"]
    print(f"Analysed {path.name}: {m['source']['frames_with_person']} of "
          f"{m['source']['frames']} frames with a person; ML sway path "
          f"{sway['path_length_cm']['value']:.1f} cm, RMS {sway['rms_ml_cm']['value']:.2f} cm "
          f"(scale: {m['scale']['method']}).")
    print(f"Wrote {Path(args.out) / 'trajectory.csv'}, metrics.json and stabilogram.png")
    return 0

