"""The noise of the quiet standing before a stimulus, as the onset fits need it.

The evidence a fit gives for a movement (BIC in :mod:`balancegame.measures.onset_fit` and
:mod:`balancegame.measures.first_movement`) depends on how many independent residuals it
has.  Sway and a camera's jitter are correlated from frame to frame, so the count is the
*effective* number ``n (1 - r) / (1 + r)``, r the lag-1 autocorrelation (an AR(1) noise).
It is measured here on the baseline - the samples before the stimulus, with their drift
line removed - and not on a fit's own residuals: a model that leaves out a real first
movement has residuals correlated by that very movement, and counting them as fewer made
a 1 cm hesitant start look unneeded.  The SD is the median absolute deviation scaled to a
Gaussian SD, so one bad frame does not widen it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_BASELINE_SAMPLES = 8  # fewer: no noise estimate (the fits fall back on their residuals)
MAX_LAG1_R = 0.95  # above this the AR(1) count is meaningless; keeps n_eff > n / 39
MAD_TO_SD = 1.4826  # a Gaussian's SD / its median absolute deviation


@dataclass(frozen=True)
class BaselineNoise:
    """Noise about the drift line of the baseline samples."""

    sd_cm: float  # robust SD of the residuals
    lag1_r: float  # their lag-1 autocorrelation, clipped to [0, MAX_LAG1_R]
    n: int  # samples it was measured on

    tau: float = 0.0  # integrated autocorrelation time in samples (0: use the AR(1) count)

    def effective_n(self, n: int) -> float:
        """How many independent residuals ``n`` samples of this noise are worth (at least 4)."""
        if self.tau > 0:
            return max(4.0, n / self.tau)
        return max(4.0, n * (1.0 - self.lag1_r) / (1.0 + self.lag1_r))


def lag1_autocorrelation(resid: np.ndarray) -> float:
    """Lag-1 autocorrelation of ``resid``, clipped to [0, MAX_LAG1_R] (0 when undefined)."""
    resid = np.asarray(resid, dtype=float)
    if resid.size < 4:
        return 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        r = float(np.corrcoef(resid[:-1], resid[1:])[0, 1])
    return min(max(r if np.isfinite(r) else 0.0, 0.0), MAX_LAG1_R)


def baseline_noise(t_s: np.ndarray, x_cm: np.ndarray) -> BaselineNoise | None:
    """Noise of the baseline samples (finite, in time order); None if too few."""
    t_s, x_cm = np.asarray(t_s, dtype=float), np.asarray(x_cm, dtype=float)
    if t_s.size < MIN_BASELINE_SAMPLES or np.ptp(t_s) <= 0:
        return None
    tc = t_s - t_s.mean()
    slope = float(tc @ (x_cm - x_cm.mean()) / (tc @ tc))
    resid = x_cm - x_cm.mean() - slope * tc
    sd = MAD_TO_SD * float(np.median(np.abs(resid - np.median(resid))))
    return BaselineNoise(sd, lag1_autocorrelation(resid), int(t_s.size),
                         integrated_time(resid))


def integrated_time(resid: np.ndarray) -> float:
    """1 + 2 sum of the autocorrelations up to the first that is not positive (samples)."""
    r = np.asarray(resid, dtype=float) - np.mean(resid)
    var = float(r @ r)
    if var <= 0 or r.size < 4:
        return 1.0
    tau = 1.0
    for k in range(1, r.size // 2):
        rho = float(r[:-k] @ r[k:]) / var
        if rho <= 0:
            break
        tau += 2.0 * rho
    return tau
