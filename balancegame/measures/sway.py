"""Standard sway measures on a CoM trajectory sampled at known timestamps; dual-task effect.

Definitions follow ../shared/CLINICAL.md (Prieto et al. 1996, "Measures of
postural steadiness", IEEE Trans Biomed Eng 43:956-66, for the classic set).
Inputs are positions in cm and capture times in s; no frame rate is assumed.
``ap_cm`` may be ``None`` (a single frontal camera gives no reliable depth:
benchmarks/accuracy.py measures it); then only medio-lateral (ML) measures are
computed and every planar measure is ``None`` with the reason in ``notes``.

Jitter inflates path length, velocity and frequency and smoothing shrinks
them: pass a trajectory filtered as benchmarks/accuracy.py validated (the
offline zero-phase filter of balancegame.body.filters).

95 % ellipse: Prieto's "95 % confidence ellipse" formula,
area = 2 pi F(0.95; 2, n-2) sqrt(s_ml^2 s_ap^2 - cov^2) with sample (n-1)
variances (see ELLIPSE_VARIANT).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

METHOD = "CoM from de Leva segment model on MediaPipe landmarks; single camera, frontal plane"
ELLIPSE_VARIANT = (
    "Prieto 1996 '95% confidence ellipse': 2*pi*F(0.95;2,n-2)*sqrt(s_ml^2*s_ap^2-cov^2), "
    "sample (n-1) (co)variances; the prediction-ellipse variant (Schubert & Kirchner 2014) "
    "is larger by (n+1)(n-1)/(n(n-2)); chi-square variants use 5.991 instead of 2*F")
ML_ONLY_NOTE = "ML only: depth (AP) from one camera is not reliable enough to report"

# name -> (unit, definition), for reports that must state both beside each number.
MEASURE_INFO: dict[str, tuple[str, str]] = {
    "n_samples": ("samples", "samples with a finite position"),
    "duration_s": ("s", "last minus first capture time"),
    "path_length_cm": ("cm", "sum of distances between successive samples"),
    "mean_velocity_cm_s": ("cm/s", "path length / duration"),
    "rms_ml_cm": ("cm", "root mean square ML distance from the mean position"),
    "range_ml_cm": ("cm", "max - min of ML position"),
    "mean_distance_cm": ("cm", "mean distance from the mean position (ML only: |ML - mean|)"),
    "mean_frequency_hz": ("Hz", "path length / (2 pi mean distance duration)"),
    "rms_ap_cm": ("cm", "root mean square AP distance from the mean position"),
    "rms_planar_cm": ("cm", "root mean square planar distance from the mean position"),
    "range_ap_cm": ("cm", "max - min of AP position"),
    "ellipse95_area_cm2": ("cm^2", ELLIPSE_VARIANT),
}


def f_quantile_95(dfn: int, dfd: int) -> float:
    """F(0.95; dfn, dfd); closed form for dfn = 2 (the only case used here)."""
    if dfn != 2:
        raise ValueError("only dfn=2 is implemented")
    # For dfn=2 the F CDF is 1 - (1 + 2x/dfd)^(-dfd/2): solve for 0.95.
    return dfd / 2.0 * (0.05 ** (-2.0 / dfd) - 1.0)


@dataclass(frozen=True)
class SwayMeasures:
    n_samples: int
    duration_s: float
    path_length_cm: float
    mean_velocity_cm_s: float
    rms_ml_cm: float
    range_ml_cm: float
    mean_distance_cm: float
    mean_frequency_hz: float
    rms_ap_cm: float | None = None
    rms_planar_cm: float | None = None
    range_ap_cm: float | None = None
    ellipse95_area_cm2: float | None = None
    method: str = METHOD
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def with_units(self) -> dict[str, dict]:
        """{measure: {"value", "unit", "definition"}} for every measure."""
        return {name: {"value": getattr(self, name), "unit": unit, "definition": definition}
                for name, (unit, definition) in MEASURE_INFO.items()}


def sway_measures(t_s: np.ndarray, ml_cm: np.ndarray, ap_cm: np.ndarray | None = None
                  ) -> SwayMeasures | None:
    """Measures of one trajectory; NaN samples are dropped; None if < 3 samples.

    Path length sums the steps between successive *finite* samples, so a gap
    (the person out of view) counts as one straight step across it.
    """
    t_s = np.asarray(t_s, dtype=float)
    ml = np.asarray(ml_cm, dtype=float)
    ok = np.isfinite(t_s) & np.isfinite(ml)
    ap = None
    if ap_cm is not None:
        ap = np.asarray(ap_cm, dtype=float)
        ok &= np.isfinite(ap)
        ap = ap[ok]
    t_s, ml = t_s[ok], ml[ok]
    n = len(t_s)
    if n < 3 or t_s[-1] <= t_s[0]:
        return None
    duration_s = float(t_s[-1] - t_s[0])
    d_ml = ml - ml.mean()
    notes: list[str] = []
    if ap is None:
        steps = np.abs(np.diff(ml))
        dist = np.abs(d_ml)
        notes.append(ML_ONLY_NOTE)
    else:
        d_ap = ap - ap.mean()
        steps = np.hypot(np.diff(ml), np.diff(ap))
        dist = np.hypot(d_ml, d_ap)
    path_cm = float(steps.sum())
    mean_dist_cm = float(dist.mean())
    mean_freq = path_cm / (2 * math.pi * mean_dist_cm * duration_s) if mean_dist_cm > 0 else 0.0
    extra: dict = {}
    if ap is not None:
        d_ap = ap - ap.mean()
        cov = np.cov(np.vstack([ml, ap]), ddof=1)
        det = max(cov[0, 0] * cov[1, 1] - cov[0, 1] ** 2, 0.0)
        extra = dict(
            rms_ap_cm=float(np.sqrt(np.mean(d_ap**2))),
            rms_planar_cm=float(np.sqrt(np.mean(d_ml**2 + d_ap**2))),
            range_ap_cm=float(ap.max() - ap.min()),
            ellipse95_area_cm2=float(2 * math.pi * f_quantile_95(2, n - 2) * math.sqrt(det)),
        )
    return SwayMeasures(
        n_samples=n,
        duration_s=duration_s,
        path_length_cm=path_cm,
        mean_velocity_cm_s=path_cm / duration_s,
        rms_ml_cm=float(np.sqrt(np.mean(d_ml**2))),
        range_ml_cm=float(ml.max() - ml.min()),
        mean_distance_cm=mean_dist_cm,
        mean_frequency_hz=float(mean_freq),
        notes=notes,
        **extra,
    )


@dataclass(frozen=True)
class SwayWindow:
    """Measures of one window [t_start_s, t_end_s) of a longer trajectory."""

    index: int
    t_start_s: float
    t_end_s: float
    measures: SwayMeasures | None  # None: fewer than 3 samples (person out of view)

    def row(self) -> dict:
        """One flat table row: index, times and every measure that has a value."""
        row = {"index": self.index, "t_start_s": self.t_start_s, "t_end_s": self.t_end_s}
        if self.measures is not None:
            row.update({k: getattr(self.measures, k) for k in MEASURE_INFO
                        if getattr(self.measures, k) is not None})
        return row


def windowed_sway(t_s: np.ndarray, ml_cm: np.ndarray, ap_cm: np.ndarray | None = None, *,
                  window_s: float = 10.0, min_fraction: float = 0.5) -> list[SwayWindow]:
    """Measures of consecutive, non-overlapping ``window_s`` windows from the first sample.

    Within-session decline (fatigability) shows as a trend across windows.
    A final partial window is kept only if it spans at least ``min_fraction``
    of ``window_s`` (shorter ones would not be comparable: path length grows
    with duration); its ``t_end_s`` is then its last sample's time.
    """
    if window_s <= 0:
        raise ValueError(f"window_s={window_s}: must be positive")
    t_s = np.asarray(t_s, dtype=float)
    ml = np.asarray(ml_cm, dtype=float)
    ap = None if ap_cm is None else np.asarray(ap_cm, dtype=float)
    finite = np.isfinite(t_s)
    if not finite.any():
        return []
    t0, t_last = float(t_s[finite].min()), float(t_s[finite].max())
    windows = []
    k = 0
    while t0 + k * window_s <= t_last:
        lo = t0 + k * window_s
        hi = lo + window_s
        if hi > t_last and t_last - lo < min_fraction * window_s:
            break
        sel = (t_s >= lo) & (t_s < hi)
        m = sway_measures(t_s[sel], ml[sel], None if ap is None else ap[sel])
        windows.append(SwayWindow(k, lo, min(hi, t_last), m))
        k += 1
    return windows


def window_trend_per_min(windows: list[SwayWindow], name: str) -> float | None:
    """Least-squares slope of measure ``name`` against window mid-time, per minute.

    For fatigability: e.g. mean velocity rising by x cm/s per minute of play.
    None with fewer than 3 windows that have the measure.
    """
    pts = [((w.t_start_s + w.t_end_s) / 2, getattr(w.measures, name)) for w in windows
           if w.measures is not None and getattr(w.measures, name) is not None]
    if len(pts) < 3:
        return None
    t, v = np.array(pts, dtype=float).T
    return float(np.polyfit(t / 60.0, v, 1)[0])


def dual_task_effect(single: float, dual: float, higher_is_better: bool) -> float:
    """Dual-task effect (DTE) in %, signed so that NEGATIVE = a dual-task COST.

    DTE = (dual - single) / single x 100 when higher is better (correct
    answers, response rate), and the negative of that when higher is worse
    (sway, reaction time).  So a worsening under the dual task is always
    negative and an improvement positive, whichever the measure: the
    convention of Plummer & Eskes 2015 (Front Hum Neurosci 9:225) and Kelly
    et al. 2010.  Examples: sway 2 -> 3 cm: -50 %; correct answers 20 -> 15:
    -25 %; reaction time 500 -> 600 ms: -20 %.

    ``single`` must be a positive, finite baseline (a ratio to 0 is undefined).
    """
    single, dual = float(single), float(dual)
    if not (math.isfinite(single) and math.isfinite(dual)) or single <= 0:
        raise ValueError(f"dual-task effect needs a positive single-task value and a finite "
                         f"dual-task value (got single={single}, dual={dual})")
    change_pct = (dual - single) / single * 100.0
    return change_pct if higher_is_better else -change_pct


def sway_summary(t_s: np.ndarray, ml_raw_cm: np.ndarray, *, window_s: float = 10.0
                 ) -> dict | None:
    """Sway of a stretch of play (e.g. a level run), as it should be stored.

    The *unfiltered* CoM ML trajectory is filtered zero-phase (the offline
    filter validated by benchmarks/accuracy.py: no lag, jitter removed), then
    measured whole and in consecutive ``window_s`` windows with their trends.
    Every unit and method is in the result.  None if < 3 samples.
    """
    from balancegame.body.filters import OFFLINE_CUTOFF_HZ, describe_zero_phase, zero_phase_lowpass

    t_s = np.asarray(t_s, dtype=float)
    ml = zero_phase_lowpass(t_s, np.asarray(ml_raw_cm, dtype=float), OFFLINE_CUTOFF_HZ)
    whole = sway_measures(t_s, ml)
    if whole is None:
        return None
    windows = windowed_sway(t_s, ml, window_s=window_s)
    return {
        "method": METHOD,
        "filter": describe_zero_phase(OFFLINE_CUTOFF_HZ),
        "units": {k: u for k, (u, _) in MEASURE_INFO.items()},
        "whole": whole.as_dict(),
        "window_s": window_s,
        "windows": [w.row() for w in windows],
        "trend_per_min": {name: window_trend_per_min(windows, name)
                          for name in ("mean_velocity_cm_s", "rms_ml_cm", "range_ml_cm")},
    }
