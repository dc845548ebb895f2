"""Depth never costs contrast: every text keeps 7:1 against the worst pixel behind it
(issue 12, item 11), and every screen draws headless at the game's window and a large one.

The backgrounds now have gradients, shadows, a perspective floor, tinted lanes and
panels; a text's contrast is therefore measured against each pixel it covers (its
glyphs and their outline), as the screen was just before the text was drawn.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers.screen_states import (
    draw_level,
    home_scene_shots,
    level_states,
    overlapping,
    scene_shots,
)

from balancegame.game import theme
from balancegame.game.motion import Motion


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb.astype(float) / 255
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


@pytest.fixture
def worst_contrast(monkeypatch):
    """Every text drawn: (text, worst contrast of its colour against the pixels it covers)."""
    found: list[tuple[str, float]] = []
    original = theme.draw_text

    def measuring(surface, text, size_px, colour, *args, **kwargs):
        before = pygame.surfarray.array3d(surface)
        rect = original(surface, text, size_px, colour, *args, **kwargs)
        rect = rect.clip(surface.get_rect())
        if rect.width and rect.height:
            after = pygame.surfarray.pixels3d(surface)[rect.left:rect.right, rect.top:rect.bottom]
            under = before[rect.left:rect.right, rect.top:rect.bottom]
            covered = np.any(after != under, axis=2)
            if covered.any():
                lum_text = _luminance(np.array(colour))
                lum_bg = _luminance(under[covered])
                hi, lo = np.maximum(lum_text, lum_bg), np.minimum(lum_text, lum_bg)
                found.append((text, float(((hi + 0.05) / (lo + 0.05)).min())))
        return rect

    monkeypatch.setattr(theme, "draw_text", measuring)
    return found


def _low(found: list[tuple[str, float]]) -> dict[str, float]:
    return {text: round(ratio, 2) for text, ratio in found if ratio < theme.MIN_CONTRAST}


def test_the_worst_pixel_test_sees_text_on_a_light_background(screen, worst_contrast):
    screen.fill((150, 154, 160))
    theme.draw_text(screen, "Eyes on the letter", theme.MEDIUM, theme.TEXT, (640, 300))
    assert _low(worst_contrast) == {"Eyes on the letter": pytest.approx(2.6, abs=0.1)}


@pytest.mark.parametrize("animate", [False, True])
def test_every_level_text_keeps_7_to_1_on_the_worst_pixel(screen, worst_contrast, animate):
    for kind, challenge, fields in level_states().values():
        for t_s in (0.0, 0.6, 1.25):  # the glows at rest, half-way, at their brightest
            draw_level(screen, None, kind, challenge, {**fields, "feedback_age_s": t_s / 3},
                       Motion(animate, t_s))
    assert len(worst_contrast) > 100 and _low(worst_contrast) == {}


def test_every_scene_text_keeps_7_to_1_on_the_worst_pixel(screen, worst_contrast,
                                                         ctx_factory, tmp_path):
    from balancegame.game.views.common import PAUSE_TEXT, draw_pause

    for calm in (False, True):
        ctx = ctx_factory()
        ctx.calm = calm
        for make, age_s in scene_shots(ctx).values():
            scene = make(ctx)
            ctx.clock.advance(age_s)
            scene.draw(screen)
    for make in home_scene_shots(ctx_factory(), tmp_path).values():
        make().draw(screen)
    for kind in PAUSE_TEXT:  # over a level screen
        kind_, challenge, fields = level_states()["dodge_wall_near"]
        draw_level(screen, None, kind_, challenge, fields, Motion(True, 0.0))
        draw_pause(screen, kind, 2.0)
    assert len(worst_contrast) > 60 and _low(worst_contrast) == {}


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_screen_draws_headless_at_the_window_and_a_large_one(screen, ctx_factory,
                                                                   size):
    """The game's logical screen (1280 x 720: the smallest, SDL scales it up to the
    window) and a large surface: every state draws, the background covers every pixel
    (made for that size), and the floor and backdrop caches hold one picture per size."""
    from balancegame.game import backdrop
    from balancegame.game.views import depth

    surface = pygame.Surface(size)
    magenta = (255, 0, 255)
    for kind, challenge, fields in level_states().values():
        surface.fill(magenta)
        draw_level(surface, None, kind, challenge, fields, Motion(True, 0.4))
        assert not np.all(pygame.surfarray.pixels3d(surface) == magenta, axis=2).any(), kind
    ctx = ctx_factory()
    for make, _ in scene_shots(ctx).values():
        surface.fill(magenta)
        make(ctx).draw(surface)
        assert not np.all(pygame.surfarray.pixels3d(surface) == magenta, axis=2).any()
    assert backdrop.backdrop(size).get_size() == size
    before = backdrop.backdrop.cache_info().misses, depth.floor_surface.cache_info().misses
    for kind, challenge, fields in list(level_states().values()) * 2:
        draw_level(surface, None, kind, challenge, fields, Motion(True, 0.4))
    assert (backdrop.backdrop.cache_info().misses,
            depth.floor_surface.cache_info().misses) == before  # nothing made again


def test_no_two_texts_of_a_level_screen_overlap(screen, drawn_text):
    """The outcome's word, the keys, the labels: each in a place of its own."""
    overlaps = []
    for name, (kind, challenge, fields) in level_states().items():
        if "pause" in fields:
            continue  # the pause's words are over the level on purpose
        drawn_text.clear()
        draw_level(screen, None, kind, challenge, fields, Motion(True, 0.3))
        overlaps += [f"{name}: {o}" for o in overlapping(drawn_text)]
    assert overlaps == []
