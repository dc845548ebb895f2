"""Declarations of what a therapist can set in a level file.

Each challenge type declares its numeric parameters (:class:`Param`, with unit,
safe range, default and meaning) and its word choices (:class:`Choice`) in a
data file beside its module (``challenges/<module>.toml``, read by
:func:`load_declarations`).  The
level loader validates against these declarations and the therapists' guide
(levels/README.md) is generated from them, so the two cannot drift apart.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Param:
    """One tunable number of a challenge type, in the [difficulty] table."""

    name: str
    unit: str
    minimum: float
    maximum: float
    default: float
    meaning: str
    integer: bool = False


@dataclass(frozen=True)
class Choice:
    """A word (or list of words) chosen from a fixed set, at the top of the file."""

    name: str
    allowed: tuple[str, ...]
    default: str | tuple[str, ...]
    meaning: str
    several: bool = False  # a list of one or more of ``allowed``


@dataclass(frozen=True)
class Declarations:
    """Everything a challenge type lets a therapist set, read from its ``.toml`` file."""

    summary: str
    params: tuple[Param, ...]
    choices: tuple[Choice, ...]
    easiest: dict[str, float]  # preset 1; presets 2-10 interpolate towards ``hardest``
    hardest: dict[str, float]

    def as_tuple(self) -> tuple:
        """(summary, params, choices, easiest, hardest): a challenge module's constants."""
        return self.summary, self.params, self.choices, self.easiest, self.hardest


def load_declarations(module: str) -> Declarations:
    """The declarations beside a challenge module: ``challenges/dodge.py`` -> ``dodge.toml``.

    They are data (the therapists' words, units and safe ranges, reviewed by
    clinicians without reading code), shipped inside the package.  A malformed
    file is a programming error and raises ValueError naming the file and entry.
    """
    package, _, name = module.rpartition(".")
    path = resources.files(package).joinpath(f"{name}.toml")
    where = f"{package.replace('.', '/')}/{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        params = tuple(Param(p["name"], p["unit"], p["minimum"], p["maximum"], p["default"],
                             p["meaning"], p.get("integer", False)) for p in data["param"])
        choices = tuple(Choice(c["name"], tuple(c["allowed"]),
                               tuple(c["default"]) if isinstance(c["default"], list)
                               else c["default"], c["meaning"], c.get("several", False))
                        for c in data.get("choice", ()))
        presets = data.get("presets", {})
        easiest, hardest = dict(presets.get("easiest", {})), dict(presets.get("hardest", {}))
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{where}: bad challenge declarations ({exc!r})") from exc
    names = {p.name for p in params}
    unknown = (set(easiest) | set(hardest)) - names
    if data.get("schema_version") != 1 or set(easiest) != set(hardest) or unknown:
        raise ValueError(f"{where}: schema_version must be 1 and [presets.easiest] and "
                         f"[presets.hardest] must name the same parameters (unknown: "
                         f"{sorted(unknown)})")
    return Declarations(data["summary"], params, choices, easiest, hardest)
