"""Drawing of each challenge type's level screen; the scene picks by level type."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from balancegame.game.views import dodge
from balancegame.game.views.common import draw_intro, draw_pause

__all__ = ["VIEWS", "draw_intro", "draw_level", "draw_pause"]

# level type -> draw(surface, scene, tracked, camera_view)
VIEWS: dict[str, Callable] = {
    "obstacle_dodge": dodge.draw,
}


def draw_level(surface: pygame.Surface, scene, tracked, camera_view) -> None:
    VIEWS[scene.level.type](surface, scene, tracked, camera_view)
