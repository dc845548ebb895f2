"""One limits-of-stability try, judged: did the patient lean towards the target, and how far?

Inputs are the try's samples (capture clock), signed so that + is towards the target and
measured from the middle of the neutral stance, with some quiet standing before the
target appeared (the reaction time's baseline).  Outcomes:

* ``"measured"``: the CoM went at least the movement threshold (the patient's own sway,
  :mod:`~.neutral`) and at least ``MIN_LIMIT_CM`` towards the target: the try's limit is
  its maximum excursion (filtered CoM);
* ``"wrong_way"``: it went that far the other way, but not towards the target;
* ``"no_movement"``: it went neither way;
* ``"out_of_view"``: the patient was not seen for more than ``MAX_ABSENT_S`` at once, or
  a quarter of the try;
* ``"stepped"`` (standing, feet in view): an ankle rose more than ``STEP_LIFT_CM`` or the
  feet's width changed more than ``STEP_WIDTH_CM``: a step moves the base of support,
  so the excursion is not a limit of stability.

The five LoS measures (reaction time, movement velocity, end-point and maximum excursion,
directional control) are :func:`balancegame.measures.limits_of_stability.reach_measures`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from balancegame.measures.limits_of_stability import reach_measures

MIN_LIMIT_CM = 2.0  # the smallest limit a level can be scaled to (los_*_cm minimum)
MAX_ABSENT_S = 0.5
MAX_ABSENT_SHARE = 0.25
STEP_LIFT_CM = 5.0
STEP_WIDTH_CM = 8.0
OUTCOMES = ("measured", "wrong_way", "no_movement", "out_of_view", "stepped")


@dataclass(frozen=True)
class TryResult:
    outcome: str
    max_excursion_cm: float | None = None  # towards the target, filtered CoM
    max_away_cm: float | None = None  # the other way
    measures: dict = field(default_factory=dict)  # reach_measures of the try

    @property
    def measured(self) -> bool:
        return self.outcome == "measured"


def _longest_gap_s(t_s: np.ndarray, present: np.ndarray) -> float:
    longest, start = 0.0, None
    for t, seen in zip(t_s, present, strict=True):
        if not seen and start is None:
            start = t
        elif seen and start is not None:
            longest, start = max(longest, t - start), None
    if start is not None and len(t_s):
        longest = max(longest, float(t_s[-1]) - start)
    return float(longest)


def _stepped(feet: np.ndarray, before: np.ndarray, after: np.ndarray) -> bool:
    """``feet``: n x 3 (left ankle up cm, right ankle up cm, base-of-support width cm)."""
    if not before.any() or not after.any():
        return False
    with np.errstate(all="ignore"):
        base = np.nanmedian(feet[before], axis=0)
        change = np.abs(feet[after] - base)
    lifted = np.nanmax(change[:, :2], initial=0.0) if np.isfinite(change[:, :2]).any() else 0.0
    wider = np.nanmax(change[:, 2], initial=0.0) if np.isfinite(change[:, 2]).any() else 0.0
    return bool(lifted > STEP_LIFT_CM or wider > STEP_WIDTH_CM)


def judge_try(t_s: np.ndarray, along_cm: np.ndarray, along_raw_cm: np.ndarray,
              present: np.ndarray, t_stimulus_s: float, *, threshold_cm: float,
              target_cm: float, feet: np.ndarray | None = None) -> TryResult:
    """The try's outcome and measures; ``feet`` (n x 3, NaN where not seen) is checked for a
    step when given (standing), left out when seated."""
    t_s, present = np.asarray(t_s, float), np.asarray(present, bool)
    after = t_s >= t_stimulus_s
    if not after.any():
        return TryResult("no_movement")
    if (_longest_gap_s(t_s[after], present[after]) > MAX_ABSENT_S
            or 1.0 - present[after].mean() > MAX_ABSENT_SHARE):
        return TryResult("out_of_view")
    seen = present & np.isfinite(along_cm) & np.isfinite(along_raw_cm)
    if feet is not None and _stepped(np.asarray(feet, float), seen & ~after, seen & after):
        return TryResult("stepped")
    t, along, raw = t_s[seen], np.asarray(along_cm, float)[seen], \
        np.asarray(along_raw_cm, float)[seen]
    late = t >= t_stimulus_s
    if not late.any():
        return TryResult("out_of_view")
    towards, away = float(np.max(along[late])), float(np.max(-along[late]))
    enough = max(threshold_cm, MIN_LIMIT_CM)
    if towards < enough:
        return TryResult("wrong_way" if away >= enough else "no_movement", towards, away)
    measures = reach_measures(t, along, raw, t_stimulus_s, target_cm)
    measures["movement_velocity_cm_s"] = movement_velocity_cm_s(
        t[late], along[late], measures.get("endpoint_excursion_cm"))
    return TryResult("measured", towards, away, measures)


def movement_velocity_cm_s(t_s: np.ndarray, along_cm: np.ndarray,
                           endpoint_cm: float | None) -> float | None:
    """Mean speed of the primary movement: from 5 % to 95 % of the end-point excursion (the
    LoS test's movement velocity); None without an end point."""
    if endpoint_cm is None or endpoint_cm <= 0:
        return None
    first = np.flatnonzero(along_cm >= 0.05 * endpoint_cm)
    last = np.flatnonzero(along_cm >= 0.95 * endpoint_cm)
    if not first.size or not last.size or t_s[last[0]] <= t_s[first[0]]:
        return None
    return float(0.9 * endpoint_cm / (t_s[last[0]] - t_s[first[0]]))
