"""When to stop the game for the patient's safety.

CLINICAL.md: pause at once when the person leaves the frame, when tracking is
lost, or when a sudden drop of the body (a possible fall or loss of balance)
is detected.  This monitor is pure: fed the body signals in capture order and
the current time, it says whether play may go on and, if not, why.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum

import numpy as np

from balancegame.messages import BodySignals


class Alert(Enum):
    NONE = "none"
    NOT_IN_VIEW = "not_in_view"  # the newest results say: no plausible person
    NO_RESULTS = "no_results"  # no results at all lately: the camera or the computer is slow
    FALL_SUSPECTED = "fall_suspected"


@dataclass
class SafetyMonitor:
    """The newest result shows nobody, and nobody was seen for ``lost_after_s`` ->
    NOT_IN_VIEW.  No result at all for ``stale_after_s`` -> NO_RESULTS: that is the
    computer's or the camera's doing, never the patient's, and must not be reported
    as "out of view" (a busy laptop runs pose at 4-7 Hz, each result 0.3 s late, and
    a person in every one of those results is in view).

    A drop of the CoM by more than ``drop_cm`` below its median of the last
    ``window_s``, at a mean speed above ``drop_speed_cm_s``, -> FALL_SUSPECTED
    (latched until :meth:`acknowledge`: a person must confirm they are fine).
    """

    lost_after_s: float = 0.5
    stale_after_s: float = 1.0
    drop_cm: float = 25.0
    drop_speed_cm_s: float = 40.0
    window_s: float = 2.0

    def __post_init__(self) -> None:
        self._recent: deque[tuple[float, float]] = deque()
        self._last_present_s: float | None = None
        self._last_seen_s: float | None = None  # newest result, person or not
        self._fall = False

    def acknowledge(self) -> None:
        self._fall = False
        self._recent.clear()

    def observe(self, s: BodySignals) -> None:
        self._last_seen_s = s.t_capture_s
        if not s.present:
            return
        self._last_present_s = s.t_capture_s
        self._recent.append((s.t_capture_s, s.com_vertical_cm))
        while self._recent and self._recent[0][0] < s.t_capture_s - self.window_s:
            self._recent.popleft()
        if len(self._recent) < 5:
            return
        t = np.array([r[0] for r in self._recent])
        y = np.array([r[1] for r in self._recent])
        ref_cm = float(np.median(y))
        drop_cm = ref_cm - y[-1]
        if drop_cm > self.drop_cm:
            # When did it leave the reference?  Mean speed over the drop.
            above = np.flatnonzero(y >= ref_cm)
            t_from = t[above[-1]] if len(above) else t[0]
            speed = drop_cm / max(s.t_capture_s - t_from, 1e-3)
            if speed > self.drop_speed_cm_s:
                self._fall = True

    def alert(self, now_s: float) -> Alert:
        if self._fall:
            return Alert.FALL_SUSPECTED
        if self._last_seen_s is None or now_s - self._last_seen_s > self.stale_after_s:
            return Alert.NO_RESULTS
        newest_shows_nobody = self._last_present_s != self._last_seen_s
        if newest_shows_nobody and (self._last_present_s is None
                                    or now_s - self._last_present_s > self.lost_after_s):
            return Alert.NOT_IN_VIEW
        return Alert.NONE
