"""Drawing of each challenge type's level screen, from a view-model only.

``views/<module>.py`` draws the challenge defined in ``challenges/<module>.py``:
it provides ``draw(surface, screen, camera_view)``, where ``screen`` is the
:class:`~balancegame.game.views.model.LevelScreen` the level scene hands over
(``screen.challenge`` is that challenge type's own frozen view).
"""

from __future__ import annotations

import importlib

import pygame

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import draw_intro, draw_pause
from balancegame.game.views.model import LevelScreen, Pause

__all__ = ["LevelScreen", "Pause", "draw_intro", "draw_level", "draw_pause"]


def draw_level(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    module = CHALLENGE_TYPES[screen.level_type].module
    importlib.import_module(f"{__name__}.{module}").draw(surface, screen, camera_view)
    if screen.pause is not None:
        draw_pause(surface, screen.pause.kind, screen.pause.resume_left_s)
