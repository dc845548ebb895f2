"""The patient's marker drawn with care, and the short, calm animations of success.

The marker is a ball: a shadow on the floor under it, a black rim (it reads on any
colour), the yellow body and a small highlight.  A success sends one ring outwards from
where it happened, for ``motion.SUCCESS_S`` at most, clipped to a text-free area the
view gives, and drawn before the texts, so it never covers one.  Nothing here runs when
the motion is still (``--calm``).
"""

from __future__ import annotations

import math

import pygame

from balancegame.game import theme
from balancegame.game.motion import BREATHE_HZ, Motion, ease_out

GOOD = ("avoided", "reached", "correct", "completed")
HIGHLIGHT = (255, 248, 190)


def draw_ball(surface: pygame.Surface, centre: tuple[int, int], radius: int,
              colour: tuple[int, int, int], shadow_y: int | None = None) -> None:
    """A ball at ``centre``; with ``shadow_y`` its shadow lies on the floor at that y."""
    x, y = centre
    if shadow_y is not None:
        shadow = pygame.Rect(0, 0, int(radius * 2.2), max(6, radius // 2))
        shadow.center = (x, shadow_y + radius // 3)
        pygame.draw.ellipse(surface, theme.SHADOW, shadow)
    pygame.draw.circle(surface, theme.BLACK, centre, radius + 6)
    pygame.draw.circle(surface, colour, centre, radius)
    if colour == theme.YELLOW:  # the lit side: a ball, not a flat disc
        pygame.draw.circle(surface, HIGHLIGHT, (x - radius // 3, y - radius // 3),
                           max(3, radius // 4))


def draw_success(surface: pygame.Surface, motion: Motion, outcome: str | None, age_s: float,
                 centre: tuple[int, int], radius: int, clip: pygame.Rect) -> None:
    """One ring growing out of ``centre`` after a success, within ``clip`` only."""
    if outcome not in GOOD:
        return
    share = motion.once(age_s)
    if share is None:
        return
    grown = ease_out(share)
    r = int(radius * (1.15 + 1.1 * grown))
    width = max(2, int(10 * (1 - share)))
    before = surface.get_clip()
    surface.set_clip(clip.clip(before))
    pygame.draw.circle(surface, theme.BLACK, centre, r + 3, width + 6)
    pygame.draw.circle(surface, theme.GOOD_TEXT, centre, r, width)
    surface.set_clip(before)


def breathing(motion: Motion) -> float:
    """0 to 1 and back, slowly (``BREATHE_HZ``): a target waiting for the patient."""
    return motion.wave(BREATHE_HZ)


def mix(a: tuple[int, int, int], b: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return tuple(int(round(x + (y - x) * k)) for x, y in zip(a, b, strict=True))


SWAY_HZ = 0.15  # the title's balance beam: one slow sway in about 7 s


def draw_balance(surface: pygame.Surface, centre: tuple[int, int], motion: Motion,
                 half_w: int = 55) -> None:
    """A ball resting on a beam over a pivot, the beam tilting slowly (still when calm)."""
    cx, cy = centre
    tilt = 0.12 * (2 * motion.wave(SWAY_HZ) - 1) if motion.animate else 0.0
    dx, dy = half_w * math.cos(tilt), half_w * math.sin(tilt)
    pygame.draw.polygon(surface, theme.TEXT_DIM, [(cx, cy), (cx - 18, cy + 30), (cx + 18, cy + 30)])
    pygame.draw.line(surface, theme.BLACK, (cx - dx, cy - dy), (cx + dx, cy + dy), 12)
    pygame.draw.line(surface, theme.ORANGE, (cx - dx, cy - dy), (cx + dx, cy + dy), 7)
    roll = 0.6 * tilt / 0.12 * half_w * 0.5 if motion.animate else 0.0  # rolls downhill
    bx, by = cx + roll * math.cos(tilt), cy + roll * math.sin(tilt)
    draw_ball(surface, (int(bx - 18 * math.sin(tilt)), int(by - 20 * math.cos(tilt))), 14,
              theme.YELLOW)
