"""Shapes of a reaching movement other than the minimum-jerk curve, for testing the onset
detector against movements it was not built around (issue: reaction times that hold for a
real person's movement).

Each shape is a position share from 0 (at rest, before the start) to 1 (arrived), as a
function of time since the true start; patients with MS move hesitantly, with tremor, with
an initial counter-movement.  The true movement onset is always the shape's start.
``HELD_OUT_SHAPES`` are for the benchmark only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.measures.minimum_jerk import minimum_jerk

SHAPES = ("minimum-jerk", "early-peak", "late-peak", "first-order", "tremor", "hesitant",
          "counter")
# Shapes kept out of the design of the onset detector (measures/onset_fit.py): the first two
# were looked at while choosing among three variants of it, the third only after the choice.
HELD_OUT_SHAPES = ("gaussian-velocity", "constant-speed", "cosine")
_GRID = np.linspace(0.0, 1.0, 2001)


def _skewed(tau: np.ndarray, peak: float) -> np.ndarray:
    """Position of a bell-shaped velocity (a beta density) whose peak is at ``peak`` of the way."""
    a, b = 1 + 4 * peak, 1 + 4 * (1 - peak)
    cdf = np.cumsum(_GRID ** (a - 1) * (1 - _GRID) ** (b - 1))
    return np.interp(np.clip(tau, 0, 1), _GRID, cdf / cdf[-1])


def position_share(shape: str, since_start_s: np.ndarray, duration_s: float) -> np.ndarray:
    """0 before the start, 1 on arrival (``counter`` dips below 0 first)."""
    t = np.asarray(since_start_s, dtype=float)
    tau = t / duration_s
    moving = t >= 0
    if shape == "minimum-jerk":
        return minimum_jerk(tau)
    if shape == "early-peak":
        return _skewed(tau, 0.2)
    if shape == "late-peak":
        return _skewed(tau, 0.8)
    if shape == "first-order":  # exponential approach: fastest at the start
        return np.where(moving, 1 - np.exp(-np.maximum(t, 0) / (duration_s / 4)), 0.0)
    if shape == "tremor":  # a 5 Hz oscillation on top, from the start
        return minimum_jerk(tau) + np.where(moving, 0.04 * np.sin(2 * np.pi * 5 * t), 0.0)
    if shape == "hesitant":  # a slow small start, a pause, then the movement
        return 0.08 * minimum_jerk(t / 0.3) + 0.92 * minimum_jerk((t - 0.6) / duration_s)
    if shape == "counter":  # a small movement the other way first
        dip = minimum_jerk(t / 0.15) - minimum_jerk((t - 0.15) / 0.15)
        return -0.07 * dip + minimum_jerk((t - 0.15) / duration_s)
    if shape == "gaussian-velocity":  # a bell of speed, +/- 3 sd over the duration
        g = _GRID * 6.0 - 3.0
        cdf = np.cumsum(np.exp(-0.5 * g * g))
        return np.interp(np.clip(tau, 0, 1), _GRID, (cdf - cdf[0]) / (cdf[-1] - cdf[0]))
    if shape == "constant-speed":
        return np.clip(tau, 0.0, 1.0)
    if shape == "cosine":  # speed rising and falling as a half sine
        return (1.0 - np.cos(np.pi * np.clip(tau, 0.0, 1.0))) / 2.0
    raise ValueError(f"unknown movement shape {shape!r}: expected one of {', '.join(SHAPES)}")


def lead_s(shape: str) -> float:
    """Time from the shape's start to the start of its main movement (0 for simple shapes)."""
    return {"hesitant": 0.6, "counter": 0.15}.get(shape, 0.0)


@dataclass(frozen=True)
class Reaction:
    """One scheduled response to a stimulus: go to ``target_cm``, hold, return.

    The way out has ``shape`` (true onset: ``t_move_onset_s``, the shape's start), the way
    back is a minimum-jerk return; nothing of it remains after :attr:`t_end_s`.
    """

    trial_id: int
    t_move_onset_s: float
    target_cm: float
    movement_s: float
    hold_s: float
    shape: str = "minimum-jerk"

    @property
    def t_arrive_s(self) -> float:
        return self.t_move_onset_s + lead_s(self.shape) + self.movement_s

    @property
    def t_end_s(self) -> float:
        return self.t_arrive_s + self.hold_s + self.movement_s

    def position_cm(self, t_s: np.ndarray) -> np.ndarray:
        """Displacement (cm) this reaction adds at times ``t_s`` (0 outside it)."""
        t = np.asarray(t_s, dtype=np.float64)
        going = position_share(self.shape, t - self.t_move_onset_s, self.movement_s)
        back = minimum_jerk((t - self.t_arrive_s - self.hold_s) / self.movement_s)
        x = self.target_cm * (np.asarray(going) - np.asarray(back))
        return np.where(t < self.t_end_s, x, 0.0)
