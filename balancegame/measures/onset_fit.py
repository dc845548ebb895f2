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
criterion, counting the residuals as independent only as far as their autocorrelation
allows), so a movement that looks minimum-jerk is fitted as one, and an abrupt or a
slow start is not forced into that curve (which put onsets 100-200 ms off).  Search:
onsets by 20 ms with 20 durations (0.1-2.5 s) and every shape; then by 2 ms within 30 ms
of the best, with 13 durations over 1.5 steps of the coarse grid either side and the same
shape; then by 1 ms within 10 ms with durations within 0.3 steps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    """n (1 - r) / (1 + r), r the lag-1 autocorrelation of the fit's residuals (AR(1))."""
    basis = rise(fit.shape, (t_s - fit.t_start_s) / fit.duration_s)
    x = np.stack([np.ones_like(t_s), t_s - t_s.mean(), basis], axis=1)
    resid = d - x @ np.linalg.lstsq(x, d, rcond=None)[0]
    r = float(np.corrcoef(resid[:-1], resid[1:])[0, 1]) if resid.size > 3 else 0.0
    r = min(max(r if np.isfinite(r) else 0.0, 0.0), 0.95)
    return max(4.0, t_s.size * (1 - r) / (1 + r))


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


def fit_onset(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, t_hi_s: float
              ) -> tuple[RiseFit | None, str]:
    """The onset fit and its name: the minimum-jerk member, or the family when BIC prefers it."""
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
        jerk = replace(jerk, n_eff=effective_n(t_s, d, jerk))
        best = replace(best, n_eff=jerk.n_eff)
    if jerk is None or best.bic(7) < jerk.bic(5):
        a, b = best.shape
        return best, f"shape-family fit (a={a:g}, b={b:g})"
    return jerk, "minimum-jerk fit"


@dataclass(frozen=True)
class FirstMovement:
    """A small movement before the main one (a hesitant start, a counter-movement)."""

    t_start_s: float
    duration_s: float
    amplitude: float
    bic_gain: float
    kind: str  # "rise" (stays: a hesitant start) or "bump" (out and back: a counter-movement)


FIRST_DURATIONS_S = np.geomspace(0.1, 0.6, 8)
FIRST_STEP_S = 0.010
FIRST_MOVEMENT_MIN_BIC_GAIN = 10.0  # "very strong" evidence (Kass & Raftery 1995: 2 ln B > 10);
# at 6 ("strong"), 28 of 160 reactions of the demo body were taken back into its sway


def fit_first_movement(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, main: RiseFit,
                       min_amplitude: float) -> FirstMovement | None:
    """A small first movement of either sign, before ``main``, that the data need.

    Model: drift line + ``A1`` · first(t1, T1) + ``A2`` · main's rise, where ``first`` is a
    minimum-jerk rise that stays (a hesitant start) or goes out and back in 2·T1 (a
    counter-movement); ``A1``, ``A2`` and
    the line by least squares for every t1 from ``t_lo_s`` to 50 ms before main's start
    (by 10 ms) and T1 of 0.1-0.6 s (a sub-movement is quicker than sway).  Accepted only
    when BIC prefers it by more than ``FIRST_MOVEMENT_MIN_BIC_GAIN``, ``|A1|``
    is at least ``min_amplitude`` and it is over before the main movement is half done.
    """
    starts = np.arange(t_lo_s, main.t_start_s - 0.050 + 1e-9, FIRST_STEP_S)
    if starts.size == 0 or t_s.size < 12:
        return None
    main_basis = rise(main.shape, (t_s - main.t_start_s) / main.duration_s)
    tau = (t_s[None, None, :] - starts[:, None, None]) / FIRST_DURATIONS_S[None, :, None]
    best = None
    # A rise that stays (a hesitant start) or a bump out and back (a counter-movement).
    for kind, basis, lasts in (
            ("rise", rise(MINIMUM_JERK, tau), 1.0),
            ("bump", rise(MINIMUM_JERK, tau) - rise(MINIMUM_JERK, tau - 1.0), 2.0)):
        found = _two_rise_fit(t_s, d, starts, main, main_basis, basis, lasts, min_amplitude)
        if found is not None and (best is None or found[0] < best[0]):
            best = (*found, kind)
    if best is None:
        return None
    sse, t1, dur1, amp1, kind = best
    m = main.n_eff or effective_n(t_s, d, main)
    bic_two = m * np.log(max(sse, 1e-12) / t_s.size) + 9 * np.log(m)
    bic_gain = main.bic(7, m) - bic_two
    if bic_gain <= FIRST_MOVEMENT_MIN_BIC_GAIN:
        return None
    return FirstMovement(t1, dur1, amp1, float(bic_gain), kind)


def _two_rise_fit(t_s, d, starts, main, main_basis, first, lasts, min_amplitude):
    """(sse, t1, T1, A1) of the best first movement of one kind (``lasts`` T1s), or None."""
    ones = np.ones_like(t_s)
    tc = t_s - t_s.mean()
    x = np.stack(np.broadcast_arrays(ones, tc, main_basis, first), axis=-1)  # S, D, N, 4
    xtx = np.einsum("sdni,sdnj->sdij", x, x) + 1e-9 * np.eye(4)
    xty = np.einsum("sdni,n->sdi", x, d)
    coef = np.linalg.solve(xtx, xty[..., None])[..., 0]
    sse = ((np.einsum("sdni,sdi->sdn", x, coef) - d) ** 2).sum(axis=-1)
    amp1, slope = coef[..., 3], coef[..., 1]
    ends = starts[:, None] + lasts * FIRST_DURATIONS_S[None, :]
    ok = ((np.abs(amp1) >= min_amplitude) & (coef[..., 2] * main.amplitude > 0)
          & (ends <= main.t_start_s + main.duration_s / 2) & (np.abs(slope) <= MAX_DRIFT_CM_S))
    sse = np.where(ok, sse, np.inf)
    i, j = np.unravel_index(np.argmin(sse), sse.shape)
    if not np.isfinite(sse[i, j]):
        return None
    return float(sse[i, j]), float(starts[i]), float(FIRST_DURATIONS_S[j]), float(amp1[i, j])
