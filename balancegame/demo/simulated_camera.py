"""The demo person's camera: late like a webcam's, so the timing of the pipeline can fail.

A real webcam's frame reaches the program 30-100 ms after its exposure, with jitter; a
frame rendered and delivered at the same instant (the puppet before this) cannot show
whether that delay is kept out of reaction times.  :class:`SimulatedCamera` says when
each frame exposed at ``t`` arrives: ``t + delay_s + jitter`` (jitter half-normal with
sd ``jitter_s``, capped below a frame period so frames keep their order, fixed per frame
index and seed).  With ``driver_stamps`` the frame carries the exposure time as a
driver's buffer timestamp, as V4L2 gives (:mod:`balancegame.capture.timing` maps it, as
for a real webcam); without, only the arrival is known and the delay is estimated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SimulatedCamera:
    delay_s: float = 0.0
    jitter_s: float = 0.0
    driver_stamps: bool = True
    seed: int = 0

    def __post_init__(self) -> None:
        if self.delay_s < 0 or self.jitter_s < 0:
            raise ValueError(f"delay_s={self.delay_s}, jitter_s={self.jitter_s}: "
                             "a camera delay is not negative")

    def arrival_s(self, t_exposure_s: float, index: int, period_s: float) -> float:
        """When the frame exposed at ``t_exposure_s`` reaches the program."""
        if self.jitter_s == 0:
            return t_exposure_s + self.delay_s
        extra = abs(np.random.default_rng((self.seed, index)).normal(0.0, self.jitter_s))
        return t_exposure_s + self.delay_s + min(extra, 0.8 * period_s)

    def driver_stamp_s(self, t_exposure_s: float) -> float | None:
        return t_exposure_s if self.driver_stamps else None
