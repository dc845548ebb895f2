"""A level's ``modes``: how the patient may be when it is played (issue 10, part 9).

* ``"standing"``: standing, the feet stay where they are (leaning, weight shifts, stances);
* ``"stepping"``: standing, and it asks for steps (side steps, marching);
* ``"seated"``: it can be played sitting (trunk leaning; the feet need not be in view).

A seated patient is given only levels that list ``"seated"``; a level cannot list both
``"seated"`` and ``"stepping"``, and a stepping level (type ``stepping``) must say
``"stepping"``: a seated patient never gets a stepping level.  Without the field a level is
``["stepping"]`` if its type is ``stepping``, else ``["standing"]``.
"""

from __future__ import annotations

from typing import Any

FIELD = "modes"
MODES = ("standing", "stepping", "seated")


def default_modes(level_type: str | None) -> tuple[str, ...]:
    return ("stepping",) if level_type == "stepping" else ("standing",)


def parse_modes(doc: dict[str, Any], level_type: str | None) -> tuple[tuple[str, ...], list[str]]:
    """The level's modes and the problems with the field (each names it and says how)."""
    if FIELD not in doc:
        return default_modes(level_type), []
    value = doc[FIELD]
    allowed = ", ".join(f'"{m}"' for m in MODES)
    if (not isinstance(value, list) or not value or len(set(value)) != len(value)
            or not all(isinstance(v, str) and v in MODES for v in value)):
        return default_modes(level_type), [
            f"{FIELD} = {value!r}: expected a list of one or more of {allowed}, e.g. "
            f"{FIELD} = [\"standing\", \"seated\"] (how the patient may be when it is played)."
            .replace("'", '"')]
    if "seated" in value and ("stepping" in value or level_type == "stepping"):
        return default_modes(level_type), [
            f"{FIELD} = {value!r}: a level that asks for steps cannot be played seated. "
            "Remove \"seated\", or \"stepping\" if the level asks for no steps."
            .replace("'", '"')]
    if level_type == "stepping" and "stepping" not in value:
        return default_modes(level_type), [
            f"{FIELD} = {value!r}: a stepping level asks for steps: list \"stepping\"."
            .replace("'", '"')]
    return tuple(value), []
