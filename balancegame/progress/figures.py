"""The figures of a level run a patient can compare with their own earlier runs.

Each :class:`Figure` says which way is better, the smallest difference that is more
than measurement noise, and how it reads on screen.  :func:`run_figures` takes a level
summary (the level scene's, as stored in ``summary_json``) and returns only what was
measured: a figure that is missing is absent, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUCCESS_OUTCOMES = ("avoided", "reached", "correct", "completed")
MIN_RT_TRIALS = 3  # a median reaction time over fewer trials is too noisy to compare


@dataclass(frozen=True)
class Figure:
    key: str
    phrase: str  # how the value reads in a sentence: "{} avoided", "reaction time {}"
    value_format: str  # the value with its unit: "{:.0f} %"
    higher_is_better: bool
    min_change: float  # a smaller difference is noise, not progress (in the figure's unit)

    def value(self, v: float) -> str:
        return self.value_format.format(v)

    def text(self, v: float) -> str:
        return self.phrase.format(self.value(v))

    def better(self, now: float, before: float) -> bool:
        """``now`` beats ``before`` by more than noise."""
        gain = now - before if self.higher_is_better else before - now
        return gain >= self.min_change

    def at_least(self, now: float, before: float) -> bool:
        """``now`` is as good as ``before`` or better (the numbers alone)."""
        return now >= before if self.higher_is_better else now <= before


def _success(word: str) -> Figure:
    return Figure("success_pct", "{} " + word, "{:.0f} %", True, 5.0)


RT = Figure("rt_ms_median", "reaction time {}", "{:.0f} ms", False, 50.0)
FIGURES_OF_TYPE: dict[str, tuple[Figure, ...]] = {
    # The first figure of each type is its main one (the third star).
    "obstacle_dodge": (_success("avoided"), RT),
    "weight_shift": (_success("reached"), RT),
    "dual_task": (Figure("correct_per_min", "{} correct a minute", "{:.0f}", True, 1.0),
                  _success("answers correct")),
    "quiet_stance": (Figure("longest_stance_s", "stood still {}", "{:.0f} s", True, 2.0),),
    "gaze_stabilisation": (Figure("amplitude_deg", "head turns {}", "{:.0f}°", True, 2.0),),
    "stepping": (Figure("cadence_spm", "{} steps a minute", "{:.0f}", True, 3.0),),
}
OTHER = (_success("successful"), RT)
# Figures whose value above what the level asked for counts as what was asked.
CAPS = {"amplitude_deg": "amplitude_prescribed_deg", "cadence_spm": "target_cadence_spm"}


def figures_of(level_type: str | None) -> tuple[Figure, ...]:
    return FIGURES_OF_TYPE.get(level_type or "", OTHER)


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    return float(value) if ok else None


@dataclass(frozen=True)
class Reading:
    """One figure of one run: ``value`` as measured (shown), ``score`` as compared
    (the value, or what the level asked for when it did more)."""

    value: float
    score: float


def run_figures(summary: dict, adaptive: bool = False) -> dict[str, Reading]:
    """The comparable figures of a run, by key; only those that were measured."""
    values: dict[str, float | None] = {}
    n = int(_number(summary.get("n_trials")) or 0)
    if n > 0 and not adaptive:
        good = sum(c for o, c in (summary.get("outcomes") or {}).items()
                   if o in SUCCESS_OUTCOMES)
        values["success_pct"] = 100.0 * good / n
    if int(_number(summary.get("n_rt")) or 0) >= MIN_RT_TRIALS:
        values["rt_ms_median"] = _number(summary.get("rt_ms_median"))
    for key in ("correct_per_min", "longest_stance_s", "amplitude_deg", "cadence_spm"):
        values[key] = _number(summary.get(key))
    if summary.get("type") == "stepping" and not _number(summary.get("n_steps")):
        values["cadence_spm"] = None  # no steps seen: no cadence to compare
    wanted = {f.key for f in figures_of(summary.get("type"))}
    out = {}
    for key, value in values.items():
        if key not in wanted or value is None:
            continue
        cap = _number(summary.get(CAPS.get(key, "")))
        out[key] = Reading(value, min(value, cap) if cap else value)
    return out
