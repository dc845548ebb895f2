"""A stand-in for the tracking worker, for driving scenes on a fake clock.

It publishes body signals at 30 Hz of clock time, made by :meth:`signals_at`
(override it, or set the ``signals_at`` attribute); ``None`` means nobody in
view.  The game sees exactly what the real worker offers: ``latest()``,
``drain()``, ``health()``.
"""

from __future__ import annotations

import math

import numpy as np

from balancegame.messages import (
    BodySignals,
    Frame,
    PoseSample,
    Presence,
    TrackedFrame,
    TrackerHealth,
)

FPS = 30.0
_BLANK = np.zeros((4, 4, 3), np.uint8)


def signals(t: float, present: bool = True, **fields) -> BodySignals:
    """Body signals at capture time ``t`` (ready 20 ms later) with sensible defaults."""
    base = dict(com_ml_cm=0.0, com_ml_raw_cm=0.0, com_vertical_cm=100.0, cm_per_px=0.4,
                scale_method="scripted")
    if not present:
        base = {k: (math.nan if isinstance(v, float) else v) for k, v in base.items()}
    return BodySignals(t, t + 0.02, int(round(t * FPS)), present, Presence(present, "", "", True),
                       **{**base, **fields})


class SignalTracker:
    def __init__(self, clock, signals_at=None) -> None:
        self.clock = clock
        if signals_at is not None:
            self.signals_at = signals_at
        self.camera_ok = True
        self._next_t = 0.0
        self._pending: list[BodySignals] = []
        self._latest: TrackedFrame | None = None

    def signals_at(self, t: float) -> BodySignals | None:
        return signals(t)

    def _produce(self) -> None:
        while self._next_t <= self.clock.now_s():
            t = self._next_t
            s = self.signals_at(t) if self.camera_ok else None
            s = s if s is not None else signals(t, present=False)
            self._pending.append(s)
            pose = PoseSample(t, t, s.frame_index, (4, 4), None, None, s.presence)
            self._latest = TrackedFrame(Frame(_BLANK, t, s.frame_index), pose, s)
            self._next_t += 1 / FPS

    def latest(self) -> TrackedFrame | None:
        self._produce()
        return self._latest

    def drain(self) -> list[BodySignals]:
        self._produce()
        out, self._pending = self._pending, []
        return out

    def health(self) -> TrackerHealth:
        return TrackerHealth(source_ok=self.camera_ok, pose_hz=FPS)

    def request_recalibration(self) -> None:
        pass

    def scale_ready(self) -> bool:
        return True
