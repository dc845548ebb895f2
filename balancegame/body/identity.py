"""Has the tracker jumped to someone else?

MediaPipe's Pose tracks one person; when a second person comes close it can lose the patient
and lock on to them, and every figure after that is the other person's.  Two signs, both
impossible for one standing body between consecutive frames:

- the trunk (shoulder to hip midpoint, in pixels) changes length by more than
  ``MAX_TRUNK_CHANGE`` (25 %): a person at another distance from the camera, or of another
  size.  The patient's own trunk changes by a few % when they lean or turn;
- the hips move faster than ``MAX_HIP_SPEED_CM_S`` (300 cm/s; a quick side-step is under
  150 cm/s), in the body's own scale.

Only frames at most ``MAX_GAP_S`` apart are compared (after a longer gap, nothing can be said).
"""

from __future__ import annotations

import math

from balancegame.messages import BodySignals

MAX_TRUNK_CHANGE = 0.25
MAX_HIP_SPEED_CM_S = 300.0
MAX_GAP_S = 0.25


class IdentityGuard:
    """Fed with body signals in capture order; ``switched`` the times of the jumps seen."""

    def __init__(self) -> None:
        self._last: BodySignals | None = None
        self.switched: list[float] = []

    def observe(self, s: BodySignals) -> bool:
        """True when ``s`` looks like another person than the sample before it."""
        if not s.present or not math.isfinite(s.trunk_px):
            return False
        last, self._last = self._last, s
        if last is None or not 0 < s.t_capture_s - last.t_capture_s <= MAX_GAP_S:
            return False
        trunk_change = abs(s.trunk_px / last.trunk_px - 1.0)
        dt_s = s.t_capture_s - last.t_capture_s
        cm_per_px = s.cm_per_px if math.isfinite(s.cm_per_px) else math.nan
        hip_speed = math.dist(s.hip_mid_px, last.hip_mid_px) * cm_per_px / dt_s
        jumped = trunk_change > MAX_TRUNK_CHANGE or (
            math.isfinite(hip_speed) and hip_speed > MAX_HIP_SPEED_CM_S)
        if jumped:
            self.switched.append(s.t_capture_s)
        return jumped
