"""How much of the display's delay is taken off reaction times, and what is only reported.

A stimulus is stamped at the flip that first drew it; the panel shows it later (the
compositor, the panel's own processing, no vsync).  ``balancegame latency`` measures
flip -> the camera seeing the flash.  That figure is the display's part alone only when the
camera's frames carry the driver's exposure stamp (``clock_method`` "driver"): the camera's
own delay is then already outside the stamps.  Then each stimulus onset is moved later by it
(``correction_s``).  With any other stamping the measured figure mixes the display's and the
camera's delays and cannot be split: nothing is corrected, and the figure travels with every
reaction time so a reader can see how large the uncertainty is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DisplayDelay:
    measured_ms: float | None = None  # the last check on this machine and camera
    clock_method: str = ""  # how that check's camera stamped its frames
    applied: bool = False

    @property
    def correction_s(self) -> float:
        return self.measured_ms / 1e3 if self.applied and self.measured_ms else 0.0

    @classmethod
    def from_check(cls, median_ms: float | None, clock_method: str) -> DisplayDelay:
        if median_ms is None:
            return cls()
        return cls(float(median_ms), clock_method, applied=(clock_method == "driver"))

    def detail(self) -> dict[str, object]:
        """What a trial stores about it."""
        if self.measured_ms is None:
            return {"display_delay": "not measured (run: balancegame latency); not corrected"}
        return {"display_delay_ms": round(self.measured_ms, 1),
                "display_delay_corrected": self.applied,
                "display_delay_how": ("subtracted: measured with driver-stamped frames"
                                      if self.applied else
                                      f"not subtracted: the check's frames were stamped by "
                                      f"'{self.clock_method}', so display and camera delays "
                                      "cannot be told apart")}
