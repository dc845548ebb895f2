"""The challenge types a level file can name, and what each declares.

To add a type: write ``challenges/<type>.py`` with ``KIND``, ``PARAMS``,
``CHOICES``, optionally ``check(values) -> list[str]`` and a class that
follows :class:`balancegame.challenges.base.Challenge`; add it below and add
its view to ``balancegame.game.views``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from balancegame.challenges import dodge
from balancegame.params import Choice, Param


@dataclass(frozen=True)
class ChallengeType:
    kind: str
    summary: str
    params: tuple[Param, ...]
    choices: tuple[Choice, ...]
    factory: Callable[..., Any]  # (level, rng) -> Challenge
    check: Callable[[dict[str, Any]], list[str]]


def _register(module: ModuleType, cls: type, summary: str) -> ChallengeType:
    return ChallengeType(module.KIND, summary, module.PARAMS, getattr(module, "CHOICES", ()),
                         cls, getattr(module, "check", lambda values: []))


CHALLENGE_TYPES: dict[str, ChallengeType] = {
    t.kind: t for t in (
        _register(dodge, dodge.DodgeChallenge,
                  "Walls approach; lean or step sideways into the gap to avoid them."),
    )
}
