"""Level files: a TOML schema, one loader, and errors a therapist can act on.

A level file (``levels/*.toml``) looks like::

    schema_version = 1
    title = "Side steps, gentle"
    type = "obstacle_dodge"
    instructions = "Lean or step into the gap, then come back to the middle."

    [difficulty]
    duration_s = 60
    approach_time_s = 3.0
    ...

Every parameter is declared once, by its challenge type
(:mod:`balancegame.challenges`), with its unit, safe range, default and
meaning; the loader checks every field against it and the same table
documents the format (``balancegame levels describe``, written by
:mod:`balancegame.prescription.guide`).  All problems in a file are
reported together, each naming the file, the field, the value found, what
was expected and how to fix it.  Where level files are found by name is
:mod:`balancegame.prescription.library`.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from balancegame.errors import LevelError
from balancegame.prescription.adaptive import AdaptiveSpec
from balancegame.prescription.dual_task_matches import SECTION, parse_matches
from balancegame.prescription.file_problems import (
    closest,
    control_character_problem,
    located,
    toml_problem,
    type_of_difficulty,
)
from balancegame.prescription.level_modes import FIELD as MODES_FIELD
from balancegame.prescription.level_modes import parse_modes
from balancegame.prescription.params import Choice, Param

SCHEMA_VERSION = 1


def _types() -> dict:
    from balancegame.challenges import CHALLENGE_TYPES  # challenges import Level from here

    return CHALLENGE_TYPES


STRING_FIELDS = {
    "title": "the name shown on screen, e.g. \"Side steps, gentle\"",
    "instructions": "one or two short sentences shown before the level starts",
}


@dataclass(frozen=True)
class Level:
    """A validated level: what the game plays and what the log records."""

    name: str  # file stem, used on the command line (--level NAME)
    path: Path
    title: str
    type: str
    instructions: str
    difficulty: MappingProxyType  # parameter name -> value, all filled in
    options: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    source_text: str = field(default="", repr=False)
    preset: int | None = None  # 1 (easiest) - 10 (hardest), if the file names one
    pinned: frozenset = frozenset()  # parameters the file sets itself (presets leave them)
    adaptive: AdaptiveSpec | None = None
    matches: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # DTE
    notes: tuple[str, ...] = ()  # values the rules will change (levels validate says them)
    modes: tuple[str, ...] = ("standing",)  # standing, stepping, seated (level_modes.py)

    def __getitem__(self, name: str) -> float:
        return self.difficulty[name]

    def option(self, name: str) -> Any:
        """A word choice of the level (a tuple for choices of several words)."""
        return self.options[name]

    def difficulty_at(self, preset: float) -> dict[str, Any]:
        """Parameter values at a (possibly fractional) preset; pinned ones unchanged."""
        values = dict(self.difficulty)
        ctype = _types()[self.type]
        values.update({k: v for k, v in preset_values(ctype, preset).items()
                       if k not in self.pinned})
        return values

    def difficulty_dict(self) -> dict[str, Any]:
        options = {k: list(v) if isinstance(v, tuple) else v for k, v in self.options.items()}
        return {**self.difficulty, **options}


def _type_name(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _check_number(p: Param, value: object) -> tuple[float | None, str | None]:
    where = f"[difficulty] {p.name}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, (f"{where} = {value!r}: expected a number in {p.unit} between "
                      f"{p.minimum:g} and {p.maximum:g}, found {_type_name(value)}. "
                      f"Write it without quotes, e.g. {p.name} = {p.default:g}")
    if not math.isfinite(value) or not p.minimum <= value <= p.maximum:
        return None, (f"{where} = {value!r}: must be between {p.minimum:g} and {p.maximum:g} "
                      f"{p.unit} ({p.meaning}). Default is {p.default:g}.")
    if p.integer and value != int(value):
        return None, f"{where} = {value!r}: must be a whole number, e.g. {int(p.default)}."
    return (int(value) if p.integer else float(value)), None


def preset_values(ctype: Any, preset: float) -> dict[str, Any]:
    """Values of preset 1-10 (fractions allowed): linear from EASIEST to HARDEST."""
    f = (min(max(preset, 1.0), 10.0) - 1.0) / 9.0
    params = {p.name: p for p in ctype.params}
    out: dict[str, Any] = {}
    for name, easy in ctype.easiest.items():
        value = easy + f * (ctype.hardest[name] - easy)
        out[name] = int(round(value)) if params[name].integer else round(value, 3)
    return out


ADAPTIVE_KEYS = {
    "target_success": (0.5, 0.95, "the share of successful trials to aim for, e.g. 0.75"),
    "min_preset": (1, 10, "the easiest preset the game may go down to"),
    "max_preset": (1, 10, "the hardest preset the game may go up to"),
}


def _parse_adaptive(section: object, can_adapt: bool) -> tuple[AdaptiveSpec | None, list[str]]:
    if section is None:
        return None, []
    if not can_adapt:
        return None, ["[adaptive]: this level type cannot change its difficulty while it is "
                      "played yet; remove the [adaptive] table (a preset still works)."]
    if not isinstance(section, dict):
        return None, ["adaptive must be a table: a line [adaptive] then name = value lines."]
    problems, values = [], {}
    for key in section:
        if key not in ADAPTIVE_KEYS:
            problems.append(f"[adaptive] {key}: not known. Known: {', '.join(ADAPTIVE_KEYS)}.")
    for key, (lo, hi, meaning) in ADAPTIVE_KEYS.items():
        value = section.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            problems.append(f"[adaptive] {key} = {value!r}: expected a number from {lo:g} to "
                            f"{hi:g}: {meaning}.")
        else:
            values[key] = float(value)
    if not problems and values["min_preset"] > values["max_preset"]:
        problems.append("[adaptive] min_preset is larger than max_preset: swap them.")
    return (None if problems else AdaptiveSpec(**values)), problems


def _check_choice(c: Choice, value: object) -> tuple[Any, str | None]:
    allowed = ", ".join(f'"{a}"' for a in c.allowed)
    if c.several:
        ok = (isinstance(value, list) and value and len(set(value)) == len(value)
              and all(v in c.allowed for v in value))
        if not ok:
            return None, (f"{c.name} = {value!r}: expected a list of one or more of {allowed}, "
                          f"e.g. {c.name} = {list(c.allowed)!r}".replace("'", '"'))
        return tuple(value), None
    if value not in c.allowed:
        return None, f"{c.name} = {value!r}: expected one of {allowed} ({c.meaning})"
    return value, None


def parse_level(text: str, path: Path) -> Level:
    """Validate a level file's text completely; raise LevelError with every problem."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LevelError(path, [toml_problem(exc)]) from None
    problems: list[str] = []
    version = doc.get("schema_version")
    if version is None:
        problems.append("schema_version is missing: add the line "
                        f"schema_version = {SCHEMA_VERSION} at the top.")
    elif version != SCHEMA_VERSION:
        problems.append(f"schema_version = {version!r}: this program reads version "
                        f"{SCHEMA_VERSION}. Update balancegame, or set schema_version = "
                        f"{SCHEMA_VERSION} after checking the file against levels/README.md.")
    types = _types()
    level_type = doc.get("type")
    ctype = types.get(level_type) if isinstance(level_type, str) else None
    if ctype is None:  # say so, and check the rest as the type most likely meant
        known = ", ".join(f'"{t}"' for t in types)
        guess = closest(level_type, list(types)) or type_of_difficulty(doc, types)
        meant = f" Checked below as \"{guess}\", which it seems to mean." if guess else ""
        problems.append(f"type = {level_type!r}: expected one of {known}.{meant}"
                        if level_type is not None else
                        f"type is missing: add a line type = \"...\" with one of {known}.{meant}")
        ctype = types.get(guess) if guess else None
        level_type = guess if guess else level_type
    strings = {}
    for key, meaning in STRING_FIELDS.items():
        value = doc.get(key)
        if value is None:
            problems.append(f"{key} is missing: add a line {key} = \"...\" with {meaning}.")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{key} = {value!r}: expected {meaning}, in quotes.")
        elif (problem := control_character_problem(key, value)) is not None:
            problems.append(problem)
        else:
            strings[key] = value.strip()
    choices = {c.name: c for c in ctype.choices} if ctype else {}
    options: dict[str, Any] = {}
    for c in choices.values():
        value, problem = _check_choice(c, doc.get(c.name, list(c.default) if c.several
                                                  else c.default))
        if problem:
            problems.append(problem)
        else:
            options[c.name] = value
    known_top = {"schema_version", "type", "difficulty", "preset", "adaptive", *STRING_FIELDS,
                 *choices, SECTION, MODES_FIELD}
    matches, match_problems = parse_matches(doc, level_type)
    modes, mode_problems = parse_modes(doc, level_type)
    problems += match_problems + mode_problems
    for key in doc:  # (with an unknown type, its own fields cannot be judged)
        if key not in known_top and ctype is not None:
            known = ", ".join(sorted(known_top))
            problems.append(f"{key}: not a known field. Known fields: {known} "
                            "(check the spelling).")
    preset = doc.get("preset")
    has_presets = ctype is not None and bool(ctype.easiest)
    if preset is not None:
        if ctype is not None and not has_presets:
            problems.append(f"preset = {preset!r}: {level_type} levels have no presets yet; "
                            "set the numbers in [difficulty] instead.")
        elif isinstance(preset, bool) or not isinstance(preset, int) or not 1 <= preset <= 10:
            problems.append(f"preset = {preset!r}: expected a whole number from 1 (easiest) to "
                            "10 (hardest).")
    can_adapt = has_presets and hasattr(ctype.factory, "set_difficulty")
    adaptive, adaptive_problems = _parse_adaptive(doc.get("adaptive"), can_adapt)
    problems += adaptive_problems
    difficulty: dict[str, float] = {}
    section = doc.get("difficulty", {})
    if not isinstance(section, dict):
        problems.append("difficulty must be a table: a line [difficulty] followed by name = value "
                        "lines.")
        section = {}
    if ctype is not None:
        params = {p.name: p for p in ctype.params}
        for key in section:
            if key not in params:
                problems.append(f"[difficulty] {key}: not a parameter of {level_type} levels. "
                                f"Known: {', '.join(params)}.")
        base = {p.name: p.default for p in params.values()}
        start = preset if isinstance(preset, int) and has_presets else None
        if start is None and adaptive is not None:
            start = round((adaptive.min_preset + adaptive.max_preset) / 2)
        if start is not None:
            base.update(preset_values(ctype, start))
        for p in params.values():
            value, problem = _check_number(p, section.get(p.name, base[p.name]))
            if problem:
                problems.append(problem)
            else:
                difficulty[p.name] = value
        if not problems:
            problems += ctype.check({**difficulty, **options})  # numbers and choices
    if problems:
        raise LevelError(path, located(problems, text))
    return Level(path.stem, path, strings["title"], level_type, strings["instructions"],
                 MappingProxyType(difficulty), MappingProxyType(options), text, start,
                 frozenset(section), adaptive, matches,
                 tuple(ctype.notes({**difficulty, **options})), modes)


def read_level_file(file: str | Path | Traversable) -> tuple[str, Path]:
    """The text of a level or program file (a path, or a shipped resource) and its path."""
    file = Path(file) if isinstance(file, str) else file
    path = Path(str(file))
    try:
        return file.read_text(encoding="utf-8"), path
    except FileNotFoundError:
        raise LevelError(path, ["file not found. Check the name; `balancegame levels list` shows "
                                "every level and program and where each comes from."]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LevelError(path, [f"cannot be read as UTF-8 text ({exc}). Save it as plain text."]) \
            from None


def load_level(file: str | Path | Traversable) -> Level:
    """A level from a file path or a shipped file (see :mod:`balancegame.prescription.library`)."""
    return parse_level(*read_level_file(file))
