"""Tracking one span of a video file's frames: the loop every ``analyze`` pass runs.

The single pass runs it over the whole file in the calling process; a parallel
pass (:mod:`balancegame.analysis.parallel`) runs it once per chunk, each in its
own process with its own MediaPipe Pose.  A chunk starts tracking OVERLAP_S
before the frames it keeps (warm-up) and discards those poses, so its first
kept frame is tracked from a settled previous frame, as in one pass.

Measured (squat_sway_a2 and _a5_lat25, and the Intel video, in ../shared/data;
tracking restarted at 5 points of each): a restarted tracker does not converge
to the very same numbers as the uninterrupted one, with or without warm-up.
MediaPipe crops each frame where its own last output was, so the two runs stay
about 0.1-0.2 px RMS apart (CoM x) for the rest of the recording: the size of its
frame-to-frame jitter.  What warm-up frames do is take the first frame's larger
error away (worst cut of squat_sway_a2: 0.92 px with none, 0.58 px with 2,
0.44 px with 15 frames; Intel, a person walking at the cut: 7.8 px with none,
3.4 px with 2 or 5).  OVERLAP_S = 0.5 s costs 0.25 s of CPU per cut at 30 fps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from balancegame.body.signals import FrameGeometry, frame_geometry
from balancegame.capture.base import SourceEnded
from balancegame.capture.video_file import VideoFileSource
from balancegame.clock import MonotonicClock
from balancegame.messages import PoseSample
from balancegame.messages import TrackedFrame as Tracked
from balancegame.people_watch import count_others

OVERLAP_S = 0.5  # tracked and discarded before each chunk's first kept frame
REPORT_EVERY_S = 0.5  # wall time between batches handed to ``on_poses``


@dataclass(frozen=True)
class TrackedFrame:
    """One frame's pose and its body geometry (None: no plausible person), as tracked, and
    whether the second look found someone else (None: not a frame that is looked at).

    Both are computed where the pose is, on the frame already decoded: the geometry is
    0.4 ms a frame (0.7 s of a 60 s recording that would otherwise wait, on one core, for
    the last chunk); the second look (analysis/others.py) is 27 ms every 0.4 s of video,
    which the parent, reading the file again after the tracking, took 0.84 s to do for a
    10 s recording (with MediaPipe's import) while the cores sat idle."""

    pose: PoseSample
    geometry: FrameGeometry | None
    someone_else: bool | None = None


@dataclass(frozen=True)
class Span:
    """Frames ``[keep_from, stop)`` of a file, tracked from ``first_frame`` (<= keep_from).

    ``stop`` None: to the end of the file (frame counts in headers can be off).
    """

    first_frame: int
    keep_from: int
    stop: int | None


def plan_spans(n_frames: int, fps: float, chunks: int) -> list[Span]:
    """``chunks`` consecutive spans covering every frame, each (but the first) warmed up on
    the OVERLAP_S before it.  The spans are cut so that every process tracks the same
    number of frames, warm-up included: the first, with no warm-up, keeps that many more
    (equal kept frames left the last process 0.2-0.4 s behind the first on a 10 s
    recording, with the cores half idle meanwhile)."""
    overlap = round(OVERLAP_S * fps)
    tracked = (n_frames + (chunks - 1) * overlap) / chunks  # frames each process tracks
    if tracked - overlap >= 1:
        bounds = [0] + [round(k * tracked - (k - 1) * overlap) for k in range(1, chunks)]
    else:  # a few frames (benchmarks only): equal kept frames
        bounds = [round(k * n_frames / chunks) for k in range(chunks)]
    return [Span(max(0, start - overlap), start, bounds[k + 1] if k + 1 < chunks else None)
            for k, start in enumerate(bounds)]


def track_span(path: Path, span: Span, *, smooth_landmarks: bool,
               on_poses: Callable[[list[TrackedFrame]], None],
               look_every: int | None = None) -> None:
    """MediaPipe Pose on the span's frames; ``on_poses`` receives the kept frames in frame
    order, in batches (at least every REPORT_EVERY_S).  ``look_every`` N: every kept frame
    whose index is a multiple of N also gets the second look for someone else
    (people_watch.count_others, MediaPipe's pose detector); None: no frame does.

    Raises SourceError if the file cannot be read.  A span that starts past the end of
    the file (its header said it had more frames) delivers nothing.
    """
    from balancegame.errors import SourceError
    from balancegame.pose.estimator import MediaPipePoseEstimator

    clock = MonotonicClock()
    source = VideoFileSource(path, clock, paced=False, first_frame=span.first_frame)
    try:
        source.start()
    except SourceError:
        if span.first_frame == 0:
            raise
        return  # the file ends before this span
    estimator = detector = None
    try:
        if look_every:
            from balancegame.pose.people import PersonDetector

            detector = PersonDetector()
        frame = source.next_frame(0.0)
        # Warm up on the span's own first frame: the same graph state as the
        # photograph would give, without importing scikit-image in every process.
        estimator = MediaPipePoseEstimator(clock, smooth_landmarks=smooth_landmarks,
                                           warm_up_bgr=frame.image_bgr)
        batch: list[TrackedFrame] = []
        t_sent_s = time.monotonic()
        while frame is not None and (span.stop is None or frame.index < span.stop):
            pose = estimator.estimate(frame)
            if frame.index >= span.keep_from:
                other = None
                if detector is not None and frame.index % look_every == 0:
                    other = bool(count_others(detector, Tracked(frame, pose, None)))
                batch.append(TrackedFrame(pose, frame_geometry(pose), other))
            if batch and time.monotonic() - t_sent_s >= REPORT_EVERY_S:
                on_poses(batch)
                batch, t_sent_s = [], time.monotonic()
            try:
                frame = source.next_frame(0.0)
            except SourceEnded:
                frame = None
        if batch:
            on_poses(batch)
    finally:
        if estimator is not None:
            estimator.close()
        if detector is not None:
            detector.close()
        source.close()
