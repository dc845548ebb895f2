"""Where a smooth rise started: a fit of a family of movement shapes over a drifting baseline.

Model, over the fit window (from before the stimulus to the first peak of the movement)::

    d(t) = c0 + c1·(t - t̄) + A · I((t - t0) / T; a, b)

- ``I(τ; a, b)``, the regularised incomplete beta function, is the position of a movement
  whose velocity is a beta density: a two-parameter family of smooth rises from 0 to 1.
  ``a = b = 3`` is exactly the minimum-jerk curve (Flash & Hogan 1985); a small ``a``
  starts fast (``a = 1`` rises linearly at once, like an exponential approach), a large
  ``a`` starts slowly and peaks late; ``a = b = 1`` is a ramp at constant speed.
  ``a, b`` take the values of ``SHAPE_PARAMS``.
- ``c0 + c1·t``: the patient's own sway drifting during the window, as a straight line no
  steeper than ``MAX_DRIFT_CM_S``.
- ``t0`` (the onset), ``T`` (duration) and the shape by grid search; ``A``, ``c0``, ``c1``
  by linear least squares for each.

The minimum-jerk member alone has five parameters; the whole family two more.  The family is
used only when it fits better by more than those two cost (Schwarz's Bayesian information
criterion), so a movement that looks minimum-jerk is fitted as one, and an abrupt or a
slow start is not forced into that curve (which put onsets 100-200 ms off).  Search:
onsets by 20 ms with 20 durations (0.1-2.5 s) and every shape; then by 2 ms within 30 ms
of the best, with 13 durations over 1.5 steps of the coarse grid either side and the same
shape; then by 1 ms within 10 ms with durations within 0.3 steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHAPE_PARAMS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0)
MINIMUM_JERK = (3.0, 3.0)
DURATIONS_S = np.geomspace(0.1, 2.5, 20)
COARSE_STEP_S, FINE_STEP_S, FINE_SPAN_S = 0.020, 0.002, 0.030
_TAU = np.linspace(0.0, 1.0, 1025)
# Quiet-standing CoM drifts at about 1 cm/s at most over a second or two; a faster 'drift'
# in the fit window is part of the movement (benchmarks/onset_shapes.py's sway: <= 0.8 cm/s).
MAX_DRIFT_CM_S = 3.0


def _rise_table(a: float, b: float) -> np.ndarray:
    """I(τ; a, b) on ``_TAU`` (trapezoidal integral of the beta density, normalised)."""
    with np.errstate(divide="ignore"):
        pdf = _TAU ** (a - 1.0) * (1.0 - _TAU) ** (b - 1.0)
    pdf = np.where(np.isfinite(pdf), pdf, 0.0)
    cdf = np.concatenate([[0.0], np.cumsum((pdf[1:] + pdf[:-1]) / 2.0)])
    return cdf / cdf[-1]


RISES = {(a, b): _rise_table(a, b) for a in SHAPE_PARAMS for b in SHAPE_PARAMS}


def rise(shape: tuple[float, float], tau: np.ndarray) -> np.ndarray:
    """Position share 0..1 of ``shape`` at normalised time ``tau`` (clipped)."""
    return np.interp(np.clip(tau, 0.0, 1.0), _TAU, RISES[shape])


@dataclass(frozen=True)
class RiseFit:
    t_start_s: float
    duration_s: float
    shape: tuple[float, float]
    amplitude: float
    sse: float
    n: int

    def bic(self, n_params: int) -> float:
        return self.n * float(np.log(self.sse / self.n + 1e-12)) + n_params * float(np.log(self.n))


def _grid_fit(t_s: np.ndarray, d: np.ndarray, starts: np.ndarray, durations: np.ndarray,
              shapes: list[tuple[float, float]], sign: float) -> RiseFit | None:
    """The best (start, duration, shape) of the grid, A and the drift line by least squares."""
    tc = t_s - t_s.mean()
    tt = float(tc @ tc) or 1.0
    dr = d - d.mean() - tc * float(tc @ d) / tt  # d with the drift line removed
    best: RiseFit | None = None
    tau = (t_s[None, None, :] - starts[:, None, None]) / durations[None, :, None]
    for shape in shapes:
        basis = rise(shape, tau)
        # Remove from the basis what the drift line can explain (1 and tc are orthogonal).
        br = basis - basis.mean(axis=-1, keepdims=True) - tc * ((basis @ tc) / tt)[..., None]
        bb = (br * br).sum(axis=-1)
        by = br @ dr
        amp = by / np.maximum(bb, 1e-12)
        sse = float(dr @ dr) - amp * by
        # The drift line's slope with this rise: a line steeper than quiet standing drifts
        # would be taking part of the movement for sway.
        slope = (float(tc @ d) - amp * (basis @ tc)) / tt
        plausible = np.abs(slope) <= MAX_DRIFT_CM_S
        sse = np.where((amp * sign > 0) & (bb > 1e-9) & plausible, sse, np.inf)
        i, j = np.unravel_index(np.argmin(sse), sse.shape)
        if np.isfinite(sse[i, j]) and (best is None or sse[i, j] < best.sse):
            best = RiseFit(float(starts[i]), float(durations[j]), shape, float(amp[i, j]),
                           max(float(sse[i, j]), 0.0), int(t_s.size))
    return best


def fit_rise(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, t_hi_s: float, *,
             shapes: list[tuple[float, float]] | None = None, sign: float = 1.0
             ) -> RiseFit | None:
    """Best rise of ``shapes`` (default: every one) starting in [t_lo_s, t_hi_s], coarse to fine."""
    if t_s.size < 8 or t_hi_s < t_lo_s:
        return None
    shapes = list(RISES) if shapes is None else shapes
    coarse = np.arange(t_lo_s, t_hi_s + 1e-9, COARSE_STEP_S)
    best = _grid_fit(t_s, d, coarse, DURATIONS_S, shapes, sign)
    if best is None:
        return None
    ratio = DURATIONS_S[1] / DURATIONS_S[0]
    durations = best.duration_s * ratio ** np.linspace(-1.5, 1.5, 13)
    fine = np.arange(max(t_lo_s, best.t_start_s - FINE_SPAN_S),
                     min(t_hi_s, best.t_start_s + FINE_SPAN_S) + 1e-9, FINE_STEP_S)
    best = _grid_fit(t_s, d, fine, durations, [best.shape], sign) or best
    # Start and duration trade against each other along a valley: a last, finer look.
    durations = best.duration_s * ratio ** np.linspace(-0.3, 0.3, 13)
    fine = np.arange(max(t_lo_s, best.t_start_s - 0.010),
                     min(t_hi_s, best.t_start_s + 0.010) + 1e-9, 0.001)
    return _grid_fit(t_s, d, fine, durations, [best.shape], sign) or best


def fit_onset(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, t_hi_s: float
              ) -> tuple[RiseFit | None, str]:
    """The onset fit and its name: the minimum-jerk member, or the family when BIC prefers it."""
    jerk = fit_rise(t_s, d, t_lo_s, t_hi_s, shapes=[MINIMUM_JERK])
    family = fit_rise(t_s, d, t_lo_s, t_hi_s)
    if jerk is None:
        return family, "shape-family fit"
    if family is not None and family.bic(7) < jerk.bic(5):
        a, b = family.shape
        return family, f"shape-family fit (a={a:g}, b={b:g})"
    return jerk, "minimum-jerk fit"
