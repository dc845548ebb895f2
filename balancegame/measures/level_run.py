"""Figures of one level run that every challenge type shares, from its samples and trials.

Pure numpy on the trajectory's own capture timestamps: reaction-time summary,
sway during the countdown's quiet standing and over the whole level (the
unfiltered CoM, zero-phase filtered: no lag in stored figures), and the base of
support.  Each type adds its own figures (``Challenge.summary``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from balancegame.measures.reaction import detect_movement_onset
from balancegame.measures.sway import sway_summary
from balancegame.measures.sway_model import SwayModel
from balancegame.messages import BodySignals


def _finite(fn: Callable[[np.ndarray], Any], values: np.ndarray) -> float | None:
    values = values[np.isfinite(values)]
    return float(fn(values)) if values.size else None


def level_run_figures(samples: Sequence[BodySignals], trials: Sequence[dict[str, Any]],
                      t_start_s: float | None, countdown_s: float) -> dict[str, Any]:
    """``trials``: dicts with ``outcome`` and ``rt_ms`` (None where not measured)."""
    outcomes = [t["outcome"] for t in trials]
    rts = [t["rt_ms"] for t in trials if t["rt_ms"] is not None]
    t = np.array([s.t_capture_s for s in samples])
    x_raw = np.array([s.com_ml_raw_cm for s in samples])
    start_s = t_start_s if t_start_s is not None else np.inf
    quiet = (t >= start_s) & (t < start_s + countdown_s)
    bos_w = np.array([s.bos_width_cm for s in samples], dtype=float)
    bos_m = np.array([s.bos_margin_cm for s in samples], dtype=float)
    return {
        "n_trials": len(outcomes),
        "outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
        "rt_ms_median": float(np.median(rts)) if rts else None,
        "rt_ms_mean": float(np.mean(rts)) if rts else None,
        "n_rt": len(rts),
        # Movement trials whose onset was not found or not a reaction: no RT, never a 0.
        "n_movement_trials_without_rt": sum(
            1 for t in trials if t["rt_ms"] is None and "onset_method" in t.get("detail", {})),
        "sway_countdown_ml": sway_summary(t[quiet], x_raw[quiet]),
        "movement_level_ml": sway_summary(t, x_raw),
        # Base of support (ML, cm); the margin is a trend measure only (+/- 5 cm).
        "bos_width_cm_median": _finite(np.median, bos_w),
        "bos_margin_cm_min": _finite(np.min, bos_m),
        "bos_margin_cm_median": _finite(np.median, bos_m),
    }


def movement_response(samples: Sequence[BodySignals], onset_s: float, sign: int,
                      sway: SwayModel | None = None
                      ) -> tuple[float | None, float | None, dict[str, Any]]:
    """(movement onset on the capture clock, peak displacement towards ``sign``, detail).

    The search runs up to the newest sample (the trial is resolved), at least
    3 s: a dual-task answer may start later than a dodge.  ``sway``: the patient's sway
    learnt in the level's quiet standing, for the first-movement test (None: without).
    """
    t = np.array([s.t_capture_s for s in samples])
    x = np.array([s.com_ml_raw_cm for s in samples])
    window_s = max(3.0, float(t[-1]) - onset_s) if t.size else 3.0
    onset = detect_movement_onset(t, x, onset_s, sign, window_s=window_s, sway=sway)
    after = (t >= onset_s) & np.isfinite(x)
    peak_cm = (float(np.max((x[after] - onset.baseline_cm) * sign))
               if after.any() and np.isfinite(onset.baseline_cm) else None)
    detail = {"baseline_sd_cm": onset.baseline_sd_cm, "onset_threshold_cm": onset.threshold_cm,
              "onset_method": onset.method,
              "sway_model_s": None if sway is None else round(sway.span_s, 1),
              "sway_model_borrowed_s": None if sway is None else round(sway.borrowed_s, 1)}
    return onset.t_onset_s, peak_cm, detail
