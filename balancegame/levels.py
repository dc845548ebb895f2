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

Every parameter is declared once in :data:`PARAMETERS` with its unit, safe
range, default and meaning; the loader checks every field against it and the
same table documents the format (``balancegame levels describe``).  All
problems in a file are reported together, each naming the file, the field,
the value found, what was expected and how to fix it.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

SCHEMA_VERSION = 1
LEVELS_DIR = Path(__file__).resolve().parent.parent / "levels"


@dataclass(frozen=True)
class Param:
    """One tunable parameter of a level type."""

    name: str
    unit: str
    minimum: float
    maximum: float
    default: float
    meaning: str
    integer: bool = False


_COMMON = (
    Param("duration_s", "s", 10, 600, 60,
          "How long the level lasts, countdown not included."),
    Param("countdown_s", "s", 2, 10, 3,
          "Quiet standing before the first challenge; the middle position is measured then."),
)

PARAMETERS: dict[str, tuple[Param, ...]] = {
    "obstacle_dodge": _COMMON + (
        Param("approach_time_s", "s", 1.0, 10.0, 3.0,
              "Obstacle speed, as the time from an obstacle appearing to it reaching you. "
              "Shorter is faster and harder."),
        Param("spawn_interval_s", "s", 1.5, 30.0, 5.0,
              "Time from one obstacle appearing to the next. Shorter is harder. Never less "
              "than the obstacle's approach and pass plus rest_s: one obstacle at a time."),
        Param("spawn_jitter_s", "s", 0.0, 5.0, 1.0,
              "Random variation of the interval, plus or minus, so obstacles are not predictable."),
        Param("dodge_distance_cm", "cm", 2.0, 40.0, 10.0,
              "How far the body's centre of mass must move sideways from the middle to avoid an "
              "obstacle. Larger asks for a bigger lean or a side step."),
        Param("pass_time_s", "s", 0.2, 3.0, 0.8,
              "How long an obstacle takes to pass: the time the patient must stay in the gap."),
        Param("rest_s", "s", 0.5, 10.0, 1.5,
              "After an obstacle has passed, at least this long before the next appears: time "
              "to come back to the middle and stand still, so each reaction is measured from "
              "rest."),
        Param("max_same_side", "obstacles", 1, 10, 3,
              "At most this many obstacles in a row ask for the same side.", integer=True),
    ),
}

STRING_FIELDS = {
    "title": "the name shown on screen, e.g. \"Side steps, gentle\"",
    "instructions": "one or two short sentences shown before the level starts",
}
SIDES = ("left", "right")


class LevelError(Exception):
    """A level file has problems; ``problems`` lists every one in plain words."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Level file {path} has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Level:
    """A validated level: what the game plays and what the log records."""

    name: str  # file stem, used on the command line (--level NAME)
    path: Path
    title: str
    type: str
    instructions: str
    difficulty: MappingProxyType  # parameter name -> value, all filled in
    sides: tuple[str, ...] = SIDES
    source_text: str = field(default="", repr=False)

    def __getitem__(self, name: str) -> float:
        return self.difficulty[name]

    def difficulty_dict(self) -> dict[str, Any]:
        return {**self.difficulty, "sides": list(self.sides)}


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


def parse_level(text: str, path: Path) -> Level:
    """Validate a level file's text completely; raise LevelError with every problem."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LevelError(path, [f"not valid TOML: {exc}. Check quotes, '=' signs and "
                                "[section] headers on that line."]) from None
    problems: list[str] = []
    version = doc.get("schema_version")
    if version is None:
        problems.append("schema_version is missing: add the line "
                        f"schema_version = {SCHEMA_VERSION} at the top.")
    elif version != SCHEMA_VERSION:
        problems.append(f"schema_version = {version!r}: this program reads version "
                        f"{SCHEMA_VERSION}. Update balancegame, or set schema_version = "
                        f"{SCHEMA_VERSION} after checking the file against levels/README.md.")
    level_type = doc.get("type")
    if level_type not in PARAMETERS:
        known = ", ".join(f'"{t}"' for t in PARAMETERS)
        problems.append(f"type = {level_type!r}: expected one of {known}.")
    strings = {}
    for key, meaning in STRING_FIELDS.items():
        value = doc.get(key)
        if value is None:
            problems.append(f"{key} is missing: add a line {key} = \"...\" with {meaning}.")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{key} = {value!r}: expected {meaning}, in quotes.")
        else:
            strings[key] = value.strip()
    sides = doc.get("sides", list(SIDES))
    if (not isinstance(sides, list) or not sides
            or any(s not in SIDES for s in sides) or len(set(sides)) != len(sides)):
        problems.append(f"sides = {sides!r}: expected a list of \"left\" and/or \"right\", "
                        "e.g. sides = [\"left\", \"right\"].")
    known_top = {"schema_version", "type", "sides", "difficulty", *STRING_FIELDS}
    for key in doc:
        if key not in known_top:
            known = ", ".join(sorted(known_top))
            problems.append(f"{key}: not a known field. Known fields: {known} "
                            "(check the spelling).")
    difficulty: dict[str, float] = {}
    section = doc.get("difficulty", {})
    if not isinstance(section, dict):
        problems.append("difficulty must be a table: a line [difficulty] followed by name = value "
                        "lines.")
        section = {}
    if level_type in PARAMETERS:
        params = {p.name: p for p in PARAMETERS[level_type]}
        for key in section:
            if key not in params:
                problems.append(f"[difficulty] {key}: not a parameter of {level_type} levels. "
                                f"Known: {', '.join(params)}.")
        for p in params.values():
            value, problem = _check_number(p, section.get(p.name, p.default))
            if problem:
                problems.append(problem)
            else:
                difficulty[p.name] = value
        too_close = (not problems and level_type == "obstacle_dodge"
                     and difficulty["spawn_interval_s"] - difficulty["spawn_jitter_s"] < 1.0)
        if too_close:
            problems.append("[difficulty] spawn_jitter_s is so large that two obstacles could "
                            "come less than 1 s apart: make it smaller than spawn_interval_s - 1.")
    if problems:
        raise LevelError(path, problems)
    return Level(path.stem, path, strings["title"], level_type, strings["instructions"],
                 MappingProxyType(difficulty), tuple(sides), text)


def load_level(path: str | Path) -> Level:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LevelError(path, ["file not found. Check the name; `balancegame levels list` shows "
                                "the shipped levels."]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LevelError(path, [f"cannot be read as UTF-8 text ({exc}). Save it as plain text."]) \
            from None
    return parse_level(text, path)


def find_level(name_or_path: str, levels_dir: Path = LEVELS_DIR) -> Level:
    """A level by file path, or by name (file stem) in the shipped levels folder."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return load_level(candidate)
    path = levels_dir / f"{name_or_path}.toml"
    if not path.exists():
        names = ", ".join(sorted(p.stem for p in levels_dir.glob("*.toml"))) or "(none)"
        raise LevelError(path, [f"no level named {name_or_path!r}. Shipped levels: {names}."])
    return load_level(path)


def shipped_levels(levels_dir: Path = LEVELS_DIR) -> list[Path]:
    return sorted(levels_dir.glob("*.toml"))


def describe_parameters() -> str:
    """The parameter reference of levels/README.md, generated from PARAMETERS."""
    out: list[str] = []
    for level_type, params in PARAMETERS.items():
        out += [f"### `type = \"{level_type}\"`", "",
                "| parameter | unit | allowed range | default | what it does |",
                "|---|---|---|---|---|"]
        for p in params:
            rng = f"{p.minimum:g} to {p.maximum:g}" + (" (whole number)" if p.integer else "")
            out.append(f"| `{p.name}` | {p.unit} | {rng} | {p.default:g} | {p.meaning} |")
        out.append("")
    return "\n".join(out)
