"""Trend plots of a level's key measures across sessions, against the patient's own
baseline and its day-to-day band (:mod:`balancegame.report.trends`)."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

from balancegame.report.plots import PNG_STYLE, WIDTH_IN, png
from balancegame.report.tables import unit_of
from balancegame.report.trends import LABELS, SHARES, LevelTrends, Trend

MARK_COLOUR = "#7b3294"


def axis_label(trend: Trend) -> str:
    unit = unit_of(trend.measure)
    name = LABELS.get(trend.measure.name, trend.measure.name.replace("_", " "))
    return f"{name}\n({unit or 'count'})"


def trend_figure(level: LevelTrends, tick_labels: Mapping[int, str],
                 reported: tuple[int, int]) -> str:
    """One panel per key measure; ``tick_labels``: x -> "#id\\nday"; ``reported``: the
    first and last x of the sessions in the report."""
    n = len(level.trends)
    xs = sorted(tick_labels)
    with plt.rc_context(PNG_STYLE):
        fig, axes = plt.subplots(n, 1, figsize=(WIDTH_IN, 1.2 + 2.5 * n), sharex=True,
                                 constrained_layout=True, squeeze=False)
        for ax, trend in zip(axes[:, 0], level.trends, strict=True):
            x = [p.x for p in trend.points]
            y = [p.value for p in trend.points]
            if reported != (xs[0], xs[-1]):
                ax.axvspan(reported[0] - 0.5, reported[1] + 0.5, color="#dbe9f6", lw=0,
                           label="sessions in this report")
            if trend.band is not None:
                ax.axhspan(trend.band.low, trend.band.high, color="0.85", lw=0,
                           label="day-to-day band: " + trend.band.how.split(" (")[0])
            if trend.baseline is not None:
                n = trend.baseline_n
                ax.axhline(trend.baseline, color="0.3", ls="--", lw=1.2,
                           label="baseline (the first session)" if n == 1 else
                           f"baseline (mean of the first {n} sessions)")
            ax.plot(x, y, color="#1f5fa8", marker="o", ms=8, lw=1.8, label="session value")
            for mx, _ in level.marks:
                ax.axvline(mx, color=MARK_COLOUR, ls=":", lw=1.6)
            ax.set_ylabel(axis_label(trend))
            low, high = ax.get_ylim()  # no key measure is below 0, no share above 100 %
            ax.set_ylim(max(low, -0.02 * high),
                        min(high, 102.0) if trend.measure.name in SHARES else high)
            ax.legend(loc="best", fontsize=10, framealpha=0.9)
        top = axes[0, 0]
        for mx, words in level.marks:
            right = mx > (xs[0] + xs[-1]) / 2  # text towards the middle, inside the figure
            note = top.annotate(words, (mx, 1.0), xycoords=("data", "axes fraction"),
                                xytext=(-4 if right else 4, -4), textcoords="offset points",
                                fontsize=11, color=MARK_COLOUR, va="top",
                                ha="right" if right else "left",
                                bbox={"boxstyle": "square,pad=0.2", "fc": "white",
                                      "ec": "none", "alpha": 0.85})
            note.set_in_layout(False)  # a long mark must not shrink the plot
        bottom = axes[-1, 0]
        bottom.set_xlim(xs[0] - 0.6, xs[-1] + 0.6)
        bottom.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
        bottom.xaxis.set_major_formatter(FuncFormatter(
            lambda v, _: tick_labels.get(int(round(v)), "") if abs(v - round(v)) < 1e-6
            else ""))
        bottom.set_xlabel("session (number in the database, and day)")
        return png(fig)
