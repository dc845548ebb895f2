"""Movement onset and reaction time, on the capture clock.

Reaction time = movement onset (capture time of the first frame in which the
body had started to move) - stimulus onset (the display flip that first
showed the stimulus).  Both are stamps of the one monotonic clock, so camera
and pose latency are not counted as the patient's slowness.

Onset detection: the patient's own sway in the ``baseline_s`` before the
stimulus sets the noise level.  A movement is detected when the displacement
towards the asked-for side exceeds ``max(k_detect * sd, min_detect_cm)`` for
``confirm_samples`` samples in a row; a smooth human start crosses any such
threshold late, so the onset is then taken back to the last sample at which
the displacement was still within the baseline band
(``max(k_band * sd, min_band_cm)``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Onset:
    t_onset_s: float | None  # None: no movement found in the window
    baseline_cm: float
    baseline_sd_cm: float
    threshold_cm: float
    band_cm: float


def detect_movement_onset(
    t_s: np.ndarray,
    x_cm: np.ndarray,
    t_stimulus_s: float,
    direction: int,
    *,
    window_s: float = 3.0,
    baseline_s: float = 1.0,
    k_detect: float = 4.0,
    min_detect_cm: float = 1.5,
    k_band: float = 1.5,
    min_band_cm: float = 0.3,
    confirm_samples: int = 2,
) -> Onset:
    """Find when ``x_cm`` (ML position, samples at ``t_s``) started moving in ``direction``.

    ``direction`` is +1 (towards the patient's right) or -1.  Samples must be
    in time order; NaN samples (no person) are ignored.
    """
    t_s = np.asarray(t_s, dtype=float)
    x_cm = np.asarray(x_cm, dtype=float)
    ok = np.isfinite(x_cm) & np.isfinite(t_s)
    t_s, x_cm = t_s[ok], x_cm[ok]
    base = (t_s >= t_stimulus_s - baseline_s) & (t_s < t_stimulus_s)
    if base.sum() >= 3:
        mean_cm, sd_cm = float(np.mean(x_cm[base])), float(np.std(x_cm[base]))
    elif base.any():
        mean_cm, sd_cm = float(np.mean(x_cm[base])), 0.0
    else:
        before = t_s < t_stimulus_s
        if not before.any():
            return Onset(None, float("nan"), float("nan"), float("nan"), float("nan"))
        mean_cm, sd_cm = float(x_cm[before][-1]), 0.0
    threshold_cm = max(k_detect * sd_cm, min_detect_cm)
    band_cm = max(k_band * sd_cm, min_band_cm)
    win = (t_s >= t_stimulus_s) & (t_s <= t_stimulus_s + window_s)
    idx = np.flatnonzero(win)
    d_cm = (x_cm - mean_cm) * direction
    run = 0
    for i in idx:
        run = run + 1 if d_cm[i] > threshold_cm else 0
        if run == confirm_samples:
            first = i - confirm_samples + 1
            j = first
            while j - 1 >= idx[0] and d_cm[j - 1] > band_cm:
                j -= 1
            # j is the first sample outside the band on this excursion; the
            # movement began after the sample before it, within one frame.
            t_onset = t_s[j - 1] if j - 1 >= idx[0] else t_s[j]
            return Onset(float(max(t_onset, t_stimulus_s)), mean_cm, sd_cm, threshold_cm,
                         band_cm)
    return Onset(None, mean_cm, sd_cm, threshold_cm, band_cm)
