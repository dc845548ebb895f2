"""Movement onset and reaction time, on the capture clock.

Reaction time = movement onset (when the body started to move, on the frames'
capture clock) - stimulus onset (the display flip that first showed the
stimulus, plus the display's measured delay where it can be separated:
game/display_delay.py).  Both are stamps of the one monotonic clock, so pose
and processing latency are never counted as the patient's slowness; how much of
the camera's own delay is kept out depends on its timestamps
(capture/timing.py).  README "What a reaction time includes" has the figures.

Onset detection: the patient's own sway in the ``baseline_s`` before the
stimulus sets the noise level.  A movement is detected when the displacement
towards the asked-for side exceeds ``max(k_detect * sd, min_detect_cm)`` for
``confirm_samples`` samples in a row; a smooth human start crosses any such
threshold late, so the onset is then taken back to where the movement left its
baseline by a fit of a family of smooth rises over a drifting baseline
(:mod:`balancegame.measures.onset_fit`: the minimum-jerk curve, or another member of the
family when it fits better by more than its extra parameters cost), from 0.5 s before
the stimulus to the first peak; its start time is the onset.  The fit uses every sample of
the rise, so it is neither late like a threshold nor thrown by one noisy sample.  If the
fit fails (too few samples), the onset falls back to the last sample still within the
baseline band (``max(k_band * sd, min_band_cm)``); ``method`` says which was used.

A small first movement before the main one (a hesitant start, a counter-movement) replaces
the onset when the data need it: without ``sway`` by BIC on the fit's own residuals
(:func:`~balancegame.measures.onset_fit.fit_first_movement`); with the patient's sway learnt
in the level's quiet standing (:mod:`balancegame.measures.sway_model`) by a likelihood ratio
under its covariance (:mod:`balancegame.measures.first_movement_gls`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.measures.first_movement_gls import first_movement_under_sway
from balancegame.measures.onset_fit import fit_first_movement, fit_onset
from balancegame.measures.sway_model import SwayModel

# A whole-body movement that starts sooner than this after the stimulus was not a reaction
# to it: the body was already moving (sway, drift, the last trial's return) or anticipated.
# Voluntary reactions of the CoM take 150 ms or more; 100 ms is the usual anticipation cut.
MIN_REACTION_S = 0.100
FIT_BASELINE_S = 0.5  # of quiet standing before the stimulus in the onset fit
SWAY_FIT_BASELINE_S = 2.5  # before the stimulus, in the first-movement test under a sway model
SWAY_BAND_SD = 4.0  # ... but not before a sample this many sway SDs from the baseline
FIT_AFTER_DETECTION_S = 1.5  # at most, of the rise after its detection (a drift goes on)


@dataclass(frozen=True)
class Onset:
    t_onset_s: float | None  # None: no movement found in the window
    baseline_cm: float
    baseline_sd_cm: float
    threshold_cm: float
    band_cm: float
    method: str = ""


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
    sway: SwayModel | None = None,
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
            # j is the first sample outside the band on this excursion.
            t_band = t_s[j - 1] if j - 1 >= idx[0] else t_s[j]
            # Fit window: from before the stimulus (the drift line needs a baseline) up to
            # the first peak.
            k = i
            while (k + 1 <= idx[-1] and d_cm[k + 1] >= d_cm[k] - band_cm
                   and t_s[k + 1] <= t_s[i] + FIT_AFTER_DETECTION_S):
                k += 1
            fit = (t_s >= t_stimulus_s - FIT_BASELINE_S) & (t_s <= t_s[k])
            rise, fit_name = fit_onset(t_s[fit], d_cm[fit], t_stimulus_s, t_s[i])
            t_onset, method = ((rise.t_start_s, fit_name) if rise is not None else
                               (float(max(t_band, t_stimulus_s)), "baseline band"))
            # A first movement is part of the reaction: like any, it starts 100 ms or more
            # after the stimulus (one found sooner was sway, or anticipation).
            soon_s = t_stimulus_s + MIN_REACTION_S
            if rise is not None:  # a hesitant start or a counter-movement before it?
                if sway is None:
                    pre = fit_first_movement(t_s[fit], d_cm[fit], soon_s, rise, band_cm)
                else:
                    # From after the last pre-stimulus sample far from the baseline (the
                    # last trial's return must not be taken for sway), 0.5 s at least.
                    far = np.flatnonzero((t_s >= t_stimulus_s - SWAY_FIT_BASELINE_S)
                                         & (t_s < t_stimulus_s - FIT_BASELINE_S)
                                         & (np.abs(d_cm) > SWAY_BAND_SD * sway.sd_cm))
                    t_from = (t_s[far[-1]] + 1e-9 if far.size else
                              t_stimulus_s - SWAY_FIT_BASELINE_S)
                    gls = (t_s >= t_from) & (t_s <= t_s[k])
                    pre = first_movement_under_sway(t_s[gls], d_cm[gls], t_stimulus_s, rise,
                                                    band_cm, sway, first_from_s=soon_s)
                if pre is not None:
                    t_onset = pre.t_start_s
                    method = (f"{fit_name}, after a first small movement "
                              f"{'towards' if pre.amplitude > 0 else 'away from'} the side")
            # Anticipation (no reaction time: NULL, never 0): already past the detection
            # threshold just after the stimulus, or both the fit and the band put the start
            # there.  Not the fit alone (it starts early for abrupt moves), nor the band
            # alone (sway may wander out of it before a real reaction).
            if t_s[first] < soon_s or (t_onset < soon_s and t_band < soon_s):
                return Onset(None, mean_cm, sd_cm, threshold_cm, band_cm,
                             f"anticipation: moving within {MIN_REACTION_S * 1e3:.0f} ms of "
                             "the stimulus, no reaction time")
            return Onset(t_onset, mean_cm, sd_cm, threshold_cm, band_cm, method)
    return Onset(None, mean_cm, sd_cm, threshold_cm, band_cm)
