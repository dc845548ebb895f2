"""Pixels to centimetres: from the patient's height, compared with MediaPipe's world landmarks.

Height method (the one used): the trunk (shoulder-landmark midpoint to
hip-landmark midpoint) in the image is taken as 0.288 x height, the shoulder
to hip-joint height in Drillis & Contini's body proportions (in Winter 2009,
Fig. 4.1).  With the patient's real height this is a measurement of this
patient; without it a default of 170 cm is assumed and said so.  Individual
trunk/height ratios vary by a few per cent, which scales every cm figure by
the same factor (trends within a patient are unaffected).

World-landmark method (reported for comparison): MediaPipe's
``pose_world_landmarks`` are metric (m) estimates; the ratio of the torso's
length in them (shoulder width, hip width, both shoulder-hip sides, in the
frontal x-y plane) to the same length in the image gives cm per px.  A single
camera cannot see absolute size (a small person near looks like a tall person
further away), so this is the model's learned typical-adult size, not a
measurement: benchmarks/accuracy.py shows it unchanged when the same frames
are declared to show a 150, 170 or 190 cm person.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from balancegame.pose.landmarks import Joint, X, Y

TRUNK_FRACTION_OF_HEIGHT = 0.288
DEFAULT_HEIGHT_CM = 170.0
_TORSO_EDGES = (
    (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER),
    (Joint.LEFT_HIP, Joint.RIGHT_HIP),
    (Joint.LEFT_SHOULDER, Joint.LEFT_HIP),
    (Joint.RIGHT_SHOULDER, Joint.RIGHT_HIP),
)
WORLD_METHOD = ("MediaPipe world landmarks: torso length (shoulder width, hip width, both "
                "shoulder-hip sides, frontal plane) in m / the same in px; the model's "
                "typical-adult size, not a measurement")


def trunk_px(landmarks_px: np.ndarray) -> float:
    """Shoulder-landmark midpoint to hip-landmark midpoint, in px."""
    sh = landmarks_px[[Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER]][:, [X, Y]].mean(axis=0)
    hip = landmarks_px[[Joint.LEFT_HIP, Joint.RIGHT_HIP]][:, [X, Y]].mean(axis=0)
    return float(np.hypot(*(sh - hip)))


def height_cm_per_px(trunk_length_px: float, height_cm: float) -> float:
    return TRUNK_FRACTION_OF_HEIGHT * height_cm / trunk_length_px


def world_cm_per_px(landmarks_px: np.ndarray, world_m: np.ndarray | None) -> float:
    """cm per px from the world landmarks of one frame; NaN without them."""
    if world_m is None:
        return float("nan")
    world_cm = sum(float(np.hypot(*(world_m[a, :2] - world_m[b, :2]))) for a, b in _TORSO_EDGES)
    image_px = sum(float(np.hypot(*(landmarks_px[a, :2] - landmarks_px[b, :2])))
                   for a, b in _TORSO_EDGES)
    return 100.0 * world_cm / image_px if image_px > 1.0 else float("nan")


def height_method(height_cm: float | None, n_frames: int | str) -> str:
    source = "patient height" if height_cm else "default height (patient height not given)"
    h = height_cm or DEFAULT_HEIGHT_CM
    return (f"trunk length = {TRUNK_FRACTION_OF_HEIGHT} x {source} {h:.0f} cm "
            f"(Drillis & Contini), median of {n_frames} frames")


@dataclass(frozen=True)
class ScaleComparison:
    """Both scales over a recording; ``cm_per_px`` is the one used (height)."""

    cm_per_px: float
    method: str
    height_cm: float
    height_given: bool
    world_cm_per_px: float  # NaN when MediaPipe gave no world landmarks
    world_to_height_ratio: float
    n_frames: int

    def as_dict(self) -> dict:
        return {
            "cm_per_px": self.cm_per_px, "method": self.method, "height_cm": self.height_cm,
            "height_given": self.height_given,
            "world_landmarks_cm_per_px": _none_if_nan(self.world_cm_per_px),
            "world_landmarks_method": WORLD_METHOD,
            "world_to_height_ratio": _none_if_nan(self.world_to_height_ratio),
            "n_frames": self.n_frames,
        }


def _none_if_nan(v: float) -> float | None:
    return None if not np.isfinite(v) else float(v)


def compare_scales(trunk_lengths_px: np.ndarray, world_ratios: np.ndarray,
                   height_cm: float | None) -> ScaleComparison:
    """Medians over all frames with a person (offline: the whole recording is known)."""
    trunk = np.asarray(trunk_lengths_px, dtype=float)
    trunk = trunk[np.isfinite(trunk) & (trunk > 1.0)]
    if len(trunk) == 0:
        raise ValueError("no frame with a measurable trunk")
    h = float(height_cm) if height_cm else DEFAULT_HEIGHT_CM
    cm_per_px = height_cm_per_px(float(np.median(trunk)), h)
    world = np.asarray(world_ratios, dtype=float)
    world = world[np.isfinite(world)]
    w = float(np.median(world)) if len(world) else float("nan")
    return ScaleComparison(cm_per_px, height_method(height_cm, len(trunk)), h, bool(height_cm),
                           w, w / cm_per_px, len(trunk))


class LiveScale:
    """Height scale for the live game: median of the first ``samples`` frames, then frozen.

    Frozen so the trajectory of a level is not rescaled under the therapist's
    feet; :meth:`reset` starts again (the setup screen recalibrates).
    """

    def __init__(self, height_cm: float | None, samples: int = 30) -> None:
        self.height_given = bool(height_cm)
        self.height_cm = float(height_cm) if height_cm else DEFAULT_HEIGHT_CM
        self.samples = samples
        self._trunk_px: deque[float] = deque(maxlen=samples)
        self.frozen_cm_per_px: float | None = None

    @property
    def method(self) -> str:
        return height_method(self.height_cm if self.height_given else None, self.samples)

    def reset(self) -> None:
        self._trunk_px.clear()
        self.frozen_cm_per_px = None

    def update(self, trunk_length_px: float) -> float:
        if self.frozen_cm_per_px is not None:
            return self.frozen_cm_per_px
        self._trunk_px.append(trunk_length_px)
        cm_per_px = height_cm_per_px(float(np.median(self._trunk_px)), self.height_cm)
        if len(self._trunk_px) >= self.samples:
            self.frozen_cm_per_px = cm_per_px
        return cm_per_px
