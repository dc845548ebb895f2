"""PoseSample -> BodySignals: centre of mass, scale to cm, lean, filtering.

Scale: pixels become centimetres through the patient's height (asked at
start, 170 cm when unknown) and the trunk length in the image, taken as
0.288 x height (shoulder to hip joint height in Drillis & Contini's body
proportions).  The scale is the median over the first ``scale_samples``
present frames and is then frozen, so the trajectory of a level is not
rescaled under the therapist's feet; ``recalibrate()`` starts again (the
setup screen calls it).  Like every single-camera method this assumes the
patient stays at one distance; ``scale_method`` says how each figure was made.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from balancegame.body.filters import OneEuroFilter
from balancegame.body.segments import centre_of_mass
from balancegame.messages import BodySignals, PoseSample

TRUNK_FRACTION_OF_HEIGHT = 0.288
DEFAULT_HEIGHT_CM = 170.0


class BodySignalExtractor:
    """Stateful converter, fed with pose samples in capture order (one thread)."""

    def __init__(
        self,
        height_cm: float | None = None,
        *,
        scale_samples: int = 30,
        min_cutoff_hz: float = 1.0,
        beta: float = 0.05,
    ) -> None:
        self.height_cm = float(height_cm) if height_cm else DEFAULT_HEIGHT_CM
        self._height_known = bool(height_cm)
        self._scale_samples = scale_samples
        self._trunk_px: deque[float] = deque(maxlen=scale_samples)
        self._cm_per_px: float | None = None
        self._filter = OneEuroFilter(min_cutoff_hz=min_cutoff_hz, beta=beta)
        self._last_t_s = -math.inf

    @property
    def cm_per_px(self) -> float | None:
        return self._cm_per_px

    @property
    def scale_method(self) -> str:
        source = "patient height" if self._height_known else "default height"
        return (f"trunk length = {TRUNK_FRACTION_OF_HEIGHT} x {source} "
                f"{self.height_cm:.0f} cm, median of {self._scale_samples} frames")

    def recalibrate(self) -> None:
        self._trunk_px.clear()
        self._cm_per_px = None
        self._filter.reset()

    def _scale(self, trunk_px: float) -> float:
        if self._cm_per_px is not None:
            return self._cm_per_px
        self._trunk_px.append(trunk_px)
        cm_per_px = TRUNK_FRACTION_OF_HEIGHT * self.height_cm / float(np.median(self._trunk_px))
        if len(self._trunk_px) >= self._scale_samples:
            self._cm_per_px = cm_per_px
        return cm_per_px

    def update(self, pose: PoseSample, t_ready_s: float) -> BodySignals:
        """Signals for one pose sample; ``t_ready_s`` is when they became available."""
        absent = BodySignals(pose.t_capture_s, t_ready_s, pose.frame_index, False, pose.presence)
        if pose.landmarks_px is None or pose.t_capture_s <= self._last_t_s:
            return absent
        self._last_t_s = pose.t_capture_s
        est = centre_of_mass(pose.landmarks_px)
        trunk_px = float(np.hypot(*(est.shoulder_mid_px - est.hip_mid_px)))
        if not pose.presence.ok or trunk_px <= 1.0:
            return absent
        cm_per_px = self._scale(trunk_px)
        width_px, height_px = pose.image_size_px
        # The camera is not mirrored: the patient's right is image -x.
        com_ml_raw_cm = -(est.com_px[0] - width_px / 2) * cm_per_px
        com_ml_cm = self._filter(com_ml_raw_cm, pose.t_capture_s)
        lean_vec = est.shoulder_mid_px - est.hip_mid_px
        trunk_lean_deg = math.degrees(math.atan2(-lean_vec[0], -lean_vec[1]))
        return BodySignals(
            t_capture_s=pose.t_capture_s,
            t_ready_s=t_ready_s,
            frame_index=pose.frame_index,
            present=True,
            presence=pose.presence,
            com_px=(float(est.com_px[0]), float(est.com_px[1])),
            hip_mid_px=(float(est.hip_mid_px[0]), float(est.hip_mid_px[1])),
            com_ml_cm=com_ml_cm,
            com_ml_raw_cm=com_ml_raw_cm,
            com_vertical_cm=-(est.com_px[1] - height_px / 2) * cm_per_px,
            trunk_lean_deg=trunk_lean_deg,
            cm_per_px=cm_per_px,
            scale_method=self.scale_method,
        )
