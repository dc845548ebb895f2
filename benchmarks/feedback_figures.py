"""Figures of a marker against the body's true position at each flip (feedback_latency.py).

Pure functions of arrays, so the figures can be checked on signals with a known answer
(tests/unit/test_feedback_figures.py) before they judge the game.

- ``marker_lag_ms``: the shift that maximises the normalised cross-correlation of the
  marker with the true position, over the movement windows (mean removed in each window);
  + = the marker trails the body.  1 ms steps, refined by a parabola through the peak.
- ``marker_rms_cm``: RMS of marker - truth over the movement windows.
- ``overshoot_pct``: per movement, how far the marker went past the truth's own extreme
  in the movement's direction, around the movement's end, in % of the movement's size;
  the median and the maximum over movements.
- ``quiet_jitter_cm``: RMS of the marker's fast error in quiet stance: marker - truth with its
  own 0.5 s running mean removed (slow offsets are not jitter), over the quiet windows.
- ``lag_first_half_ms`` / ``lag_second_half_ms``: the lag over each movement's first half
  (its start to its middle) and second half (its middle to 0.3 s after its end).  The one
  lag figure mixes the two: with a camera delay, no estimator can know a movement has begun
  before frames show it, so the first half trails, and a marker that is ahead in the second
  half (or wobbles there) makes the whole figure look better.
- ``settle_rms_cm``: RMS of marker - truth from each movement's end to ``SETTLE_S`` after it,
  where the body is at rest and a marker that wobbles or slides back shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

GRID_S = 0.001
MAX_LAG_S = (-0.15, 0.35)
SETTLE_S = 0.8  # the end of a movement: overshoot looked for until this long after it


@dataclass(frozen=True)
class Movement:
    t_start_s: float
    t_end_s: float
    direction: int  # +1 / -1: the sign of the movement in the marker's units
    size_cm: float


def _grid(t_s: np.ndarray, x: np.ndarray, t0: float, t1: float) -> np.ndarray:
    grid = np.arange(t0, t1, GRID_S)
    return np.interp(grid, t_s, x)


def marker_lag_ms(t_s: np.ndarray, marker: np.ndarray, truth_at, windows: Sequence[tuple]
                  ) -> float:
    """``truth_at(t)``: the true position at any times (the demo's body is known in time)."""
    shifts = np.arange(MAX_LAG_S[0], MAX_LAG_S[1] + GRID_S / 2, GRID_S)
    score = np.zeros_like(shifts)
    for t0, t1 in windows:
        grid = np.arange(t0, t1, GRID_S)
        if grid.size < 50:
            continue
        m = np.interp(grid, t_s, marker)
        m = m - m.mean()
        for i, shift in enumerate(shifts):
            x = truth_at(grid - shift)
            x = x - x.mean()
            score[i] += float(np.dot(m, x) / (np.linalg.norm(m) * np.linalg.norm(x) + 1e-12))
    k = int(np.argmax(score))
    if 0 < k < len(score) - 1:  # the parabola's vertex through the peak and its neighbours
        a, b, c = score[k - 1], score[k], score[k + 1]
        offset = 0.5 * (a - c) / (a - 2 * b + c) if a - 2 * b + c != 0 else 0.0
        return float((shifts[k] + offset * GRID_S) * 1e3)
    return float(shifts[k] * 1e3)


def in_windows(t_s: np.ndarray, windows: Sequence[tuple]) -> np.ndarray:
    mask = np.zeros(t_s.shape, dtype=bool)
    for t0, t1 in windows:
        mask |= (t_s >= t0) & (t_s < t1)
    return mask


def marker_rms_cm(t_s: np.ndarray, marker: np.ndarray, truth: np.ndarray,
                  windows: Sequence[tuple]) -> float:
    mask = in_windows(t_s, windows)
    return float(np.sqrt(np.mean((marker[mask] - truth[mask]) ** 2))) if mask.any() else np.nan


def overshoot_pct(t_s: np.ndarray, marker: np.ndarray, truth: np.ndarray,
                  movements: Sequence[Movement]) -> list[float]:
    out = []
    for mv in movements:
        duration = mv.t_end_s - mv.t_start_s
        mask = (t_s >= mv.t_end_s - duration / 2) & (t_s <= mv.t_end_s + SETTLE_S)
        if mask.sum() < 3 or mv.size_cm <= 0:
            continue
        past = np.max(mv.direction * marker[mask]) - np.max(mv.direction * truth[mask])
        out.append(max(0.0, float(past)) / mv.size_cm * 100.0)
    return out


def quiet_jitter_cm(t_s: np.ndarray, marker: np.ndarray, truth: np.ndarray,
                    windows: Sequence[tuple]) -> float:
    parts = []
    for t0, t1 in windows:
        mask = (t_s >= t0) & (t_s < t1)
        if mask.sum() < 30:
            continue
        err = marker[mask] - truth[mask]
        tt = t_s[mask]
        mean = np.array([err[np.abs(tt - t) <= 0.25].mean() for t in tt])
        parts.append(err - mean)
    return float(np.sqrt(np.mean(np.concatenate(parts) ** 2))) if parts else float("nan")


def settle_rms_cm(t_s: np.ndarray, marker: np.ndarray, truth: np.ndarray,
                  movements: Sequence[Movement]) -> float:
    return marker_rms_cm(t_s, marker, truth, [(m.t_end_s, m.t_end_s + SETTLE_S)
                                               for m in movements])


def all_figures(t_s: np.ndarray, marker: np.ndarray, truth_at, movements: Sequence[Movement],
                quiet: Sequence[tuple]) -> dict:
    """Every figure of one marker; ``truth_at`` maps times to true positions (marker units)."""
    windows = [(m.t_start_s - 0.1, m.t_end_s + 0.3) for m in movements]
    middles = [(m.t_start_s + m.t_end_s) / 2 for m in movements]
    first = [(m.t_start_s - 0.1, mid) for m, mid in zip(movements, middles, strict=True)]
    second = [(mid, m.t_end_s + 0.3) for m, mid in zip(movements, middles, strict=True)]
    truth = truth_at(t_s)
    over = overshoot_pct(t_s, marker, truth, movements)
    return {
        "marker_lag_ms": round(marker_lag_ms(t_s, marker, truth_at, windows), 1),
        "marker_rms_cm": round(marker_rms_cm(t_s, marker, truth, windows), 3),
        "overshoot_pct": round(float(np.median(over)), 1) if over else None,
        "overshoot_pct_max": round(float(np.max(over)), 1) if over else None,
        "quiet_jitter_cm": round(quiet_jitter_cm(t_s, marker, truth, quiet), 3),
        "lag_first_half_ms": round(marker_lag_ms(t_s, marker, truth_at, first), 1),
        "lag_second_half_ms": round(marker_lag_ms(t_s, marker, truth_at, second), 1),
        "settle_rms_cm": round(settle_rms_cm(t_s, marker, truth, movements), 3),
        "movements": len(movements),
    }
