"""MediaPipe Pose behind a small protocol.

We use the legacy ``mediapipe.solutions.pose`` API of mediapipe 0.10.21, the
last release whose wheel carries the pose model (model_complexity=1); newer
releases download a model at first use, which fails offline and behind clinic
firewalls.

``smooth_landmarks`` is off by default: MediaPipe's filter assumes 30 fps and,
measured on ../shared/data/sway, shrinks a 0.5 deg / 0.2 Hz sway to ~57 % of
its size ~400 ms late (raw: ~85 %, no lag).  We filter ourselves on the real
capture timestamps (balancegame.body.filters).
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np

from balancegame.clock import Clock
from balancegame.messages import Frame, PoseSample
from balancegame.pose.landmarks import N_LANDMARKS
from balancegame.pose.presence import NOBODY, assess_presence


class PoseEstimator(Protocol):
    """Finds one person's landmarks in a frame.

    ``estimate`` is called from one thread only, with frames in capture order;
    it returns a PoseSample whose ``t_capture_s`` is the frame's and whose
    ``t_done_s`` is the clock after inference.
    """

    def estimate(self, frame: Frame) -> PoseSample: ...

    def close(self) -> None: ...


def _quiet_native_logs() -> None:
    # TFLite/glog print several lines of INFO/WARNING on stderr at start-up,
    # which read like errors to a user.  Only affects native logging.
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


class MediaPipePoseEstimator:
    """MediaPipe BlazePose (full, model_complexity=1) in video/tracking mode."""

    def __init__(
        self,
        clock: Clock,
        *,
        model_complexity: int = 1,
        smooth_landmarks: bool = False,
        static_image_mode: bool = False,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        _quiet_native_logs()
        import mediapipe as mp  # imported here: ~1 s, and only the tracker needs it

        self._clock = clock
        self._pose = mp.solutions.pose.Pose(
            static_image_mode=static_image_mode,
            model_complexity=model_complexity,
            smooth_landmarks=smooth_landmarks,
            enable_segmentation=False,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )

    def estimate(self, frame: Frame) -> PoseSample:
        h, w = frame.image_bgr.shape[:2]
        rgb = np.ascontiguousarray(frame.image_bgr[:, :, ::-1])
        result = self._pose.process(rgb)
        t_done_s = self._clock.now_s()
        if result.pose_landmarks is None:
            return PoseSample(frame.t_capture_s, t_done_s, frame.index, (w, h), None, None, NOBODY)
        lm = np.empty((N_LANDMARKS, 4), dtype=np.float64)
        for i, p in enumerate(result.pose_landmarks.landmark):
            lm[i] = (p.x * w, p.y * h, p.z * w, p.visibility)
        world = None
        if result.pose_world_landmarks is not None:
            world = np.array([(p.x, p.y, p.z) for p in result.pose_world_landmarks.landmark])
            world.setflags(write=False)
        lm.setflags(write=False)
        presence = assess_presence(lm, w, h)
        return PoseSample(frame.t_capture_s, t_done_s, frame.index, (w, h), lm, world, presence)

    def close(self) -> None:
        self._pose.close()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
