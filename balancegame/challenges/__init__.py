"""The challenge types a level file can name, found in this package.

Each module here that defines ``KIND`` is a challenge type.  What a therapist
can set in it is data, in ``<module>.toml`` beside it (numbers with unit, safe
range, default and meaning; word choices; the values of presets 1 and 10),
which the module loads as ``SUMMARY``, ``PARAMS``, ``CHOICES``, ``EASIEST`` and
``HARDEST`` (balancegame.prescription.params.load_declarations).  The module
adds ``check(values) -> list[str]`` (rules across parameters and choices) and
``CHALLENGE``: a class following :class:`balancegame.challenges.base.Challenge`
(most build on :class:`~balancegame.challenges.lifecycle.ChallengeBase`), built
as ``CHALLENGE(level, rng)``.  Its view lives in ``balancegame.game.views.<module>``
and draws what ``CHALLENGE.view()`` returns.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from balancegame.prescription.params import Choice, Param


@dataclass(frozen=True)
class ChallengeType:
    kind: str
    module: str
    summary: str
    params: tuple[Param, ...]
    choices: tuple[Choice, ...]
    factory: Callable[..., Any]  # (level, rng) -> Challenge
    check: Callable[[dict[str, Any]], list[str]]
    notes: Callable[[dict[str, Any]], list[str]]  # values the rules will change, said up front
    easiest: dict[str, float]  # preset 1; presets 2-10 interpolate towards HARDEST
    hardest: dict[str, float]


def _discover() -> dict[str, ChallengeType]:
    found: dict[str, ChallengeType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in ("base",):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if not hasattr(module, "KIND"):
            continue
        found[module.KIND] = ChallengeType(
            module.KIND, info.name, getattr(module, "SUMMARY", ""), module.PARAMS,
            getattr(module, "CHOICES", ()), module.CHALLENGE,
            getattr(module, "check", lambda values: []),
            getattr(module, "notes", lambda values: []),
            getattr(module, "EASIEST", {}), getattr(module, "HARDEST", {}))
    return found


CHALLENGE_TYPES: dict[str, ChallengeType] = _discover()
