"""The screens' background and panels, with a little depth, made once per window size.

A vertical gradient (lighter at the top, darker at the bottom, a touch darker at the
sides) replaces the flat fill, and panels get a soft shadow and a lit top edge.  Every
shade is between ``theme.BACKDROP_BOTTOM`` and ``theme.PANEL``, so text keeps its 7:1
contrast on any pixel of it (tests/unit/test_theme_contrast.py checks the worst pixel
behind every text).  Gradients are computed once per size and blitted (~0.3 ms a frame
at 1280 x 720), never recomputed per frame.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from balancegame.game import theme

SHADOW_OFFSET = 8  # px, a panel's shadow below it


def _gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int],
              side_dark: float) -> pygame.Surface:
    w, h = size
    down = np.linspace(0.0, 1.0, h)[None, :, None]
    rgb = np.array(top, float) * (1 - down) + np.array(bottom, float) * down
    across = np.abs(np.linspace(-1.0, 1.0, w))[:, None, None] ** 2
    rgb = rgb * (1 - side_dark * across)  # only ever darker: contrast only grows
    return pygame.surfarray.make_surface(np.round(rgb).astype(np.uint8))


@lru_cache(maxsize=8)
def backdrop(size: tuple[int, int]) -> pygame.Surface:
    """The whole screen's background at ``size`` (cached: made once per window size)."""
    return _gradient(size, theme.BACKDROP_TOP, theme.BACKDROP_BOTTOM, 0.35)


@lru_cache(maxsize=8)
def vertical(size: tuple[int, int], top: tuple[int, int, int],
             bottom: tuple[int, int, int]) -> pygame.Surface:
    """A plain top-to-bottom gradient of ``size`` (the perspective floor), cached."""
    return _gradient(size, top, bottom, 0.0)


def paint(surface: pygame.Surface) -> None:
    """Cover ``surface`` with the screen's background."""
    surface.blit(backdrop(surface.get_size()), (0, 0))


def draw_panel(surface: pygame.Surface, rect: pygame.Rect | tuple, radius: int = 24,
               colour: tuple[int, int, int] = theme.PANEL) -> pygame.Rect:
    """A raised panel: a shadow under it, the panel, a thin lit edge along its top."""
    rect = pygame.Rect(rect)
    pygame.draw.rect(surface, theme.SHADOW, rect.move(0, SHADOW_OFFSET), border_radius=radius)
    pygame.draw.rect(surface, colour, rect, border_radius=radius)
    inset = radius + 4
    if rect.width > 2 * inset:
        pygame.draw.line(surface, theme.PANEL_EDGE, (rect.x + inset, rect.y + 1),
                         (rect.right - inset, rect.y + 1), 2)
    return rect


def clear_caches() -> None:
    """Forget the surfaces made for the last window (pygame.quit: app, tests)."""
    backdrop.cache_clear()
    vertical.cache_clear()
