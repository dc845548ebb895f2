"""Levels for this patient: filtered by how they train, scaled to their own limits.

* **Mode**: a seated patient gets only levels that list ``"seated"`` in their ``modes``
  (never a stepping level: prescription/level_modes.py); the others are left out, and said.
* **Weight shift**: ``los_left_cm`` and ``los_right_cm`` are the patient's calibrated
  limits (they replace the level file's, which are textbook values until measured), so the
  targets (a share of the limit, ``target_*_pct``) are the patient's own.  Forward and back
  are not measured (one front camera): the file's values stay, and only place diagonal
  targets.
* **Obstacle dodge** without steps: the gap's edge (``dodge_distance_cm``) is at most
  ``DODGE_SHARE_OF_LIMIT`` of the smaller limit of the sides the walls use, so every wall
  can be avoided within the patient's limits; a stepping dodge level is left as it is
  (a side step moves the base of support beyond the limits of stability).  The gates of a
  dual task answered by leaning (``mode = "gate"``) likewise; they need both sides.
* **One side** (a one-sided calibration): targets and gaps on that side only; a level
  left with no direction is left out.
* **The patient's own sway** (the neutral stance's movement threshold, 3 x their sway RMS,
  stored with the limits): no gap edge or gate is nearer than it, and no weight-shift target's
  near edge, so sway alone never avoids a wall or reaches a target (and is never praised).

Every change is said in a note, and the level's options record the calibration used
(stored with each level run in ``difficulty_json``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from types import MappingProxyType

from balancegame.calibrating.record import Calibration
from balancegame.measures.limits_of_stability import COMPASS
from balancegame.prescription.levels import Level

DODGE_SHARE_OF_LIMIT = 0.8
USES_LIMITS = ("weight_shift", "obstacle_dodge", "dual_task")
LOS_MIN_CM, LOS_MAX_CM = 2.0, 30.0  # the los_*_cm parameters' range
MIN_RING_CM = 0.5  # target_radius_cm's minimum


def uses_limits(level: Level) -> bool:
    """The level is scaled by the patient's limits (so needs a calibration first)."""
    if level.type not in USES_LIMITS or "stepping" in level.modes:
        return False
    return level.type != "dual_task" or level.options.get("mode") == "gate"


def playable(level: Level, mode: str) -> bool:
    return mode != "seated" or "seated" in level.modes


def _side_of(direction: str) -> str:
    return "right" if COMPASS[direction][0] > 0 else "left"


def _with(level: Level, difficulty: dict, options: dict) -> Level:
    return dataclasses.replace(level, difficulty=MappingProxyType(difficulty),
                               options=MappingProxyType(options))


def sway_threshold_cm(cal: Calibration) -> float:
    """The patient's movement threshold from the neutral stance kept with the limits (cm),
    or 0 when it was not recorded."""
    found = cal.results.get("neutral_stance", {}).get("movement_threshold_cm")
    value = found.get("value") if isinstance(found, dict) else None
    return float(value) if isinstance(value, int | float) else 0.0


def _scaled(level: Level, cal: Calibration) -> tuple[Level | None, str]:
    values, options = dict(level.difficulty), dict(level.options)
    sway_cm = sway_threshold_cm(cal)
    limits = {d: cal.limit_cm(d) for d in ("left", "right")}
    sides = ("left", "right") if cal.side == "both" else (cal.side,)
    options["calibration"] = (f"{cal.kind} of {cal.date}" + (
        f" (calibration {cal.calibration_id})" if cal.calibration_id is not None else "")
        + ", " + ", ".join(f"{d} {limits[d]:.1f} cm" for d in sides))
    if level.type == "weight_shift":
        directions = tuple(d for d in level.option("directions") if _side_of(d) in sides)
        if not directions:
            return None, f"{level.title}: left out, its targets are all on the other side."
        for d in sides:
            values[f"los_{d}_cm"] = min(LOS_MAX_CM, max(LOS_MIN_CM, limits[d]))
        options["directions"] = directions
        smaller = _ring_within_reach(values, options, sway_cm)
        if smaller is None:
            return None, (f"{level.title}: left out, your limits are too small for its "
                          "targets (they could be reached standing still).")
        ring = (f" (ring {smaller:g} cm instead of {values['target_radius_cm']:g} cm, so the "
                "nearest target still asks for a shift)"
                if smaller != values["target_radius_cm"] else "")
        values["target_radius_cm"] = smaller
        return _with(level, values, options), (
            f"{level.title}: targets at {values['target_min_pct']:g}-"
            f"{values['target_max_pct']:g} % of the limits "
            + ", ".join(f"{d} {values[f'los_{d}_cm']:.1f} cm" for d in sides) + ring + ".")
    if level.type == "dual_task":  # answered by leaning into the left or the right gate
        if cal.side != "both":
            return None, f"{level.title}: left out, its answers need both sides."
        return _gap(level, values, options, "gate_distance_cm", ("left", "right"), limits,
                    "gate", sway_cm)
    return _gap(level, values, options, "dodge_distance_cm",
                tuple(s for s in level.option("sides") if s in sides), limits, "gap edge",
                sway_cm)


def _gap(level: Level, values: dict, options: dict, name: str, used: tuple[str, ...],
         limits: dict, what: str, sway_cm: float) -> tuple[Level | None, str]:
    """A sideways distance to reach (a dodge's gap edge, a gate) within the limits, and no
    nearer than 2 cm or the patient's own sway threshold."""
    if not used:
        return None, f"{level.title}: left out, its gaps are all on the other side."
    nearest = max(2.0, sway_cm)
    smallest = min(limits[s] for s in used)
    if sway_cm > smallest:
        return None, (f"{level.title}: left out, your own sway ({sway_cm:.1f} cm) reaches "
                      f"as far as your limits ({smallest:.1f} cm).")
    cap = DODGE_SHARE_OF_LIMIT * smallest
    asked = values[name]
    values[name] = shown = round(max(nearest, min(asked, cap)), 1)
    if level.type == "obstacle_dodge":
        options["sides"] = used
    floor = (f"no nearer than your own sway reaches, {sway_cm:.1f} cm" if sway_cm > 2.0
             else "the smallest possible, within the limit")
    said = (f"{what} {asked:g} cm, within the limits" if shown == asked
            else f"{what} {shown:g} cm (asked {asked:g} cm; {floor})"
            if shown > asked or cap < nearest
            else f"{what} {shown:g} cm (asked {asked:g} cm; "
                 f"{DODGE_SHARE_OF_LIMIT:.0%} of the limit)")
    return _with(level, values, options), f"{level.title}: {said}."


def _ring_within_reach(values: dict, options: dict, sway_cm: float = 0.0) -> float | None:
    """The target ring's radius to use: the level's, or smaller (down to the parameter's
    0.5 cm) so that the nearest target still asks for a shift (weight_shift.check: its near
    edge at least MIN_SHIFT_CM out, and beyond the patient's own sway); None if no ring
    can."""
    from balancegame.challenges.weight_shift import check
    from balancegame.measures.limits_of_stability import target_point_cm

    near_cm = min(abs(target_point_cm(values, d, values["target_min_pct"])[0])
                  for d in options["directions"])
    radius = values["target_radius_cm"]
    while radius >= MIN_RING_CM:
        if (not check({**values, **options, "target_radius_cm": radius})
                and near_cm - radius >= sway_cm):
            return radius
        radius = round(radius - 0.25, 2)
    return None


def for_patient(levels: Sequence[Level], cal: Calibration | None, *, mode: str
                ) -> tuple[list[Level], list[str]]:
    """The levels this patient plays today and, in words, what was changed or left out.
    ``cal`` None: no usable limits, so the levels that use them are left out."""
    out, notes = [], []
    for level in levels:
        if not playable(level, mode):
            notes.append(f"{level.title}: left out, it cannot be played seated.")
        elif not uses_limits(level):
            out.append(level)
        elif cal is None:
            notes.append(f"{level.title}: left out, it needs your limits of stability.")
        else:
            scaled, note = _scaled(level, cal)
            notes.append(note)
            if scaled is not None:
                out.append(scaled)
    return out, notes
