"""Drawing of each challenge type's level screen.

``views/<module>.py`` draws the challenge defined in
``challenges/<module>.py``: it provides ``draw(surface, scene, tracked,
camera_view)``.  The level scene picks the view by the level's type.
"""

from __future__ import annotations

import importlib

import pygame

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.game.views.common import draw_intro, draw_pause

__all__ = ["draw_intro", "draw_level", "draw_pause"]


def draw_level(surface: pygame.Surface, scene, tracked, camera_view) -> None:
    module = CHALLENGE_TYPES[scene.level.type].module
    importlib.import_module(f"{__name__}.{module}").draw(surface, scene, tracked, camera_view)
