"""A first small movement before the main one, tested under the patient's own sway.

The same two models as :func:`balancegame.measures.onset_fit.fit_first_movement` - a drift
line plus the main rise (H0), and H0 plus a first movement, a minimum-jerk rise that stays
(a hesitant start) or goes out and back (a counter-movement) (H1) - but fitted by
generalised least squares under the covariance of the sway learnt in the level's quiet
countdown (:mod:`balancegame.measures.sway_model`), and decided by the likelihood ratio of
the two: ``n log(SSE0 / SSE1)`` of the whitened residuals (the sway's scale left free, so a
countdown that swayed more or less than the trial does not bias it), with ``n`` counted as
``n (1 - r) / (1 + r)``, r the lag-1 autocorrelation of H1's whitened residuals (a model
that whitens the trial's sway leaves r near 0; one learnt from a stretch that swayed
otherwise does not, and its evidence counts less), accepted above ``MIN_LOG_LR``.
The main rise's start and duration are refitted under each model (its shape kept): a main
rise fixed where the ordinary fit put it, half-way into the first movement, would leave H0
a worse fit than it can be and make every trial look hesitant.  Under H1 the main rise may
also be minimum-jerk where the ordinary fit chose another shape: a slow-starting shape
(a=5) had taken in a hesitant step through MediaPipe, leaving a first movement no evidence
(280 ms late; with the choice, on time).  The whole onset search on 56 MediaPipe
trials took a median of 35 ms with it, 30 ms without.

A first movement towards the side (a hesitant step that stays, or one out and back) is over
before the main movement starts: allowed to run into it, it took the quick start of an
early-peak or abrupt movement through MediaPipe for a step of its own, 60-75 ms early (a
step), and slow sway just before an abrupt start for a step out and back, 380 ms early
(benchmarks/reaction.py; the synthetic shapes were unchanged).  A counter-movement (away
from the side, a bump or a rise) may still run into the main movement, but half of it (a
rise's half, a bump's turn) comes before the main one starts, as does any first movement's:
what overlaps the main movement is the main movement's own shape.  Allowed to lie mostly
under it, a 1.9 cm "step away" four times the dip the data showed sharpened an abrupt start
through MediaPipe and put it 126 ms early.

A placebo bounds the evidence from below: the same scan, for a first movement wholly before
the stimulus (where there is none), gives the log ratio this patient's sway reaches against
the model, and a first movement after the stimulus must beat it.  The sway model is learnt
from stretches of 1.5-3 s with their drift removed, so it holds little of the slow sway
below 0.5 Hz; through MediaPipe that slow sway after the stimulus (0.6 cm over 0.6 s against
a learnt 0.12 cm) passed the bar of 20 at 23 and put an onset 792 ms early, while the 2.5 s
before that stimulus gave 28.  Through MediaPipe, the hesitant steps and counter-movements
kept reached 34-145 against placebos of 2-4; on the design shapes (30 trials each) the
placebo changes no figure.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import cho_factor, solve_triangular

from balancegame.measures.onset_fit import (
    MAX_DRIFT_CM_S,
    MINIMUM_JERK,
    FirstMovement,
    RiseFit,
    rise,
)
from balancegame.measures.sway_model import SwayModel

# Under a sway model learnt from 5-10 s, the largest log ratio of a trial without a first
# movement was 15 for the design shapes but one first-order trial (30); 16 for the demo body's
# 120 reactions with a model; a hesitant start reached it in 27 of 30 trials
# (docs/onset_detection.md).
MIN_LOG_LR = 20.0
FIRST_DURATIONS_S = np.geomspace(0.1, 0.6, 16)  # a first movement's duration (rise; a bump x2)
FIRST_STEP_S = 0.005  # its start, from the stimulus on
MAIN_SHIFT_S = np.arange(-0.15, 0.30 + 1e-9, 0.010)  # main start refitted this far from the fit
MAIN_RATIOS = np.geomspace(0.7, 1.4, 7)  # main duration refitted within these ratios


def _fits(y: np.ndarray, fixed: np.ndarray, cand: np.ndarray):
    """Least squares of ``y`` (n) on ``fixed`` (n, f) plus each candidate's columns
    (..., n, c): (sse (...), coefficients (..., f + c))."""
    x = np.concatenate([np.broadcast_to(fixed, cand.shape[:-1] + fixed.shape[-1:]), cand],
                       axis=-1)
    xtx = np.einsum("...ni,...nj->...ij", x, x) + 1e-9 * np.eye(x.shape[-1])
    coef = np.linalg.solve(xtx, np.einsum("...ni,n->...i", x, y)[..., None])[..., 0]
    sse = ((np.einsum("...ni,...i->...n", x, coef) - y) ** 2).sum(axis=-1)
    return sse, coef


def first_movement_under_sway(t_s: np.ndarray, d: np.ndarray, t_lo_s: float, main: RiseFit,
                              min_amplitude: float, sway: SwayModel,
                              first_from_s: float | None = None) -> FirstMovement | None:
    """A small first movement of either sign, before ``main``, that the data need under
    ``sway``; its ``bic_gain`` is the log likelihood ratio.  The main rise starts from
    ``t_lo_s`` on, the first movement from ``first_from_s`` (default the same)."""
    first_lo_s = t_lo_s if first_from_s is None else max(t_lo_s, first_from_s)
    if t_s.size < 12:
        return None
    cov = sway.covariance(t_s)
    cov[np.diag_indices_from(cov)] += 1e-6 * float(np.trace(cov)) / t_s.size
    chol = cho_factor(cov, lower=True)[0]

    def white(v: np.ndarray) -> np.ndarray:  # (..., n) -> whitened (..., n)
        flat = v.reshape(-1, t_s.size).T
        return solve_triangular(chol, flat, lower=True, check_finite=False).T.reshape(v.shape)

    y = white(d)
    tc = t_s - t_s.mean()
    # Whitened drift line, and where the slope coefficient can be read back.
    line = white(np.stack([np.ones_like(t_s), tc]))  # (2, n)
    main_starts = main.t_start_s + MAIN_SHIFT_S
    main_durs = main.duration_s * MAIN_RATIOS
    # H1's main rise may also be minimum-jerk where the single-rise fit preferred another
    # shape: a first movement before a minimum-jerk reach is what that shape may imitate.
    shapes = [main.shape] + ([MINIMUM_JERK] if main.shape != MINIMUM_JERK else [])
    tau = (t_s[None, None, :] - main_starts[:, None, None]) / main_durs[None, :, None]
    main_ws = [white(rise(sh, tau)) for sh in shapes]  # each (S, D, n)

    def best_main(main_w: np.ndarray, first_w: np.ndarray | None, first_start_s: float,
                  first_end_s: float, step_first: bool = False):
        """The main rise (of the shape whitened in ``main_w``) refitted, alone or with a
        first movement: (sse, start index, duration index); sse inf when none is allowed."""
        cols = [main_w[..., None]] + ([] if first_w is None else
                                      [np.broadcast_to(first_w, main_w.shape)[..., None]])
        sse, coef = _fits(y, line.T, np.concatenate(cols, axis=-1))
        ok = ((coef[..., 2] * main.amplitude > 0) & (np.abs(coef[..., 1]) <= MAX_DRIFT_CM_S)
              & (main_starts[:, None] >= t_lo_s))
        if first_w is not None and step_first:
            ok &= main_starts[:, None] >= first_end_s
        if first_w is not None:
            ok &= ((main_starts[:, None] + main_durs[None, :] / 2 >= first_end_s)
                   & (main_starts[:, None] >= first_start_s + 0.050)
                   & (main_starts[:, None] >= (first_start_s + first_end_s) / 2)
                   & (np.abs(coef[..., 3]) >= min_amplitude))
        sse = np.where(ok, sse, np.inf)
        i, j = np.unravel_index(np.argmin(sse), sse.shape)
        return float(sse[i, j]), i, j

    sse0, _, _ = best_main(main_ws[0], None, -np.inf, -np.inf)  # H0: the fit's own shape
    if not np.isfinite(sse0):
        return None
    best = None
    for mw in main_ws:
        sse_k, i, j = best_main(mw, None, -np.inf, -np.inf)
        if not np.isfinite(sse_k):  # no allowed main rise of this shape
            continue
        for _ in range(2):  # first movement given the main rise, then the main rise given it
            found = _scan_first(y, line, t_s, first_lo_s, main_starts[i], main_durs[j],
                                mw[i, j], main.amplitude, min_amplitude, white)
            if found is None:
                break
            sse1, t1, dur1, amp1, kind, first_w, end_s = found
            if best is None or sse1 < best[0]:
                best = (sse1, t1, dur1, amp1, kind, first_w, i, j, mw)
            sse_m, i, j = best_main(mw, first_w, t1, end_s,
                                    step_first=amp1 * main.amplitude > 0)
            if not np.isfinite(sse_m) or sse_m >= best[0] - 1e-12:
                break
            best = (sse_m, t1, dur1, amp1, kind, first_w, i, j, mw)
    if best is None:
        return None
    main_w = best[8]
    # A model that leaves the sway's residuals correlated (learnt from a stretch that swayed
    # less than the trial, or in another way) counts them as fewer: n (1 - r) / (1 + r).
    x = np.column_stack([line.T, main_w[best[6], best[7]], best[5]])
    resid = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    r = float(resid[:-1] @ resid[1:]) / max(float(resid @ resid), 1e-12)
    n_eff = t_s.size * (1.0 - min(max(r, 0.0), 0.95)) / (1.0 + min(max(r, 0.0), 0.95))
    log_lr = n_eff * float(np.log(sse0 / max(best[0], 1e-12)))
    if log_lr <= MIN_LOG_LR or log_lr <= _placebo_log_lr(y, line, t_s, t_lo_s, main, main_w,
                                                          main_starts, main_durs, best,
                                                          min_amplitude, white, n_eff):
        return None
    return FirstMovement(best[1], best[2], best[3], log_lr, best[4])


def _placebo_log_lr(y, line, t_s, t_lo_s, main, main_w, main_starts, main_durs, best,
                    min_amplitude, white, n_eff: float) -> float:
    """The log ratio the same test gives the best "first movement" wholly before the
    stimulus, where there is none: what this patient's sway alone reaches against the model
    (0 when the window holds too little before the stimulus)."""
    i, j = best[6], best[7]
    pre = _scan_first(y, line, t_s, float(t_s[0]), main_starts[i], main_durs[j], main_w[i, j],
                      main.amplitude, min_amplitude, white, ends_by_s=t_lo_s)
    if pre is None:
        return 0.0
    x0 = np.column_stack([line.T, main_w[i, j]])
    sse0 = float(((y - x0 @ np.linalg.lstsq(x0, y, rcond=None)[0]) ** 2).sum())
    return n_eff * float(np.log(sse0 / max(pre[0], 1e-12)))


def _scan_first(y, line, t_s, t_lo_s, main_start_s, main_dur_s, main_w, main_amp,
                min_amplitude, white, ends_by_s: float | None = None):
    """Best first movement (rise or bump) given the main rise: (sse, t1, T1, A1, kind,
    its whitened basis, when it ends) or None.  ``ends_by_s``: one that is over by then."""
    last_s = main_start_s - 0.050 if ends_by_s is None else ends_by_s - FIRST_DURATIONS_S[0]
    starts = np.arange(t_lo_s, last_s + 1e-9, FIRST_STEP_S)
    if starts.size == 0:
        return None
    tau = (t_s[None, None, :] - starts[:, None, None]) / FIRST_DURATIONS_S[None, :, None]
    fixed = np.concatenate([line, main_w[None]]).T  # (n, 3)
    best = None
    for kind, basis, lasts in (
            ("rise", rise(MINIMUM_JERK, tau), 1.0),
            ("bump", rise(MINIMUM_JERK, tau) - rise(MINIMUM_JERK, tau - 1.0), 2.0)):
        bw = white(basis)
        sse, coef = _fits(y, fixed, bw[..., None])
        ends = starts[:, None] + lasts * FIRST_DURATIONS_S[None, :]
        ok = ((np.abs(coef[..., 3]) >= min_amplitude) & (coef[..., 2] * main_amp > 0)
              & (ends <= main_start_s + main_dur_s / 2) & (np.abs(coef[..., 1]) <= MAX_DRIFT_CM_S))
        # A first movement towards the side (a hesitant step, or a step out and back) is
        # over before the main one starts; only one away from it may run into it.
        ok &= (coef[..., 3] * main_amp < 0) | (ends <= main_start_s)
        # Either way, half of it (a step's half, an out-and-back's turn) comes before the main
        # movement starts: what overlaps the main one is the main one's own shape.
        ok &= starts[:, None] + 0.5 * lasts * FIRST_DURATIONS_S[None, :] <= main_start_s
        if ends_by_s is not None:  # the placebo: wholly before the stimulus
            ok &= ends <= ends_by_s
        sse = np.where(ok, sse, np.inf)
        i, j = np.unravel_index(np.argmin(sse), sse.shape)
        if np.isfinite(sse[i, j]) and (best is None or sse[i, j] < best[0]):
            best = (float(sse[i, j]), float(starts[i]), float(FIRST_DURATIONS_S[j]),
                    float(coef[i, j, 3]), kind, bw[i, j], float(ends[i, j]))
    return best
