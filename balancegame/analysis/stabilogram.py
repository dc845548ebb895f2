"""Stabilogram of an analysed recording, drawn with matplotlib's Agg backend (no screen).

With ML only (a single frontal camera gives no reliable AP, see
balancegame.analysis.files.AP_STATEMENT) there is no planar trajectory
and so no 95 % ellipse: the figure shows ML position against time instead, and
says so in its title.  Panels: the CoM's ML trajectory (unfiltered and the
zero-phase filtered one the measures use); the CoM's margin to the nearer
lateral border of the feet (base of support); mean velocity per window, where
within-session decline (fatigability) shows.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: files only, never a window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def plot_ml_time(analysis, path: Path) -> None:
    """Write the ML-vs-time stabilogram of ``analysis`` to ``path`` (PNG)."""
    c = analysis.columns
    t = c["t_s"]
    fig, (ax, ax_m, ax_w) = plt.subplots(3, 1, figsize=(10, 8), height_ratios=(3, 1.4, 1.4),
                                         sharex=True, constrained_layout=True)
    fig.suptitle("Stabilogram, medio-lateral only: ML position against time "
                 "(no AP from one camera, so no 95% ellipse)", fontsize=11)
    ax.plot(t, c["com_ml_raw_cm"], color="0.6", lw=0.7, label="CoM ML, unfiltered")
    ax.plot(t, c["com_ml_cm"], color="C0", lw=1.6, label="CoM ML, zero-phase filtered "
                                                          "(used for the measures)")
    ax.set_ylabel("CoM ML position (cm)\n+ = patient's right")
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(alpha=0.3)
    scale = analysis.metrics["scale"]
    ax.set_title(f"Scale {scale['cm_per_px']:.3f} cm/px: {scale['method']}", fontsize=8,
                 color="0.3")

    margin = c["bos_margin_cm"]
    if np.isfinite(margin).any():
        ax_m.plot(t, margin, color="C3", lw=1.2)
        ax_m.axhline(0.0, color="k", lw=0.8, ls="--")
        ax_m.text(t[0], 0.0, " edge of the base of support", va="bottom", fontsize=7)
    else:
        ax_m.text(0.5, 0.5, "feet not fully visible: no base of support", ha="center",
                  va="center", transform=ax_m.transAxes, fontsize=9, color="0.4")
    ax_m.set_ylabel("margin to the\nfeet's border (cm)")
    ax_m.grid(alpha=0.3)

    windows = analysis.metrics["sway"]["windows"]
    rows = [r for r in windows["rows"] if "mean_velocity_cm_s" in r]
    if rows:
        mids = [(r["t_start_s"] + r["t_end_s"]) / 2 for r in rows]
        widths = np.array([r["t_end_s"] - r["t_start_s"] for r in rows])
        ax_w.bar(mids, [r["mean_velocity_cm_s"] for r in rows], width=widths * 0.9,
                 color="C0", alpha=0.7)
    ax_w.set_ylabel("mean velocity\n(cm/s)")
    ax_w.set_xlabel(f"time (s); one bar per {windows['window_s']:g} s window")
    ax_w.grid(alpha=0.3)
    fig.savefig(path, dpi=110)
    plt.close(fig)
