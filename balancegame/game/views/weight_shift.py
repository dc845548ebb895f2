"""Drawing of the weight-shift level; no rules here, only what the scene holds.

A wide oval arena: its edge is 120 % of the patient's limit of stability and a
dotted line marks 100 %.  The patient's centre of mass is a big yellow disc
that moves along the middle line (the only measured axis: left-right; mirror
view, the patient's right is the screen's right).  A target is a large ring on
that line; it turns green while the disc is on it (or past it) and a white band
around it closes as the hold time passes.  Between targets the middle circle is
highlighted: come back to it before the next target.  A diagonal target sits
at its sideways part, with an arrow showing the diagonal asked for.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from balancegame.game import theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import draw_hud
from balancegame.measures.limits_of_stability import COMPASS
from balancegame.messages import TrackedFrame

if TYPE_CHECKING:
    from balancegame.game.scenes.level import LevelScene

CENTRE = (640, 410)
ARENA = (590, 255)  # semi-axes, px
ARENA_LOS_SHARE = 1.2  # the arena's edge at 120 % of the larger side limit
CURSOR_R = 46
WORDS = {"left": "Lean to the left", "right": "Lean to the right",
         "forward-left": "Lean left and forward", "forward-right": "Lean right and forward",
         "back-left": "Lean left and back", "back-right": "Lean right and back"}


def px_per_cm(p: dict) -> float:
    return ARENA[0] / (ARENA_LOS_SHARE * max(p["los_left_cm"], p["los_right_cm"]))


def _draw_arena(surface: pygame.Surface, p: dict, scale: float) -> None:
    cx, cy = CENTRE
    box = pygame.Rect(0, 0, 2 * ARENA[0], 2 * ARENA[1])
    box.center = CENTRE
    pygame.draw.ellipse(surface, theme.PANEL, box)
    pygame.draw.ellipse(surface, theme.TEXT_DIM, box, 3)
    pygame.draw.line(surface, theme.TEXT_DIM, (cx - ARENA[0], cy), (cx + ARENA[0], cy), 4)
    for deg in range(0, 360, 6):  # the limits of stability, dotted
        a = math.radians(deg)
        los = p["los_right_cm"] if math.cos(a) >= 0 else p["los_left_cm"]
        x = cx + math.cos(a) * los * scale
        y = cy - math.sin(a) * ARENA[1] / ARENA_LOS_SHARE
        pygame.draw.circle(surface, theme.TEXT_DIM, (int(x), int(y)), 5)


def _draw_ring(surface: pygame.Surface, centre: tuple[int, int], r: int,
               colour: tuple[int, int, int], width: int) -> None:
    pygame.draw.circle(surface, theme.BLACK, centre, r + width // 2 + 3, width + 6)
    pygame.draw.circle(surface, colour, centre, r + width // 2, width)


def _draw_band(surface: pygame.Surface, centre: tuple[int, int], r_in: int, r_out: int,
               share: float) -> None:
    """A clockwise band from 12 o'clock over ``share`` of the circle (a polygon: no moire)."""
    if share <= 0:
        return
    angles = [2 * math.pi * share * i / 60 for i in range(61)]
    outer = [(centre[0] + r_out * math.sin(a), centre[1] - r_out * math.cos(a)) for a in angles]
    inner = [(centre[0] + r_in * math.sin(a), centre[1] - r_in * math.cos(a)) for a in angles]
    points = outer + inner[::-1]
    pygame.draw.polygon(surface, theme.TEXT, points)
    pygame.draw.polygon(surface, theme.BLACK, points, 3)


def _draw_arrow(surface: pygame.Surface, centre: tuple[int, int], label: str,
                length: float) -> None:
    """A white arrow through ``centre`` pointing in the compass direction (up = forward)."""
    tip = pygame.math.Vector2(COMPASS[label][0], -COMPASS[label][1])
    start = pygame.math.Vector2(centre) - tip * length / 2
    end = pygame.math.Vector2(centre) + tip * (length / 2 - 30)
    side = tip.rotate(90) * 26
    for colour, extra in ((theme.BLACK, 6), (theme.TEXT, 0)):
        pygame.draw.line(surface, colour, start, end, 14 + extra)
        pygame.draw.polygon(surface, colour, [end + tip * 34, end + side, end - side])


def _draw_target(surface: pygame.Surface, challenge, scale: float) -> None:
    tg, p = challenge.active, challenge.p
    cx, cy = CENTRE
    x = int(cx + tg.point_cm[0] * scale)
    r = max(24, int(p["target_radius_cm"] * scale))
    on = tg.held_s > 0
    _draw_ring(surface, (x, cy), r, theme.GREEN if on else theme.ORANGE, 14)
    if on:  # hold progress: a white band that closes round the ring as the hold time passes
        _draw_band(surface, (x, cy), r + 22, r + 44, min(1.0, tg.held_s / p["hold_s"]))
    words = "Hold it there" if on else WORDS[tg.label]
    theme.draw_text(surface, words, theme.MEDIUM, theme.GREEN if on else theme.TEXT,
                    (cx, 118))
    if COMPASS[tg.label][1] != 0.0:  # a diagonal: show the lean asked for, inside the ring
        _draw_arrow(surface, (x, cy), tg.label, 1.5 * r)


def draw(surface: pygame.Surface, scene: LevelScene, tracked: TrackedFrame | None,
         camera_view: CameraView) -> None:
    challenge = scene.challenge
    p = challenge.p
    scale = px_per_cm(p)
    surface.fill(theme.BACKGROUND)
    _draw_arena(surface, p, scale)
    cx, cy = CENTRE
    home_r = max(24, int(p["target_radius_cm"] * scale))
    if challenge.t_s < p["countdown_s"]:  # the shared HUD shows "Stand still" and the count
        draw_hud(surface, scene, tracked, camera_view, "Reached")
        return
    if challenge.active is not None:
        _draw_ring(surface, CENTRE, home_r, theme.TEXT_DIM, 4)
        _draw_target(surface, challenge, scale)
    else:
        _draw_ring(surface, CENTRE, home_r, theme.SKY_BLUE, 10)
        if abs(scene.displacement_cm) > p["target_radius_cm"]:
            theme.draw_text(surface, "Back to the middle", theme.MEDIUM, theme.SKY_BLUE,
                            (cx, 118))
    x = cx + scene.displacement_cm * scale
    x = min(max(x, cx - ARENA[0] + CURSOR_R), cx + ARENA[0] - CURSOR_R)
    present = tracked is not None and tracked.signals.present
    pygame.draw.circle(surface, theme.BLACK, (int(x), cy), CURSOR_R + 6)
    pygame.draw.circle(surface, theme.YELLOW if present else theme.TEXT_DIM, (int(x), cy),
                       CURSOR_R)
    draw_hud(surface, scene, tracked, camera_view, "Reached")
