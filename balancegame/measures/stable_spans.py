"""Which stretches of a recording can be measured: the person in view and standing settled.

A person who leaves the view and comes back does not stand where they stood:
walking out and back in is not sway.  Measuring straight across such a gap
multiplied RMS fourfold and path length threefold on a test recording.  So
sway is measured only on *stable spans*: runs of frames with a person,
separated by gaps of more than ``max_gap_s``, without their first
``settle_s`` after a gap (re-entering, settling) and their last ``leave_s``
before one (walking out).  Each span's sway is taken about its own mean
position, and path length never crosses a gap.  What was left out is listed,
with times and reasons, so a reader can see it.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from balancegame.measures.sway import SwayMeasures, sway_measures

MAX_GAP_S = 0.5  # a longer run of frames without a person splits the recording
SETTLE_S = 2.0  # after coming back into view
LEAVE_S = 1.0  # before leaving it


def stable_spans(t_s: np.ndarray, present: np.ndarray, *, max_gap_s: float = MAX_GAP_S,
                 settle_s: float = SETTLE_S, leave_s: float = LEAVE_S
                 ) -> tuple[np.ndarray, list[dict]]:
    """(mask of the frames measured, excluded spans as {from_s, to_s, reason})."""
    t_s = np.asarray(t_s, dtype=float)
    idx = np.flatnonzero(np.asarray(present, dtype=bool))
    used = np.zeros(len(t_s), dtype=bool)
    excluded: list[dict] = []
    if len(idx) == 0:
        return used, excluded
    runs = np.split(idx, np.flatnonzero(np.diff(t_s[idx]) > max_gap_s) + 1)
    for k, run in enumerate(runs):
        lo, hi = float(t_s[run[0]]), float(t_s[run[-1]])
        keep_lo = lo + settle_s if k > 0 else lo
        keep_hi = hi - leave_s if k < len(runs) - 1 else hi
        if k > 0:
            gap_from = float(t_s[runs[k - 1][-1]])
            excluded.append({"from_s": gap_from, "to_s": lo, "reason": "nobody in view"})
            excluded.append({"from_s": lo, "to_s": min(keep_lo, hi),
                             "reason": "coming back into view: settling"})
        if k < len(runs) - 1:
            excluded.append({"from_s": max(keep_hi, keep_lo, lo), "to_s": hi,
                             "reason": "about to leave the view"})
        if keep_hi > keep_lo:
            used[run] = (t_s[run] >= keep_lo) & (t_s[run] <= keep_hi)
    excluded = [e for e in excluded if e["to_s"] > e["from_s"]]
    excluded.sort(key=lambda e: e["from_s"])
    return used, excluded


def _runs(t_s: np.ndarray, mask: np.ndarray, max_gap_s: float) -> list[np.ndarray]:
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return []
    return np.split(idx, np.flatnonzero(np.diff(t_s[idx]) > max_gap_s) + 1)


def centred_by_span(t_s: np.ndarray, ml_cm: np.ndarray, used: np.ndarray,
                    max_gap_s: float = MAX_GAP_S) -> np.ndarray:
    """``ml_cm`` about each stable span's own mean; NaN outside the spans."""
    t_s, ml = np.asarray(t_s, dtype=float), np.asarray(ml_cm, dtype=float)
    out = np.full_like(ml, np.nan)
    for run in _runs(t_s, used & np.isfinite(ml), max_gap_s):
        out[run] = ml[run] - ml[run].mean()
    return out


def sway_over_spans(t_s: np.ndarray, ml_cm: np.ndarray, used: np.ndarray,
                    max_gap_s: float = MAX_GAP_S) -> SwayMeasures | None:
    """Sway of the stable spans together: path and duration summed span by span, RMS, range
    and mean distance about each span's mean.  None with fewer than 3 samples in all."""
    t_s = np.asarray(t_s, dtype=float)
    runs = [r for r in _runs(t_s, used & np.isfinite(ml_cm), max_gap_s) if len(r) >= 3]
    parts = [sway_measures(t_s[r], np.asarray(ml_cm, dtype=float)[r]) for r in runs]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    centred = centred_by_span(t_s, ml_cm, used, max_gap_s)
    d = centred[np.isfinite(centred)]
    path_cm = sum(p.path_length_cm for p in parts)
    duration_s = sum(p.duration_s for p in parts)
    mean_dist_cm = float(np.abs(d).mean())
    return replace(
        parts[0], n_samples=len(d), duration_s=duration_s, path_length_cm=path_cm,
        mean_velocity_cm_s=path_cm / duration_s, rms_ml_cm=float(np.sqrt(np.mean(d**2))),
        range_ml_cm=float(d.max() - d.min()), mean_distance_cm=mean_dist_cm,
        mean_frequency_hz=(path_cm / (2 * math.pi * mean_dist_cm * duration_s)
                           if mean_dist_cm > 0 else 0.0),
        notes=[*parts[0].notes, f"measured on {len(parts)} stable spans, each about its own "
                                "mean position; path length does not cross the gaps"])
