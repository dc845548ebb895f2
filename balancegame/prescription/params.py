"""Declarations of what a therapist can set in a level file.

Each challenge type declares its numeric parameters (:class:`Param`, with unit,
safe range, default and meaning) and its word choices (:class:`Choice`).  The
level loader validates against these declarations and the therapists' guide
(levels/README.md) is generated from them, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


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


COMMON: tuple[Param, ...] = (
    Param("duration_s", "s", 10, 600, 60,
          "How long the level lasts, countdown not included."),
    Param("countdown_s", "s", 2, 10, 3,
          "Quiet standing before the first challenge; the middle position is measured then."),
)
