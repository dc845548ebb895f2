"""The two-hour rule: a lighter session after one that was too much.

CLINICAL.md: after exercising, the patient should feel the same or better
within two hours; if not, the next session should be lighter.  The game asks
at the start of a session about the previous one and, on a "no", makes every
level of this session lighter, within what the therapist allowed:

- each level lasts 25 % less (never under the level type's minimum),
- a level with presets drops one preset (never below the adaptive minimum the
  therapist set, nor below the prescription's easiest preset, nor below preset 1),
- rests between bouts are 50 % longer.

The change is returned as plain words and stored with the session.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.prescription.levels import Level

DURATION_FACTOR = 0.75
REST_FACTOR = 1.5


def lighter_level(level: Level, min_preset: int = 1) -> tuple[Level, str]:
    """A lighter copy of ``level`` and a sentence saying what changed; ``min_preset``: the
    prescription's easiest preset (prescription/prescribed.py)."""
    ctype = CHALLENGE_TYPES[level.type]
    minimum_s = next(p.minimum for p in ctype.params if p.name == "duration_s")
    values = dict(level.difficulty)
    changes = []
    new_duration = max(minimum_s, round(values["duration_s"] * DURATION_FACTOR, 1))
    if new_duration < values["duration_s"]:
        changes.append(f"{values['duration_s']:g} s -> {new_duration:g} s")
        values["duration_s"] = new_duration
    preset = level.preset
    if preset is not None and ctype.easiest:
        floor = max(level.adaptive.min_preset if level.adaptive else 1, min_preset)
        new_preset = int(max(floor, preset - 1))
        if new_preset < preset:
            stepped = level.difficulty_at(new_preset)
            values.update({k: v for k, v in stepped.items() if k != "duration_s"})
            changes.append(f"preset {preset} -> {new_preset}")
            preset = new_preset
    note = f"{level.title}: " + (", ".join(changes) if changes else "already at its lightest")
    return dataclasses.replace(level, difficulty=MappingProxyType(values), preset=preset), note


def lighter_session(levels: list[Level], rests_s: list[float], min_preset: int = 1
                    ) -> tuple[list[Level], list[float], list[str]]:
    pairs = [lighter_level(lv, min_preset) for lv in levels]
    notes = [note for _, note in pairs]
    rests = [r * REST_FACTOR for r in rests_s]
    if any(r > 0 for r in rests_s):
        notes.append("rests 50 % longer")
    return [lv for lv, _ in pairs], rests, notes
