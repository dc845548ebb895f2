"""Decline within a session (fatigability): the same figure early and late.

Fatigability is a measurable decline over time, not the feeling (CLINICAL.md).  Three
comparisons, each only where there is enough to compare:

* within a level run, the first third of its trials against the last third (at least
  ``MIN_TRIALS`` trials): median reaction time, and the share of successful trials;
* within a quiet stance, its first 10 s sway window against its last (RMS and mean
  velocity of the ML position), with the stored trend per minute over every window;
* within a session, the first bout of a level against its last bout (a level played
  twice or more, e.g. in a program of intervals): the level's main figures.

Differences are shown with which way is worse; no threshold is applied here (the
day-to-day variation is in the progress section, and no norms exist).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from balancegame.progress.figures import figures_of, run_figures
from balancegame.report.data import RunData, SessionData
from balancegame.report.tables import unit_of
from balancegame.session.measure_list import MEASURES, Measure

MIN_TRIALS = 6  # two thirds of at least 2 trials each
GOOD = ("avoided", "reached", "correct", "completed")
BAD = ("hit", "missed", "wrong", "timeout")
MEASURE_BY_NAME = {m.name: m for m in MEASURES}


def short_label(measure: Measure) -> str:
    """The first words of a measure's definition: "share of walls avoided"."""
    return measure.definition.split(" (")[0].split(":")[0]


@dataclass(frozen=True)
class Decline:
    what: str
    unit: str
    early: float
    late: float
    early_label: str  # "first third (4 trials)"
    late_label: str
    higher_is_worse: bool

    @property
    def change(self) -> float:
        return self.late - self.early

    @property
    def verdict(self) -> str:
        if self.change == 0:
            return "no change"
        worse = (self.change > 0) == self.higher_is_worse
        return "worse late" if worse else "better late"


def _thirds(items: Sequence) -> tuple[Sequence, Sequence]:
    k = len(items) // 3
    return items[:k], items[-k:]


def run_decline(run: RunData) -> list[Decline]:
    out: list[Decline] = []
    trials = sorted(run.trials, key=lambda t: t.stimulus_onset_t_s)
    timed = [t for t in trials if t.rt_ms is not None]
    if len(timed) >= MIN_TRIALS:
        a, b = _thirds(timed)
        what = "median answer time" if run.rt_is_response else "median reaction time"
        out.append(Decline(what, "ms", float(np.median([t.rt_ms for t in a])),
                           float(np.median([t.rt_ms for t in b])),
                           f"first third ({len(a)} trials)", f"last third ({len(b)} trials)",
                           True))
    scored = [t for t in trials if t.outcome in GOOD + BAD]
    if len(scored) >= MIN_TRIALS and run.level_type != "quiet_stance":
        a, b = _thirds(scored)
        share = [100.0 * sum(t.outcome in GOOD for t in part) / len(part) for part in (a, b)]
        out.append(Decline("successful trials", "%", share[0], share[1],
                           f"first third ({len(a)} trials)", f"last third ({len(b)} trials)",
                           False))
    sway = run.summary.get("sway_ml") if run.level_type == "quiet_stance" else None
    windows = [w for w in (sway or {}).get("windows", []) if "rms_ml_cm" in w]
    if len(windows) >= 2:
        first, last = windows[0], windows[-1]
        span = f"{sway.get('window_s', 10):g} s window"
        for key, what, unit in (("rms_ml_cm", "sway RMS (ML)", "cm"),
                                ("mean_velocity_cm_s", "sway mean velocity (ML)", "cm/s")):
            out.append(Decline(what, unit, first[key], last[key], f"first {span}",
                               f"last {span} (of {len(windows)})", True))
    return out


@dataclass(frozen=True)
class BoutDecline:
    title: str
    n_bouts: int
    declines: tuple[Decline, ...]


def session_bouts(session: SessionData) -> list[BoutDecline]:
    """First bout against last bout of every level played more than once to the end."""
    by_level: dict[str, list[RunData]] = {}
    for run in session.runs:
        if run.record.status == "completed" and run.summary:
            by_level.setdefault(run.record.level_name, []).append(run)
    out = []
    for runs in by_level.values():
        if len(runs) < 2:
            continue
        first, last = runs[0], runs[-1]
        a, b = run_figures(first.summary), run_figures(last.summary)
        declines = []
        for figure in figures_of(first.level_type):
            measure = MEASURE_BY_NAME.get(figure.key)
            if figure.key in a and figure.key in b and measure is not None:
                declines.append(Decline(short_label(measure), unit_of(measure),
                                        a[figure.key].value, b[figure.key].value,
                                        f"bout 1 (level {first.index})",
                                        f"bout {len(runs)} (level {last.index})",
                                        not figure.higher_is_better))
        if declines:
            out.append(BoutDecline(first.title, len(runs), tuple(declines)))
    return out
