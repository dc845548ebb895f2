"""Limits of stability from three tries a direction: the best try kept, or why there is none.

Directions: a single camera in front of the patient measures the medio-lateral (left-right)
component of the CoM well; forward/back would need depth, and MediaPipe's relative depth is
too noisy to score a lean of a few centimetres (challenges/weight_shift.py), and this
program has no evidence that it is good enough.  So only left and right are measured (one
of them for a one-sided calibration), and forward, back and the diagonals are stored as not
measured, with the reason; the screen says so too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from balancegame.calibrating.reach import TryResult
from balancegame.calibrating.record import figure

TRIES = 3
MEASURED_DIRECTIONS = ("left", "right")
NOT_MEASURED = ("forward", "back", "forward-left", "forward-right", "back-left", "back-right")
NOT_MEASURED_WHY = ("not measured: a single camera in front sees left-right movement only; "
                    "forward-back lean needs depth, which it cannot measure well enough")
LIMIT_METHOD = ("maximum CoM excursion (filtered) from the neutral-stance middle towards the "
                "target, best of {n} tries; CoM from de Leva segments on MediaPipe landmarks, "
                "cm from the patient's height (trunk = 0.288 x height)")
# When no try of a direction measured, the one reason said (the most telling first).
FAILURE_ORDER = ("out_of_view", "stepped", "wrong_way", "no_movement")


def directions_for(side: str) -> tuple[str, ...]:
    """The directions calibrated: both sides, or the one side a patient can use."""
    return MEASURED_DIRECTIONS if side == "both" else (side,)


@dataclass(frozen=True)
class LimitsOutcome:
    problem: str  # "" when every direction measured; else a reason of reach.OUTCOMES
    direction: str | None = None  # the direction that failed
    results: dict | None = None  # what is stored

    @property
    def ok(self) -> bool:
        return not self.problem


def _measures(best: TryResult) -> dict:
    m = best.measures
    return {"reaction_time_ms": figure(m.get("reaction_time_ms"), "ms", "movement onset "
                                       "(capture clock) - the flip that showed the target"),
            "movement_velocity_cm_s": figure(
                m.get("movement_velocity_cm_s"), "cm/s",
                "mean speed from 5 % to 95 % of the end-point excursion"),
            "endpoint_excursion_cm": figure(m.get("endpoint_excursion_cm"), "cm",
                                            "where the primary movement first stops"),
            "max_excursion_cm": figure(m.get("max_excursion_cm"), "cm", "furthest point"),
            "directional_control_pct": figure(m.get("directional_control_pct"), "%",
                                              "(path towards - path away) / path towards")}


def limits_outcome(tries: dict[str, list[TryResult]], *, neutral: dict, side: str,
                   target_cm: dict[str, float]) -> LimitsOutcome:
    """The limits from the tries of each direction (``tries[direction]``, in order)."""
    limits: dict[str, dict] = {}
    for direction in directions_for(side):
        done = tries.get(direction, [])
        measured = [t for t in done if t.measured]
        if not measured:
            counts = Counter(t.outcome for t in done)
            problem = next((p for p in FAILURE_ORDER if counts[p]), "no_movement")
            return LimitsOutcome(problem, direction)
        best = max(measured, key=lambda t: t.max_excursion_cm)
        limits[direction] = figure(
            best.max_excursion_cm, "cm", LIMIT_METHOD.format(n=len(done)),
            tries_cm=[t.max_excursion_cm if t.measured else None for t in done],
            tries_outcome=[t.outcome for t in done], target_cm=target_cm.get(direction),
            scale=neutral.get("cm_per_px"), measures=_measures(best))
    not_measured = [d for d in (*MEASURED_DIRECTIONS, *NOT_MEASURED) if d not in limits]
    return LimitsOutcome("", None, {
        "limits": limits, "side": side,
        "not_measured": {d: (NOT_MEASURED_WHY if d in NOT_MEASURED else
                             "not calibrated: one-sided calibration, the other side only")
                         for d in not_measured},
        "axis": "ML only (one frontal camera)", "neutral_stance": neutral})
