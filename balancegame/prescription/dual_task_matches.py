"""A dual-task level names the single-task levels it is compared with, for the dual-task cost.

In the level file::

    [dual_task_cost]
    balance_single = "dual-task-single-dodge"   # the same balance task, no counting
    thinking_single = "counting-seated"          # the same counting, no balance task

Either may be left out.  The names are level names (as for ``--level``); the
cost is computed when the matched levels are played in the same session
(:mod:`balancegame.measures.dual_task_cost`).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

SECTION = "dual_task_cost"
SIDES = {"balance_single": "the same balance task without counting, e.g. "
                           "\"dual-task-single-dodge\"",
         "thinking_single": "the same counting without the balance task, e.g. "
                            "\"counting-seated\""}


def parse_matches(doc: dict[str, Any], level_type: object) -> tuple[MappingProxyType,
                                                                     list[str]]:
    """The ``[dual_task_cost]`` table of a level file, checked: (side -> level name, problems)."""
    section = doc.get(SECTION)
    if section is None:
        return MappingProxyType({}), []
    if level_type != "dual_task":
        return MappingProxyType({}), [f"[{SECTION}]: only dual_task levels name single-task "
                                      "matches; remove this table."]
    if not isinstance(section, dict):
        return MappingProxyType({}), [f"{SECTION} must be a table: a line [{SECTION}] followed "
                                      "by balance_single = \"...\" and thinking_single = "
                                      "\"...\" lines."]
    problems, matches = [], {}
    for key, value in section.items():
        if key not in SIDES:
            problems.append(f"[{SECTION}] {key}: not known. Known: {', '.join(SIDES)}.")
        elif not isinstance(value, str) or not value.strip() or "/" in value:
            problems.append(f"[{SECTION}] {key} = {value!r}: expected a level name in quotes: "
                            f"{SIDES[key]}.")
        else:
            matches[key] = value.strip()
    return MappingProxyType(matches), problems
