"""The report's plots of one level run, drawn with matplotlib's Agg backend (no screen) and
embedded in the page as base64 PNG: the file needs nothing else to show them.

Every axis has its unit.  Colours are told apart by marker and line style as well, so a
black-and-white print keeps them apart.  Inputs are plain arrays (pure: the sections
module turns stored rows into them).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # before pyplot: files only, never a window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Ellipse  # noqa: E402

from balancegame.body.filters import OFFLINE_CUTOFF_HZ, zero_phase_lowpass  # noqa: E402
from balancegame.measures.sway import f_quantile_95  # noqa: E402

DPI = 100
WIDTH_IN = 8.5  # in print 17 cm wide: the type stays about 9 pt
PNG_STYLE = {"font.size": 13, "axes.titlesize": 14, "axes.labelsize": 13,
             "legend.fontsize": 11, "xtick.labelsize": 12, "ytick.labelsize": 12,
             "font.family": "DejaVu Sans", "axes.grid": True, "grid.alpha": 0.3,
             "figure.facecolor": "white", "axes.facecolor": "white",
             "savefig.facecolor": "white"}
GOOD = ("avoided", "reached", "correct", "completed")
GOOD_STYLE = {"color": "#1f5fa8", "marker": "o"}
BAD_STYLE = {"color": "#d55e00", "marker": "X"}
PAUSE_COLOUR = "#f0b43c"


def png(fig) -> str:
    """The figure as a base64 PNG (the figure is closed)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def stabilogram(t_s: np.ndarray, ml_raw_cm: np.ndarray, countdown_s: float,
                onsets: Sequence[tuple[float, str]], pauses: Sequence[tuple[float, float, str]]
                ) -> str | None:
    """ML position against time in the level (s from its start).  ``onsets``: (time,
    outcome) of each stimulus; ``pauses``: (start, end, words) spans.  None when fewer
    than 3 samples had a person in view."""
    ok = np.isfinite(ml_raw_cm)
    if ok.sum() < 3:
        return None
    filtered = zero_phase_lowpass(t_s, ml_raw_cm, OFFLINE_CUTOFF_HZ)
    quiet = ok & (t_s < countdown_s)
    middle = float(np.nanmedian(filtered[quiet] if quiet.sum() >= 3 else filtered[ok]))
    with plt.rc_context(PNG_STYLE):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, 4.8), constrained_layout=True)
        ax.axvspan(0, countdown_s, color="0.88", lw=0, label="countdown (standing still)")
        for i, (a, b, words) in enumerate(pauses):
            ax.axvspan(a, b, color=PAUSE_COLOUR, alpha=0.35, lw=0, hatch="//",
                       label="paused" if i == 0 else None)
            ax.text(a, 1.0, f" {words}", transform=ax.get_xaxis_transform(), va="top",
                    fontsize=11, color="0.25")
        ax.plot(t_s, ml_raw_cm - middle, color="0.65", lw=0.7, label="unfiltered")
        ax.plot(t_s, filtered - middle, color="#1f5fa8", lw=1.6,
                label=f"zero-phase {OFFLINE_CUTOFF_HZ:g} Hz low-pass (used by the measures)")
        top = np.nanmax(np.abs(filtered[ok] - middle)) * 1.15 or 1.0
        for t, outcome in onsets:
            style = GOOD_STYLE if outcome in GOOD else BAD_STYLE
            ax.plot([t], [top], ls="none", ms=8, **style)
        kinds = {o in GOOD for _, o in onsets}
        if True in kinds:
            ax.plot([], [], ls="none", label="stimulus onset, succeeded", **GOOD_STYLE)
        if False in kinds:
            ax.plot([], [], ls="none", label="stimulus onset, not succeeded", **BAD_STYLE)
        ax.set_ylim(-top * 1.25, top * 1.25)
        ax.axhline(0, color="k", lw=0.6)
        ax.set_xlabel("time in the level (s)")
        ax.set_ylabel("CoM medio-lateral (cm)\n+ = patient's right")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncols=2, fontsize=11,
                  frameon=False)
        return png(fig)


def ml_ap(ml_cm: np.ndarray, ap_cm: np.ndarray) -> tuple[str, float] | None:
    """The planar stabilogram with its 95 % confidence ellipse (Prieto 1996, F-based: the
    formula of measures/sway.py) and its area in cm², where AP was measured."""
    ok = np.isfinite(ml_cm) & np.isfinite(ap_cm)
    x, y = ml_cm[ok] - np.mean(ml_cm[ok]), ap_cm[ok] - np.mean(ap_cm[ok])
    n = len(x)
    if n < 4:
        return None
    cov = np.cov(np.vstack([x, y]), ddof=1)
    scale = 2.0 * f_quantile_95(2, n - 2)
    values, vectors = np.linalg.eigh(cov)
    width, height = (2 * np.sqrt(scale * np.maximum(values, 0.0)))[::-1]
    angle = math.degrees(math.atan2(vectors[1, 1], vectors[0, 1]))
    area = math.pi * width * height / 4
    with plt.rc_context(PNG_STYLE):
        fig, ax = plt.subplots(figsize=(6.0, 6.0), constrained_layout=True)
        ax.plot(x, y, color="#1f5fa8", lw=0.8)
        ax.add_patch(Ellipse((0, 0), width, height, angle=angle, fill=False, lw=2,
                             color="#d55e00", ls="--",
                             label=f"95 % confidence ellipse: {area:.1f} cm²"))
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("medio-lateral (cm), + = right")
        ax.set_ylabel("antero-posterior (cm), + = forward")
        ax.legend(loc="upper right")
        return png(fig), area


def reaction_times(onset_s: Sequence[float], rt_ms: Sequence[float],
                   outcomes: Sequence[str], what: str = "reaction time") -> str | None:
    """Each trial's reaction time against when it came (the decline within the level
    shows), and their distribution.  None without reaction times."""
    if not rt_ms:
        return None
    t, rt = np.asarray(onset_s, float), np.asarray(rt_ms, float)
    good = np.array([o in GOOD for o in outcomes])
    with plt.rc_context(PNG_STYLE):
        fig, (ax, ax_h) = plt.subplots(1, 2, figsize=(WIDTH_IN, 4.0), sharey=True,
                                       width_ratios=(3, 1.3), constrained_layout=True)
        for mask, style, words in ((good, GOOD_STYLE, "succeeded"),
                                   (~good, BAD_STYLE, "not succeeded")):
            if mask.any():
                ax.plot(t[mask], rt[mask], ls="none", ms=8, label=f"trial, {words}", **style)
        k = len(rt) // 3
        if k >= 2:
            for part, words in ((slice(0, k), "first third"), (slice(-k, None), "last third")):
                ax.hlines(np.median(rt[part]), t[part][0], t[part][-1], color="k", lw=2,
                          ls="-" if part.start == 0 else "--", label=f"median, {words}")
        ax.set_xlabel("stimulus onset, time in the level (s)")
        ax.set_ylabel(f"{what} (ms)")
        ax.legend(loc="best", fontsize=11)
        lo, hi = float(np.min(rt)), float(np.max(rt))
        bins = np.arange(math.floor(lo / 50) * 50, math.ceil(hi / 50) * 50 + 51, 50)
        ax_h.hist(rt, bins=bins, orientation="horizontal", color="#1f5fa8", alpha=0.75,
                  edgecolor="white")
        ax_h.axhline(np.median(rt), color="k", lw=2, label=f"median {np.median(rt):.0f} ms")
        ax_h.set_xlabel("trials (count)\n50 ms bins")
        ax_h.xaxis.get_major_locator().set_params(integer=True)
        ax_h.legend(loc="upper right", fontsize=11)
        return png(fig)
