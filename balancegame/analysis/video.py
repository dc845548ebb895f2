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

Speed: pose inference is most of the time (about 16 ms of 17 per 640 x 480
frame on one core), so a recording of at least MIN_PARALLEL_FRAMES is cut into
``jobs`` consecutive chunks tracked by as many processes
(:mod:`balancegame.analysis.parallel`), each warmed up on the half second
before its chunk (:mod:`balancegame.analysis.span`).  The joined trajectory
matches one pass within the accuracy benchmark's tolerances
(tests/integration/test_analyze_parallel.py); benchmarks/analyze_speed.py
measures the speed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from balancegame.analysis.span import Span, TrackedFrame, plan_spans, track_span
from balancegame.body.signals import FrameGeometry
from balancegame.capture.video_file import VIDEO_HINT, probe_video
from balancegame.errors import SourceError, UsageError, UserError
from balancegame.messages import PoseSample
from balancegame.people_watch import INTERVAL_S

# Shorter recordings are tracked in this process.  A worker process costs about
# 0.55 s of CPU to start (Python, OpenCV and MediaPipe, without the matplotlib it would
# import: pose/mediapipe_import.py) and each cut 0.25 s of warm-up, against 0.55 s of CPU
# per second of 30 fps video.  Measured on 2 cores, the first seconds of squat_sway_a2
# (benchmarks/analyze_speed.py --lengths, results/analyze_speed-2026-12-02.txt), one
# process against two, start to exit: 2 s 2.17 against 1.80 s, 3 s 2.67 against 2.19 s,
# 4 s 3.37 against 2.51 s, 6 s 4.34 against 3.03 s.  (Before the start-up was cut, a
# second process bought nothing under 6 s.)  Counted in frames, not seconds, because the
# work is per frame tracked, whatever the frame rate.
MIN_PARALLEL_FRAMES = 60  # 2 s at 30 fps: the shortest measured
MIN_CHUNK_FRAMES = 30  # 1 s at 30 fps, the chunks of the 2 s measurement: no smaller
MAX_JOBS = 64


def default_jobs() -> int:
    """The CPU cores this process may use (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class VideoPoses:
    """Every frame's pose, in frame order; ``t_capture_s`` = frame index / fps."""

    path: Path
    fps: float
    frame_size_px: tuple[int, int]
    poses: tuple[PoseSample, ...]
    geometries: tuple[FrameGeometry | None, ...]  # frame_geometry() of each pose
    # the second look of each frame: someone else found (True/False), None: not looked at
    someone_else: tuple[bool | None, ...]
    looked_every: int | None  # frames between second looks; None: none was made
    smooth_landmarks: bool
    workers: int  # processes that tracked it (1: this one)
    wall_s: float


def chunks_for(n_frames: int, jobs: int, smooth_landmarks: bool = False,
               min_parallel_frames: int = MIN_PARALLEL_FRAMES) -> int:
    """How many processes to use: one for short recordings and MediaPipe's own smoothing
    (its filter needs the whole history); else ``jobs``, with chunks of MIN_CHUNK_FRAMES or
    more (``min_parallel_frames`` below MIN_PARALLEL_FRAMES: benchmarks only, any length)."""
    if smooth_landmarks or jobs <= 1 or n_frames < min_parallel_frames:
        return 1
    min_chunk = max(1, min(MIN_CHUNK_FRAMES, min_parallel_frames // 2))
    return max(1, min(jobs, n_frames // min_chunk))


def estimate_video(path: str | Path, *, smooth_landmarks: bool = False,
                   look_for_others: bool = True, jobs: int | None = None,
                   min_parallel_frames: int = MIN_PARALLEL_FRAMES,
                   progress: Callable[[int, bool], None] | None = None,
                   meanwhile: Callable[[], object] | None = None) -> VideoPoses:
    """MediaPipe Pose on every frame of a video file.

    Raises SourceError (missing, unreadable or not a video file), AnalysisError (a
    worker process died).  ``jobs`` (default: the cores) is the most processes used;
    ``meanwhile()`` runs in this process while worker processes start (if any).
    ``look_for_others``: every INTERVAL_S of video, the frame also gets the second look for
    someone else in view (analysis/others.py), where it is tracked.
    """
    path = Path(path)
    cap, fps, n_frames = probe_video(path)
    ok, first = cap.read()
    cap.release()
    if not ok:
        raise SourceError(f"{path} opens but holds no readable frame.", VIDEO_HINT)
    height, width = first.shape[:2]
    n_chunks = chunks_for(n_frames, default_jobs() if jobs is None else jobs,
                          smooth_landmarks, min_parallel_frames)
    look_every = max(1, round(INTERVAL_S * fps)) if look_for_others else None
    t0 = time.perf_counter()
    done = [0]

    def on_frames(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], False)

    if n_chunks == 1:
        frames: list[TrackedFrame] = []

        def collect(batch: list[TrackedFrame]) -> None:
            frames.extend(batch)
            on_frames(len(batch))

        track_span(path, Span(0, 0, None), smooth_landmarks=smooth_landmarks, on_poses=collect,
                   look_every=look_every)
    else:
        from balancegame.analysis.parallel import track_in_processes

        frames = track_in_processes(path, plan_spans(n_frames, fps, n_chunks),
                                    smooth_landmarks=smooth_landmarks, look_every=look_every,
                                    on_frames=on_frames,
                                    meanwhile=meanwhile)
    if progress:
        progress(done[0], True)
    return VideoPoses(path, fps, (width, height), tuple(f.pose for f in frames),
                      tuple(f.geometry for f in frames),
                      tuple(f.someone_else for f in frames), look_every, smooth_landmarks, n_chunks,
                      time.perf_counter() - t0)


def analyze_video(path: str | Path, out_dir: str | Path | None, *,
                  height_cm: float | None = None, jobs: int | None = None,
                  min_parallel_frames: int = MIN_PARALLEL_FRAMES,
                  progress: Callable[[int, bool], None] | None = None):
    """Analyse one recording and (unless ``out_dir`` is None) write the three files.

    Returns the :class:`balancegame.analysis.files.Analysis`.  Raises
    SourceError for a file that is not a readable video and AnalysisError when
    there is no usable person in it (or a worker process died).  Worker processes
    are started with ``spawn``, which imports the calling script again: a script
    that calls this needs the ``if __name__ == "__main__":`` guard.
    """
    from balancegame.analysis.files import compute_analysis, write_outputs

    def import_plotting() -> None:  # matplotlib: 0.35-0.45 s, otherwise after the tracking
        import balancegame.analysis.stabilogram  # noqa: F401

    t0 = time.perf_counter()
    video = estimate_video(path, jobs=jobs, min_parallel_frames=min_parallel_frames,
                           progress=progress,
                           meanwhile=import_plotting if out_dir is not None else None)
    analysis = compute_analysis(video, height_cm=height_cm)
    if out_dir is not None:
        write_outputs(analysis, Path(out_dir), wall_s=time.perf_counter() - t0)
    return analysis


def check_jobs(jobs: int | None) -> int:
    """--jobs: a whole number of processes from 1 to MAX_JOBS; default the cores."""
    if jobs is None:
        return default_jobs()
    if not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"--jobs {jobs} is not a number of processes: give 1 to {MAX_JOBS}.",
                         f"For example --jobs {default_jobs()} (the cores here), or --jobs 1 "
                         "for one process.")
    return jobs


def run_cli(args) -> int:
    """The ``analyze`` sub-command (argparse namespace: video, out, height_cm, jobs)."""
    from balancegame.analysis.progress import progress_bar

    if args.height_cm is not None and not 50 <= args.height_cm <= 250:
        raise UsageError(f"--height-cm {args.height_cm:g} is not a plausible height; "
                         "give it in cm.")
    jobs = check_jobs(args.jobs)
    path = Path(args.video)
    cap, fps, n_frames = probe_video(path)  # SourceError: printed by cli.main
    cap.release()
    progress = progress_bar("analyze: pose", n_frames, n_frames / fps)
    try:
        analysis = analyze_video(path, args.out, height_cm=args.height_cm, jobs=jobs,
                                 progress=progress)
    except OSError as exc:
        raise UserError(f"Cannot write the results to {args.out}: {exc.strerror or exc}.",
                        "Choose a folder you can write to with --out.") from exc
    finally:
        if progress is not None:
            progress.close()  # a failure or Ctrl-C: its message on a line of its own
    m = analysis.metrics
    sway = m["sway"]["whole_recording"]
    figures = ("no stretch of the recording could be measured (metrics.json: sway)"
               if sway is None else
               f"ML sway path {sway['path_length_cm']['value']:.1f} cm, RMS "
               f"{sway['rms_ml_cm']['value']:.2f} cm (scale: {m['scale']['method']})")
    print(f"Analysed {path.name}: {m['source']['frames_with_person']} of "
          f"{m['source']['frames']} frames with a person; {figures}.")
    others = m.get("others_in_view") or {}
    if others.get("spans_s"):
        spans = ", ".join(f"{a:g}-{b:g} s" for a, b in others["spans_s"])
        print(f"Warning: someone else was in view, or the tracker jumped to another body, at "
              f"{spans}: those {others['frames_left_out']} frames are left out of every "
              f"measure (metrics.json: others_in_view).")
    print(f"Wrote {Path(args.out) / 'trajectory.csv'}, metrics.json and stabilogram.png")
    return 0
