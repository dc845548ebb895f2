"""Program files: a prescribed sequence of levels, in bouts with rests.

Interval training for people who tire quickly: each level is played for a
number of bouts, with a rest after each, and the whole session is capped.
A program file (``levels/programs/*.toml``)::

    schema_version = 1
    type = "program"
    title = "Home programme, week 1"
    max_session_min = 20
    sessions_per_week = 3         # the weekly goal: training days a week (1-7; default 3)
    spoken_instructions = true    # read each screen's instructions aloud (default false)
    calm_screens = true           # no decorative motion, nothing flashing (default false)

    [[levels]]
    level = "stance-feet-apart"   # a level name, or a path
    bouts = 1
    rest_s = 30

Like level files, a program is validated completely and every problem names
the file, the entry and what to change.  Level names are resolved by the
caller's ``find_level`` (:class:`balancegame.prescription.library.LevelLibrary`
looks them up in the same folders, in the same order, as ``--level NAME``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

from balancegame.prescription.file_problems import located, toml_problem
from balancegame.prescription.levels import (
    SCHEMA_VERSION,
    Level,
    LevelError,
    control_character_problem,
    read_level_file,
)

FindLevel = Callable[[str], Level]  # a level by name or path; LevelError if there is none
MAX_BOUTS = 10
MAX_REST_S = 600
# The weekly goal when a program does not set one (or no program is played): three
# training days a week, the frequency most exercise advice for people with MS gives.
DEFAULT_SESSIONS_PER_WEEK = 3
TOP_FIELDS = ("schema_version", "type", "title", "max_session_min", "sessions_per_week",
              "spoken_instructions", "calm_screens", "levels")


@dataclass(frozen=True)
class ProgramStep:
    level: Level
    rest_after_s: float  # rest shown after this bout (0 after the last)


@dataclass(frozen=True)
class Program:
    name: str
    path: Path
    title: str
    max_session_min: float
    steps: tuple[ProgramStep, ...]
    sessions_per_week: int = DEFAULT_SESSIONS_PER_WEEK  # the weekly goal (progress/weekly.py)
    spoken_instructions: bool = False  # speak each screen's instructions (game/narrator.py)
    calm_screens: bool = False  # still screens: no decorative motion (game/motion.py)


def _number(entry: dict, key: str, lo: float, hi: float, default: float, where: str,
            problems: list[str]) -> float:
    value = entry.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        quoted = " (write it without quotes)" if isinstance(value, str) else ""
        problems.append(f"{where} {key}".strip() + f" = {value!r}: expected a number from "
                        f"{lo:g} to {hi:g}{quoted}.")
        return default
    return float(value)


def _whole(doc: dict, key: str, lo: int, hi: int, default: int, meaning: str,
           problems: list[str]) -> int:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) \
            or not lo <= value <= hi:
        quoted = " (write it without quotes)" if isinstance(value, str) else ""
        problems.append(f"{key} = {value!r}: expected a whole number from {lo} to {hi}, "
                        f"{meaning}{quoted}.")
        return default
    return int(value)


def _yes_no(doc: dict, key: str, meaning: str, problems: list[str]) -> bool:
    value = doc.get(key, False)
    if not isinstance(value, bool):
        quoted = " (write it without quotes)" if isinstance(value, str) else ""
        problems.append(f"{key} = {value!r}: expected true or false, {meaning}{quoted}.")
        return False
    return value


def parse_program(text: str, path: Path, find_level: FindLevel) -> Program:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LevelError(path, [toml_problem(exc)]) from None
    problems: list[str] = []
    if doc.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version = {doc.get('schema_version')!r}: expected "
                        f"schema_version = {SCHEMA_VERSION}.")
    if doc.get("type") != "program":
        problems.append(f"type = {doc.get('type')!r}: a program file says type = \"program\".")
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append("title is missing: add a line title = \"...\" naming the program.")
    elif (problem := control_character_problem("title", title)) is not None:
        problems.append(problem)
    cap = _number(doc, "max_session_min", 1, 120, 30, "", problems)
    per_week = _whole(doc, "sessions_per_week", 1, 7, DEFAULT_SESSIONS_PER_WEEK,
                      "the training days a week the patient aims for", problems)
    speak = _yes_no(doc, "spoken_instructions", "whether each screen's instructions are "
                    "read aloud", problems)
    calm = _yes_no(doc, "calm_screens", "whether the screens stay still (no animation, "
                   "nothing flashing)", problems)
    for key in doc:
        if key not in TOP_FIELDS:
            problems.append(f"{key}: not a known field of a program (check the spelling).")
    entries = doc.get("levels")
    steps: list[ProgramStep] = []
    if not isinstance(entries, list) or not entries:
        problems.append("no levels: add one or more [[levels]] sections, each with "
                        "level = \"name\".")
        entries = []
    for i, entry in enumerate(entries, start=1):
        where = f"[[levels]] number {i}:"
        if not isinstance(entry, dict) or not isinstance(entry.get("level"), str):
            problems.append(f"{where} needs level = \"name\" (a level name, or a path).")
            continue
        bouts = int(_number(entry, "bouts", 1, MAX_BOUTS, 1, where, problems))
        rest_s = _number(entry, "rest_s", 0, MAX_REST_S, 60, where, problems)
        for key in entry:
            if key not in ("level", "bouts", "rest_s"):
                problems.append(f"{where} {key}: not known; use level, bouts and rest_s.")
        try:
            level = find_level(entry["level"])
        except LevelError as exc:
            problems.append(f"{where} level {entry['level']!r}: " + "; ".join(exc.problems))
            continue
        steps += [ProgramStep(level, rest_s)] * bouts
    if problems:
        raise LevelError(path, located(problems, text))
    if steps:
        steps[-1] = ProgramStep(steps[-1].level, 0.0)
    return Program(path.stem, path, title.strip(), cap, tuple(steps), per_week, speak, calm)


def load_program(file: str | Path | Traversable, find_level: FindLevel) -> Program:
    """A program from a file path or a shipped file; ``find_level`` resolves its level names."""
    return parse_program(*read_level_file(file), find_level)
