"""A patient's prescription: which program, how often, how long, how hard, what rests.

The therapist sets it (``balancegame prescribe``, or the game's therapist mode behind
the PIN); the patient plays it (``balancegame home``).  Every field but the program may
be left to the program file ("as the program says"):

=================  ==========================================================
program            a program name (levels/programs/, or a path)
sessions_per_week  the weekly goal: training days a week, 1 to 7
session_min        the session's cap in minutes, 1 to 120 (the program's
                   ``max_session_min`` otherwise)
difficulty_min,    the easiest and hardest preset (1 to 10) any level may be
difficulty_max     played at: see :func:`bounded_level`
rest_s             the rest after every bout but the last, 0 to 600 s
feet_in_view       whether the camera check needs the feet in view (false
                   for seated training: then it does not ask for them)
calibration_days   recalibrate the patient's limits when the calibration is
                   older than this, 1 to 365 days (30 otherwise)
=================  ==========================================================

**Difficulty bounds.**  Every level type grades its parameters from preset 1
(easiest) to 10 (hardest) (levels/README.md).  A level with a preset is moved into the
bounds; an adaptive level's range is narrowed to them (the two-hour rule's lighter
session stays inside them too, prescription/dose.py); and every graded parameter of
every level, whether the file sets it or a preset does, is held between its values at
the two bounds: with ``difficulty_max = 4`` no wall comes faster than preset 4's
walls, whatever the level file says.  A bound that is not set changes nothing: with
only a hardest preset, an easy level stays as easy as its file makes it.  Duration and
countdown are not graded: the session's length is ``session_min``.  What the bounds
change is said in words (:func:`bounded_level` returns it; ``prescription show`` prints
it).

Pure: programs and levels in, programs and levels out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from balancegame.prescription.levels import Level, preset_values
from balancegame.prescription.programs import MAX_REST_S, Program, ProgramStep


@dataclass(frozen=True)
class Rule:
    """What one field of a prescription may hold, in the therapist's words."""

    label: str  # as the therapist menu and `prescription show` name it
    unit: str
    lo: float
    hi: float
    whole: bool
    step: float  # the therapist menu's step (Left / Right)
    option: str  # the command-line option


RULES: dict[str, Rule] = {
    "sessions_per_week": Rule("Sessions a week", "", 1, 7, True, 1, "--sessions-per-week"),
    "session_min": Rule("Session length", "min", 1, 120, False, 5, "--session-min"),
    "difficulty_min": Rule("Easiest preset", "", 1, 10, True, 1, "--difficulty-min"),
    "difficulty_max": Rule("Hardest preset", "", 1, 10, True, 1, "--difficulty-max"),
    "rest_s": Rule("Rest between bouts", "s", 0, MAX_REST_S, False, 15, "--rest-s"),
    "calibration_days": Rule("Recalibrate after", "days", 1, 365, True, 5, "--calibration-days"),
}


@dataclass(frozen=True)
class Prescription:
    program: str
    sessions_per_week: int | None = None  # None: as the program says
    session_min: float | None = None
    difficulty_min: int | None = None
    difficulty_max: int | None = None
    rest_s: float | None = None
    feet_in_view: bool = True
    calibration_days: int | None = None  # None: the default (calibrating/record.py)

    @classmethod
    def from_record(cls, record: Any) -> Prescription:
        """From a stored ``PrescriptionRecord`` (or anything with the same fields)."""
        values = {f.name: getattr(record, f.name) for f in dataclasses.fields(cls)}
        return cls(**{**values, "feet_in_view": bool(values["feet_in_view"])})

    def stored(self) -> dict[str, Any]:
        """The values as the prescription table keeps them."""
        return {**dataclasses.asdict(self), "feet_in_view": int(self.feet_in_view)}


def value_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be the prescription's ``name`` (a sentence), or None."""
    if value is None or name not in RULES:
        return None
    rule = RULES[name]
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    if not ok or not rule.lo <= value <= rule.hi or (rule.whole and value != int(value)):
        kind = "a whole number" if rule.whole else "a number"
        unit = f" {rule.unit}" if rule.unit else ""
        return (f"{rule.option} {value}: {rule.label.lower()} must be {kind} from "
                f"{rule.lo:g} to {rule.hi:g}{unit}.")
    return None


def problems(rx: Prescription) -> list[str]:
    """Every problem of a prescription's numbers, each a sentence."""
    found = [p for name in RULES if (p := value_problem(name, getattr(rx, name)))]
    lo, hi = rx.difficulty_min, rx.difficulty_max
    if not found and lo is not None and hi is not None and lo > hi:
        found.append(f"--difficulty-min {lo} is harder than --difficulty-max {hi}: the "
                     "easiest preset must not be above the hardest.")
    return found


def words(name: str, value: Any) -> str:
    """A value as `prescription show` and the therapist menu write it."""
    if name == "program":
        return str(value)
    if name == "feet_in_view":
        return "needed" if value else "not needed (seated)"
    if value is None:
        return ("no bound" if name.startswith("difficulty") else "30 days (the default)"
                if name == "calibration_days" else "as the program says")
    unit = RULES[name].unit
    return f"{value:g} {unit}".strip() if isinstance(value, int | float) else str(value)


def bounded_level(level: Level, lo: int | None, hi: int | None) -> tuple[Level, list[str]]:
    """``level`` held within presets ``lo``..``hi`` (None: 1 or 10), and what changed."""
    # Imported here: the challenges bring the measures and SciPy (0.27 s), which every
    # command line would otherwise pay for its therapist options' names (cli_therapist).
    from balancegame.challenges import CHALLENGE_TYPES

    ctype = CHALLENGE_TYPES[level.type]
    if not ctype.easiest or (lo is None and hi is None):
        return level, []
    lo_, hi_ = lo or 1, hi or 10
    values = dict(level.difficulty)
    preset, adaptive, notes = level.preset, level.adaptive, []
    if preset is not None and not lo_ <= preset <= hi_:
        new = min(max(preset, lo_), hi_)
        values.update(level.difficulty_at(new))
        notes.append(f"preset {preset} -> {new}")
        preset = new
    if adaptive is not None:
        low = min(max(adaptive.min_preset, lo_), hi_)
        high = max(min(adaptive.max_preset, hi_), low)
        if (low, high) != (adaptive.min_preset, adaptive.max_preset):
            notes.append(f"adapts between presets {low:g} and {high:g}")
            adaptive = dataclasses.replace(adaptive, min_preset=low, max_preset=high)
    at_lo, at_hi = preset_values(ctype, lo_), preset_values(ctype, hi_)
    for name in ctype.easiest:
        harder = (ctype.hardest[name] > ctype.easiest[name]) - (ctype.hardest[name]
                                                                < ctype.easiest[name])
        if not harder:
            continue  # not graded
        value = held = values[name]
        if hi is not None and (held - at_hi[name]) * harder > 0:  # harder than the hardest
            held = at_hi[name]
        if lo is not None and (at_lo[name] - held) * harder > 0:  # easier than the easiest
            held = at_lo[name]
        if held != value:
            values[name] = held
            notes.append(f"{name} {value:g} -> {held:g}")
    if not notes:
        return level, []
    options = dict(level.options)
    return dataclasses.replace(level, difficulty=MappingProxyType(values), preset=preset,
                               adaptive=adaptive,
                               notes=tuple(ctype.notes({**values, **options}))), notes


def prescribed_program(program: Program, rx: Prescription) -> tuple[Program, list[str]]:
    """``program`` as the prescription has it played, and what the bounds changed, per
    level (``"Dodge the walls: approach_time_s 2.5 -> 2.78"``), each level once."""
    steps, notes = [], {}
    for step in program.steps:
        level, changed = bounded_level(step.level, rx.difficulty_min, rx.difficulty_max)
        if changed:
            notes.setdefault(level.name, f"{level.title}: {', '.join(changed)}")
        rest = step.rest_after_s if rx.rest_s is None else float(rx.rest_s)
        steps.append(ProgramStep(level, rest))
    if steps:
        steps[-1] = ProgramStep(steps[-1].level, 0.0)
    return dataclasses.replace(
        program, steps=tuple(steps),
        max_session_min=program.max_session_min if rx.session_min is None
        else float(rx.session_min),
        sessions_per_week=program.sessions_per_week if rx.sessions_per_week is None
        else int(rx.sessions_per_week)), list(notes.values())


def spoken_levels(levels: Mapping[str, Level] | list[Level] | tuple[Level, ...]
                  ) -> list[Level]:
    """The levels whose answers are said out loud for a supervisor to mark (Y / N): they
    need someone who hears them, so they cannot be played at home alone."""
    items = levels.values() if isinstance(levels, Mapping) else levels
    found: dict[str, Level] = {}
    for level in items:
        if level.type == "dual_task" and level.options.get("mode") == "spoken":
            found.setdefault(level.name, level)
    return list(found.values())
