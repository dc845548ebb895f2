"""Causal filters that run on real capture timestamps, never an assumed rate.

One Euro filter: Casiez, Roussel & Vogel (2012), "1 Euro filter: a simple
speed-based low-pass filter for noisy input in interactive systems", CHI.  A
first-order low-pass whose cut-off rises with the signal's speed: still
signals are smoothed hard (jitter would inflate sway path length), fast
movements pass with little lag (a late marker would make the game feel
sluggish and delay movement-onset detection).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _alpha(cutoff_hz: float, dt_s: float) -> float:
    tau_s = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau_s / dt_s)


@dataclass
class OneEuroFilter:
    """Filter one scalar signal; ``min_cutoff_hz`` and ``beta`` set the trade-off.

    ``beta`` is in 1/(signal unit): with the signal in cm, the cut-off rises by
    ``beta * |speed in cm/s|`` Hz.  Samples must come with increasing
    ``t_s``; a sample whose time does not increase is returned unfiltered and
    leaves the state alone (the caller drops non-monotonic samples anyway).
    A gap longer than ``reset_after_s`` restarts the filter, so a person
    stepping back into view is not dragged from where they were.
    """

    min_cutoff_hz: float = 1.0
    beta: float = 0.05
    d_cutoff_hz: float = 1.0
    reset_after_s: float = 0.5
    _t_s: float | None = None
    _x: float = 0.0
    _dx: float = 0.0

    def reset(self) -> None:
        self._t_s = None

    def __call__(self, x: float, t_s: float) -> float:
        if not math.isfinite(x):
            return x
        if self._t_s is None or t_s - self._t_s > self.reset_after_s:
            self._t_s, self._x, self._dx = t_s, x, 0.0
            return x
        dt_s = t_s - self._t_s
        if dt_s <= 0:
            return x
        dx = (x - self._x) / dt_s
        self._dx += _alpha(self.d_cutoff_hz, dt_s) * (dx - self._dx)
        cutoff_hz = self.min_cutoff_hz + self.beta * abs(self._dx)
        self._x += _alpha(cutoff_hz, dt_s) * (x - self._x)
        self._t_s = t_s
        return self._x
