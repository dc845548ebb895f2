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

from typing import Protocol

import cv2
import numpy as np

from balancegame.clock import Clock
from balancegame.messages import Frame, PoseSample
from balancegame.native_logs import native_stderr_silenced
from balancegame.pose.landmarks import N_LANDMARKS
from balancegame.pose.mediapipe_import import import_mediapipe
from balancegame.pose.presence import NOBODY, assess_presence


class PoseEstimator(Protocol):
    """Finds one person's landmarks in a frame.

    ``estimate`` is called from one thread only, with frames in capture order;
    it returns a PoseSample whose ``t_capture_s`` is the frame's and whose
    ``t_done_s`` is the clock after inference.
    """

    def estimate(self, frame: Frame) -> PoseSample: ...

    def close(self) -> None: ...


def _warm_up_image() -> np.ndarray:
    from skimage import data

    gray = data.camera()
    return np.ascontiguousarray(np.dstack([gray, gray, gray]))


def _rgb(image_bgr: np.ndarray) -> np.ndarray:
    # cv2.cvtColor: 0.03 ms for 640 x 480 where numpy's reversed-channel copy
    # (np.ascontiguousarray(image[:, :, ::-1])) took 2-2.5 ms; the same bytes.
    return cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)


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
        warm_up_bgr: np.ndarray | None = None,
    ) -> None:
        self._clock = clock
        with native_stderr_silenced():
            mp = import_mediapipe()  # here: 0.2 s, and only the tracker needs it

            self._pose = mp.solutions.pose.Pose(
                static_image_mode=static_image_mode,
                model_complexity=model_complexity,
                smooth_landmarks=smooth_landmarks,
                enable_segmentation=False,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
            # Warm-up on a photograph of a person (scikit-image's CC0 "camera",
            # or ``warm_up_bgr``: offline analysis passes its first frame and
            # saves importing scikit-image, 0.2 s in every worker process), so
            # that both the detector and the landmark model are built now
            # (~150 ms, and their log lines) rather than on the first live frame.
            # A blank image then drops the tracked person, so the first live
            # frame starts with a fresh detection.  (reset() would rebuild the
            # graph, and log again.)
            warm = _warm_up_image() if warm_up_bgr is None else _rgb(warm_up_bgr)
            self._pose.process(warm)
            self._pose.process(np.zeros_like(warm))

    def estimate(self, frame: Frame) -> PoseSample:
        h, w = frame.image_bgr.shape[:2]
        result = self._pose.process(_rgb(frame.image_bgr))
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
