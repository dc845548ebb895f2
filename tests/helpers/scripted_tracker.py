"""A stand-in for the tracking worker, for driving scenes on a fake clock.

It publishes body signals at ``fps`` (30 Hz) of clock time, each ``latency_s``
after its capture time (a slow pose model), made by :meth:`signals_at` (override
it, or set the ``signals_at`` attribute); ``None`` means nobody in view.  With
``camera_ok`` False the camera has stopped: no signals at all, and, as from the
real worker, ``health().source_ok`` turns False only ``camera_report_s`` later
(WebcamSource gives up on a camera after 1 s of failed grabs).  The game sees
exactly what the real worker offers: ``latest()``, ``drain()``, ``health()``.
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
_BLANK = np.full((4, 4, 3), 128, np.uint8)  # a mid-grey frame: light enough


def signals(t: float, present: bool = True, **fields) -> BodySignals:
    """Body signals at capture time ``t`` (ready 20 ms later) with sensible defaults."""
    base = dict(com_ml_cm=0.0, com_ml_raw_cm=0.0, com_vertical_cm=100.0, cm_per_px=0.4,
                scale_method="scripted")
    if not present:
        base = {k: (math.nan if isinstance(v, float) else v) for k, v in base.items()}
    return BodySignals(t, t + 0.02, int(round(t * FPS)), present, Presence(present, "", "", True),
                       **{**base, **fields})


class SignalTracker:
    def __init__(self, clock, signals_at=None, *, fps: float = FPS,
                 latency_s: float = 0.0) -> None:
        self.clock = clock
        self.fps = fps
        self.latency_s = latency_s
        self.camera_report_s = 1.0
        self._camera_stopped_s: float | None = None
        if signals_at is not None:
            self.signals_at = signals_at
        self._next_t = 0.0
        self._pending: list[BodySignals] = []
        self._latest: TrackedFrame | None = None

    @property
    def camera_ok(self) -> bool:
        return self._camera_stopped_s is None

    @camera_ok.setter
    def camera_ok(self, ok: bool) -> None:
        self._camera_stopped_s = None if ok else self.clock.now_s()

    def signals_at(self, t: float) -> BodySignals | None:
        return signals(t)

    def _produce(self) -> None:
        while self._next_t + self.latency_s <= self.clock.now_s():
            t = self._next_t
            self._next_t += 1 / self.fps
            if not self.camera_ok:  # a stopped camera sends nothing
                continue
            s = self.signals_at(t)
            s = s if s is not None else signals(t, present=False)
            self._pending.append(s)
            pose = PoseSample(t, t, s.frame_index, (4, 4), None, None, s.presence)
            self._latest = TrackedFrame(Frame(_BLANK, t, s.frame_index), pose, s)

    def latest(self) -> TrackedFrame | None:
        self._produce()
        return self._latest

    def drain(self) -> list[BodySignals]:
        self._produce()
        out, self._pending = self._pending, []
        return out

    def health(self) -> TrackerHealth:
        reported_lost = (self._camera_stopped_s is not None and
                         self.clock.now_s() - self._camera_stopped_s >= self.camera_report_s)
        return TrackerHealth(source_ok=not reported_lost, pose_hz=self.fps)

    def request_recalibration(self) -> None:
        pass

    def scale_ready(self) -> bool:
        return True
