"""The neutral stance: a short quiet stand that learns the patient's middle, body scale and
own sway.

Protocol (calibration/README.md): ``NEUTRAL_S`` of standing (or sitting) still, facing the
camera.  From it:

* the **middle**: the median CoM position (ML, cm on the image-fixed origin of this
  session: the limits are measured from it);
* the patient's **own sway** (the standard quiet-stance measures, :mod:`balancegame.measures.sway`)
  and from it the **movement threshold**: ``THRESHOLD_RMS_FACTOR`` x the ML sway RMS, at
  least ``MIN_THRESHOLD_CM``.  A displacement under it is the patient's own sway, not a
  movement (a limits-of-stability try must go beyond it to count);
* the **body scale**: cm per pixel from the patient's stored height (the trunk is
  0.288 x height, body/scale.py), checked against MediaPipe's world landmarks (the
  model's typical-adult size: the ratio of the two is stored, never used to scale).

It fails, and stores nothing, when the patient was out of view for too much of it, or
moved too much to be called still (they are asked to try again first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.body.scale import WORLD_METHOD
from balancegame.calibrating.record import figure
from balancegame.measures.sway import METHOD as SWAY_METHOD
from balancegame.measures.sway import sway_measures

NEUTRAL_S = 10.0  # the quiet stand
MIN_PRESENT_SHARE = 0.9  # of the samples must show the patient
MAX_RANGE_CM = 8.0  # more ML range than this is not standing still
THRESHOLD_RMS_FACTOR = 3.0
MIN_THRESHOLD_CM = 1.0
MIN_SAMPLES = 20


@dataclass(frozen=True)
class NeutralResult:
    problem: str  # "" when it measured; else "out_of_view", "not_still" or "too_short"
    middle_cm: float | None = None
    threshold_cm: float | None = None
    results: dict | None = None  # what is stored, every figure with unit and method

    @property
    def ok(self) -> bool:
        return not self.problem


def neutral_stance(t_s: np.ndarray, ml_cm: np.ndarray, ml_raw_cm: np.ndarray,
                   present: np.ndarray, *, cm_per_px: float, scale_method: str,
                   world_cm_per_px: np.ndarray, mode: str) -> NeutralResult:
    """The neutral stance from its samples (capture times, filtered and raw CoM ML in cm,
    whether the patient was seen) and the scale the tracker used; ``world_cm_per_px``:
    the world-landmark scale of each frame that had world landmarks (may be empty)."""
    t_s, present = np.asarray(t_s, float), np.asarray(present, bool)
    if len(t_s) < MIN_SAMPLES:
        return NeutralResult("too_short")
    if present.mean() < MIN_PRESENT_SHARE:
        return NeutralResult("out_of_view")
    t, ml, raw = t_s[present], np.asarray(ml_cm, float)[present], \
        np.asarray(ml_raw_cm, float)[present]
    keep = np.isfinite(ml) & np.isfinite(raw)
    t, ml, raw = t[keep], ml[keep], raw[keep]
    if len(t) < MIN_SAMPLES:
        return NeutralResult("too_short")
    if float(np.ptp(ml)) > MAX_RANGE_CM:
        return NeutralResult("not_still")
    sway = sway_measures(t, raw)
    threshold = max(MIN_THRESHOLD_CM, THRESHOLD_RMS_FACTOR * sway.rms_ml_cm)
    middle = float(np.median(ml))
    world = np.asarray(world_cm_per_px, float)
    world = world[np.isfinite(world)]
    world_value = float(np.median(world)) if len(world) else None
    results = {
        "mode": mode,
        "duration_s": figure(float(t[-1] - t[0]), "s", "capture clock, first to last sample"),
        "middle_ml_cm": figure(middle, "cm", "median CoM ML during the quiet stand "
                               "(image-fixed origin of that session)"),
        "sway_rms_ml_cm": figure(sway.rms_ml_cm, "cm", SWAY_METHOD + "; unfiltered"),
        "sway_range_ml_cm": figure(sway.range_ml_cm, "cm", SWAY_METHOD + "; unfiltered"),
        "sway_mean_velocity_cm_s": figure(sway.mean_velocity_cm_s, "cm/s",
                                          SWAY_METHOD + "; unfiltered (jitter inflates it)"),
        "movement_threshold_cm": figure(threshold, "cm", f"{THRESHOLD_RMS_FACTOR:g} x sway RMS "
                                        f"ML, at least {MIN_THRESHOLD_CM:g} cm"),
        "cm_per_px": figure(cm_per_px, "cm/px", scale_method),
        "world_landmarks_cm_per_px": figure(
            world_value, "cm/px", WORLD_METHOD if world_value is not None
            else "no world landmarks from the pose model in these frames", frames=len(world)),
        "world_to_height_ratio": figure(
            None if world_value is None or not cm_per_px else world_value / cm_per_px, "",
            "world-landmark scale / height scale: a check, not used to scale"),
        "n_samples": len(t),
    }
    return NeutralResult("", middle, threshold, results)
