"""A small first movement before the main one: a hesitant start, a counter-movement.

Model, over the onset fit's window::

    d(t) = c0 + c1·(t - t̄) + A1 · first(t; t1, T1) + A2 · main(t)

``main`` is the main rise found by :func:`balancegame.measures.onset_fit.fit_onset` (its
start, duration and shape held); ``first`` a minimum-jerk rise that stays (a hesitant start)
or one out and back in 2·T1 (a counter-movement), of either sign.  ``A1``, ``A2`` and the
line by least squares for each (t1, T1); kept when BIC prefers it to ``main`` alone by more
than ``FIRST_MOVEMENT_MIN_BIC_GAIN``, with the residuals counted as the baseline's noise
allows (:mod:`balancegame.measures.onset_noise`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.measures.onset_fit import (
    MAX_DRIFT_CM_S,
    MINIMUM_JERK,
    RiseFit,
    effective_n,
    rise,
)
from balancegame.measures.onset_noise import BaselineNoise


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
                       min_amplitude: float, noise: BaselineNoise | None = None
                       ) -> FirstMovement | None:
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
    m = noise.effective_n(t_s.size) if noise else (main.n_eff or effective_n(t_s, d, main))
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
