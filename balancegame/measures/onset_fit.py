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
criterion, counting the residuals as independent only as far as the autocorrelation of
the baseline's noise allows: :mod:`balancegame.measures.onset_noise`), so a movement that
looks minimum-jerk is fitted as one, and an abrupt or a slow start is not forced into
that curve (which put onsets 100-200 ms off).  Search:
onsets by 20 ms with 20 durations (0.1-2.5 s) and every shape; then by 2 ms within 30 ms
of the best, with 13 durations over 1.5 steps of the coarse grid either side and the same
shape; then by 1 ms within 10 ms with durations within 0.3 steps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from balancegame.measures.onset_noise import BaselineNoise, lag1_autocorrelation

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


def _table_index(tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where ``tau`` (clipped to 0..1) falls in the tables: (lower index, fraction)."""
    pos = np.clip(tau, 0.0, 1.0) * (_TAU.size - 1)
    lo = np.minimum(pos.astype(np.intp), _TAU.size - 2)
    return lo, pos - lo


def _lookup(table: np.ndarray, lo: np.ndarray, frac: np.ndarray) -> np.ndarray:
    return table[lo] + frac * (table[lo + 1] - table[lo])


def rise(shape: tuple[float, float], tau: np.ndarray) -> np.ndarray:
    """Position share 0..1 of ``shape`` at normalised time ``tau`` (clipped)."""
    return _lookup(RISES[shape], *_table_index(np.asarray(tau, dtype=float)))


@dataclass(frozen=True)
class RiseFit:
    t_start_s: float
    duration_s: float
    shape: tuple[float, float]
    amplitude: float
    sse: float
    n: int
    n_eff: float = 0.0  # effective number of independent residuals (0: not computed: n)

    def bic(self, n_params: int, n_eff: float | None = None) -> float:
        """Schwarz's criterion with ``n_eff`` independent residuals: sway leaves residuals
        that are far from independent, and counting them all would let a bend of sway
        pass for a movement."""
        m = n_eff or self.n_eff or self.n
        return m * float(np.log(self.sse / self.n + 1e-12)) + n_params * float(np.log(m))


def effective_n(t_s: np.ndarray, d: np.ndarray, fit: RiseFit) -> float:
    """n (1 - r) / (1 + r), r the lag-1 autocorrelation of the fit's residuals (AR(1)): the
    fallback when there is no baseline to measure the noise on (onset_noise.py says why the
    baseline is better)."""
    basis = rise(fit.shape, (t_s - fit.t_start_s) / fit.duration_s)
    x = np.stack([np.ones_like(t_s), t_s - t_s.mean(), basis], axis=1)
    resid = d - x @ np.linalg.lstsq(x, d, rcond=None)[0]
    return BaselineNoise(0.0, lag1_autocorrelation(resid), t_s.size).effective_n(t_s.size)


def _grid_fits(t_s: np.ndarray, d: np.ndarray, starts: np.ndarray, durations: np.ndarray,
               shapes: list[tuple[float, float]], sign: float) -> dict[tuple, RiseFit]:
    """Per shape, the best (start, duration) of the grid; A and the drift line by least
    squares.  Shapes with no acceptable fit are left out."""
    tc = t_s - t_s.mean()
    tt = float(tc @ tc) or 1.0
    dr = d - d.mean() - tc * float(tc @ d) / tt  # d with the drift line removed
    # One table lookup per grid point, shared by every shape (np.interp per shape was
    # three quarters of the time).
    lo, frac = _table_index((t_s[None, None, :] - starts[:, None, None])
                            / durations[None, :, None])
    out: dict[tuple, RiseFit] = {}
    for shape in shapes:
        basis = _lookup(RISES[shape], lo, frac)
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
        if np.isfinite(sse[i, j]):
            out[shape] = RiseFit(float(starts[i]), float(durations[j]), shape,
                                 float(amp[i, j]), max(float(sse[i, j]), 0.0), int(t_s.size))
    return out


def _grid_fit(t_s, d, starts, durations, shapes, sign) -> RiseFit | None:
    fits = _grid_fits(t_s, d, starts, durations, shapes, sign)
    return min(fits.values(), key=lambda f: f.sse) if fits else None


def _refine(t_s: np.ndarray, d: np.ndarray, coarse: RiseFit, t_lo_s: float, t_hi_s: float,
            sign: float) -> RiseFit:
    ratio = DURATIONS_S[1] / DURATIONS_S[0]
    best = coarse
    for span_s, step_s, steps in ((FINE_SPAN_S, FINE_STEP_S, 1.5), (0.010, 0.001, 0.3)):
        durations = best.duration_s * ratio ** np.linspace(-steps, steps, 13)
        fine = np.arange(max(t_lo_s, best.t_start_s - span_s),
                         min(t_hi_s, best.t_start_s + span_s) + 1e-9, step_s)
        best = _grid_fit(t_s, d, fine, durations, [best.shape], sign) or best
    return best


def fit_rise(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, t_hi_s: float, *,
             shapes: list[tuple[float, float]] | None = None, sign: float = 1.0
             ) -> RiseFit | None:
    """Best rise of ``shapes`` (default: every one) starting in [t_lo_s, t_hi_s], coarse to fine."""
    if t_s.size < 8 or t_hi_s < t_lo_s:
        return None
    coarse = _grid_fit(t_s, d, np.arange(t_lo_s, t_hi_s + 1e-9, COARSE_STEP_S), DURATIONS_S,
                       list(RISES) if shapes is None else shapes, sign)
    return None if coarse is None else _refine(t_s, d, coarse, t_lo_s, t_hi_s, sign)


def fit_onset(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, t_hi_s: float,
              noise: BaselineNoise | None = None) -> tuple[RiseFit | None, str]:
    """The onset fit and its name: the minimum-jerk member, or the family when BIC prefers it.

    BIC counts the residuals as ``noise.effective_n`` (the baseline's autocorrelation),
    or, without a baseline estimate, by the minimum-jerk fit's own residuals."""
    if t_s.size < 8 or t_hi_s < t_lo_s:
        return None, ""
    coarse = _grid_fits(t_s, d, np.arange(t_lo_s, t_hi_s + 1e-9, COARSE_STEP_S), DURATIONS_S,
                        list(RISES), 1.0)
    if not coarse:
        return None, ""
    best = _refine(t_s, d, min(coarse.values(), key=lambda f: f.sse), t_lo_s, t_hi_s, 1.0)
    jerk = coarse.get(MINIMUM_JERK)
    if jerk is not None:
        jerk = best if best.shape == MINIMUM_JERK else _refine(t_s, d, jerk, t_lo_s, t_hi_s, 1.0)
        n_eff = noise.effective_n(t_s.size) if noise else effective_n(t_s, d, jerk)
        jerk = replace(jerk, n_eff=n_eff)
        best = replace(best, n_eff=jerk.n_eff)
    if jerk is None or best.bic(7) < jerk.bic(5):
        a, b = best.shape
        return best, f"shape-family fit (a={a:g}, b={b:g})"
    return jerk, "minimum-jerk fit"
