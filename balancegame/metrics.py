"""Standard sway measures on a CoM trajectory sampled at known timestamps.

Definitions follow ../shared/CLINICAL.md (Prieto et al. 1996 for the classic
set).  Inputs are positions in cm and capture times in s; no frame rate is
assumed.  ``ap_cm`` may be ``None`` (a single frontal camera gives no reliable
depth); then only medio-lateral (ML) measures are computed and every planar
measure is reported as ``None`` with the reason in ``notes``.

95 % ellipse: the *confidence* ellipse of the mean position's scatter,
area = 2 pi F(0.95; 2, n-2) sqrt(s_ml^2 s_ap^2 - cov^2) with sample (n-1)
variances; the prediction-ellipse variant would multiply this by
(n+1)(n-1)/(n(n-2)).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

METHOD = "CoM from de Leva segment model on MediaPipe landmarks; single camera, frontal plane"


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


def sway_measures(t_s: np.ndarray, ml_cm: np.ndarray, ap_cm: np.ndarray | None = None
                  ) -> SwayMeasures | None:
    """Measures of one trajectory; NaN samples are dropped; None if < 3 samples."""
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
        notes.append("ML only: depth (AP) from one camera is not reliable enough to report")
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
