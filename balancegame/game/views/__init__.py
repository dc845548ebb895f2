"""Drawing of each challenge type's level screen, from a view-model only.

``views/<module>.py`` draws the challenge defined in ``challenges/<module>.py``:
it provides ``draw(surface, screen, camera_view)``, where ``screen`` is the
:class:`~balancegame.game.views.model.LevelScreen` the level scene hands over
(``screen.challenge`` is that challenge type's own frozen view).
"""

from __future__ import annotations

import dataclasses
import importlib
import math
from collections.abc import Sequence

import pygame

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.game.camera_view import CameraView
from balancegame.game.motion import STILL
from balancegame.game.views.common import (
    BREATHE_WORDS,
    COUNTDOWN_WORDS,
    PAUSE_TEXT,
    RELAX_WORDS,
    countdown_number,
    draw_intro,
    draw_pause,
)
from balancegame.game.views.model import LevelScreen, Pause

__all__ = ["LevelScreen", "Pause", "draw_intro", "draw_level", "draw_pause", "level_prompt",
           "usual_prompts"]


def level_prompt(screen: LevelScreen) -> tuple[str, ...]:
    """What the level screen asks of the patient now, as lines to say: a pause's words,
    the countdown ("Stand still", "3"), else the type's own (its view's ``prompt``)."""
    if screen.pause is not None:
        return PAUSE_TEXT[screen.pause.kind]
    if screen.countdown_left_s > 0:
        return COUNTDOWN_WORDS, countdown_number(screen)
    module = CHALLENGE_TYPES[screen.level_type].module
    return tuple(importlib.import_module(f"{__name__}.{module}").prompt(screen))


def usual_prompts(countdowns_s: Sequence[float]) -> list[tuple[str, ...]]:
    """The fixed prompts of the level screens (the countdown for levels counting down
    ``countdowns_s``, every type's words, the pauses), to make their speech ahead."""
    from balancegame.game.views import dodge, gaze, quiet_stance, stepping, weight_shift

    prompts: list[tuple[str, ...]] = [(w,) for w in (
        *dodge.LEAN_WORDS.values(), *weight_shift.WORDS.values(), weight_shift.HOLD_WORDS,
        weight_shift.MIDDLE_WORDS, quiet_stance.RECOVER_WORDS, gaze.EYES_WORDS,
        stepping.MARCH_WORDS, BREATHE_WORDS, RELAX_WORDS)]
    for n in range(1, math.ceil(max(countdowns_s, default=0)) + 1):
        prompts += [(COUNTDOWN_WORDS, str(n)), (str(n),)]
    return prompts + list(PAUSE_TEXT.values())


def draw_level(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    """The level screen; a paused one is drawn still (nothing glows under the pause)."""
    if screen.pause is not None:
        screen = dataclasses.replace(screen, motion=STILL)
    module = CHALLENGE_TYPES[screen.level_type].module
    importlib.import_module(f"{__name__}.{module}").draw(surface, screen, camera_view)
    if screen.pause is not None:
        draw_pause(surface, screen.pause.kind, screen.pause.resume_left_s)
