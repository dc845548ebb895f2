"""Drawing of the weight-shift level, from its view-model; no rules here.

A wide oval arena, a raised platform: its edge is 120 % of the patient's limit of stability and a
dotted line marks 100 %.  The patient's centre of mass is a big yellow disc
(a ball) that moves along the middle line (the only measured axis: left-right; mirror
view, the patient's right is the screen's right).  A target is a large ring on
that line; it turns green while the disc is on it (or past it) and a white band
around it closes as the hold time passes; while it waits, a soft halo breathes
slowly round it, and reaching it sends one short ring out of the ball (neither when
the screens are calm).  Between targets the middle circle is
highlighted: come back to it before the next target.  A diagonal target sits
at its sideways part, with an arrow showing the diagonal asked for.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from balancegame.challenges.weight_shift import WeightShiftView
from balancegame.game import backdrop, theme
from balancegame.game.camera_view import CameraView
from balancegame.game.motion import Motion
from balancegame.game.views.common import FEEDBACK_TOP, HUD_H, draw_hud
from balancegame.game.views.flourish import breathing, draw_ball, draw_success, mix
from balancegame.game.views.model import LevelScreen
from balancegame.measures.limits_of_stability import COMPASS

CENTRE = (640, 385)
ARENA = (590, 225)  # semi-axes, px: its edge clear of the outcome word below
ARENA_LOS_SHARE = 1.2  # the arena's edge at 120 % of the larger side limit
CURSOR_R = 46
PLATFORM_EDGE = 16  # px: the arena's edge seen below it (depth)
WORDS = {"left": "Lean to the left", "right": "Lean to the right",
         "forward-left": "Lean left and forward", "forward-right": "Lean right and forward",
         "back-left": "Lean left and back", "back-right": "Lean right and back"}
HOLD_WORDS = "Hold it there"
MIDDLE_WORDS = "Back to the middle"


def px_per_cm(view: WeightShiftView) -> float:
    return ARENA[0] / (ARENA_LOS_SHARE * max(view.los_left_cm, view.los_right_cm))


@lru_cache(maxsize=4)
def _arena(size: tuple[int, int], los_left_cm: float, los_right_cm: float,
           scale: float) -> pygame.Surface:
    """The backdrop with the arena on it: a raised oval platform (its edge seen below
    it), the middle line and the limits of stability, dotted; made once per level."""
    out = backdrop.backdrop(size).copy()
    cx, cy = CENTRE
    box = pygame.Rect(0, 0, 2 * ARENA[0], 2 * ARENA[1])
    box.center = CENTRE
    pygame.draw.ellipse(out, theme.SHADOW, box.move(0, PLATFORM_EDGE + 10))
    pygame.draw.ellipse(out, theme.FLOOR_FAR, box.move(0, PLATFORM_EDGE))
    for i, k in enumerate((1.0, 0.8, 0.6)):  # lighter towards the middle: a gentle dome
        ring = box.inflate(-(1 - k) * box.width, -(1 - k) * box.height)
        pygame.draw.ellipse(out, mix(theme.FLOOR_NEAR, theme.PANEL, i / 2), ring)
    pygame.draw.ellipse(out, theme.TEXT_DIM, box, 3)
    pygame.draw.line(out, theme.TEXT_DIM, (cx - ARENA[0], cy), (cx + ARENA[0], cy), 4)
    for deg in range(0, 360, 6):  # the limits of stability, dotted
        a = math.radians(deg)
        los = los_right_cm if math.cos(a) >= 0 else los_left_cm
        x = cx + math.cos(a) * los * scale
        y = cy - math.sin(a) * ARENA[1] / ARENA_LOS_SHARE
        pygame.draw.circle(out, theme.TEXT_DIM, (int(x), int(y)), 5)
    return out


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


def _draw_target(surface: pygame.Surface, view: WeightShiftView, scale: float,
                 motion: Motion) -> None:
    cx, cy = CENTRE
    x = int(cx + view.target_point_cm[0] * scale)
    r = max(24, int(view.target_radius_cm * scale))
    on = view.hold_share > 0
    if not on:  # waiting for the patient: a soft halo breathes slowly (never when calm)
        glow = breathing(motion)
        if glow > 0:
            pygame.draw.circle(surface, mix(theme.PANEL, theme.ORANGE, 0.45 * glow), (x, cy),
                               r + 18 + int(8 * glow), 6)
    _draw_ring(surface, (x, cy), r, theme.GREEN if on else theme.ORANGE, 14)
    if on:  # hold progress: a white band that closes round the ring as the hold time passes
        _draw_band(surface, (x, cy), r + 22, r + 44, view.hold_share)
    words = HOLD_WORDS if on else WORDS[view.target]
    theme.draw_text(surface, words, theme.MEDIUM, theme.GOOD_TEXT if on else theme.TEXT,
                    (cx, 118))
    if COMPASS[view.target][1] != 0.0:  # a diagonal: show the lean asked for, inside the ring
        _draw_arrow(surface, (x, cy), view.target, 1.5 * r)


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """Spoken instructions: the lean asked for, "Hold it there", or back to the middle."""
    view: WeightShiftView = screen.challenge
    if view.target is not None:
        return (HOLD_WORDS if view.hold_share > 0 else WORDS[view.target],)
    away = abs(screen.displacement_cm) > view.target_radius_cm
    return (MIDDLE_WORDS,) if away else ()


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    view: WeightShiftView = screen.challenge
    scale = px_per_cm(view)
    surface.blit(_arena(surface.get_size(), view.los_left_cm, view.los_right_cm, scale), (0, 0))
    cx, cy = CENTRE
    home_r = max(24, int(view.target_radius_cm * scale))
    if screen.countdown_left_s > 0:  # the shared HUD shows "Stand still" and the count
        draw_hud(surface, screen, camera_view, "Reached")
        return
    if view.target is not None:
        _draw_ring(surface, CENTRE, home_r, theme.TEXT_DIM, 4)
        _draw_target(surface, view, scale, screen.motion)
    else:
        _draw_ring(surface, CENTRE, home_r, theme.SKY_BLUE, 10)
        if abs(screen.displacement_cm) > view.target_radius_cm:
            theme.draw_text(surface, MIDDLE_WORDS, theme.MEDIUM, theme.SKY_BLUE,
                            (cx, 118))
    x = cx + screen.displacement_cm * scale
    x = int(min(max(x, cx - ARENA[0] + CURSOR_R), cx + ARENA[0] - CURSOR_R))
    play = pygame.Rect(0, HUD_H + 80, surface.get_width(), FEEDBACK_TOP - HUD_H - 80)
    draw_success(surface, screen.motion, screen.feedback, screen.feedback_age_s, (x, cy),
                 CURSOR_R, play)
    draw_ball(surface, (x, cy), CURSOR_R, theme.YELLOW if screen.present else theme.TEXT_DIM)
    draw_hud(surface, screen, camera_view, "Reached")
