"""Drawing of the obstacle-dodge level; no rules here, only what the scene holds.

Walls come down the screen towards the patient's marker (a yellow disc on the
line near the bottom).  A wall covers the middle and one side; the gap, on
the other side, is marked by an arrow on the wall and a dashed target zone on
the line.  The view is a mirror: moving to one's right moves the marker right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from balancegame.game import theme
from balancegame.game.camera_view import CameraView
from balancegame.levels import Level
from balancegame.messages import Side, TrackedFrame

if TYPE_CHECKING:
    from balancegame.game.level_scene import LevelScene

PLAYER_Y = 590
TOP_Y = 80
GAP_EDGE_PX = 240  # screen distance from the middle to the gap edge
MARKER_R = 42
PIP_SIZE = (256, 192)


def _x_of(displacement_cm: float, level: Level, width: int) -> float:
    return width / 2 + displacement_cm * GAP_EDGE_PX / level["dodge_distance_cm"]


def draw_intro(surface: pygame.Surface, level: Level, seconds_left: float) -> None:
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    theme.draw_text(surface, level.title, theme.LARGE, theme.YELLOW, (w // 2, 110))
    theme.draw_paragraph(surface, level.instructions, 60, theme.TEXT, (w // 2, 210), w - 200)
    theme.draw_text(surface, f"Starting in {max(1, int(seconds_left + 0.999))}", theme.MEDIUM,
                    theme.SKY_BLUE, (w // 2, h - 110))


def _draw_arrow(surface: pygame.Surface, centre: tuple[int, int], side: Side, size: int) -> None:
    cx, cy = centre
    d = side.value
    points = [(cx - d * size, cy - size // 3), (cx, cy - size // 3), (cx, cy - size * 2 // 3),
              (cx + d * size, cy), (cx, cy + size * 2 // 3), (cx, cy + size // 3),
              (cx - d * size, cy + size // 3)]
    pygame.draw.polygon(surface, theme.BLACK, points)
    pygame.draw.polygon(surface, theme.TEXT, points, 6)


def _draw_wall(surface: pygame.Surface, scene: LevelScene, ob, t_s: float) -> None:
    w = surface.get_width()
    level = scene.level
    travel = PLAYER_Y - TOP_Y
    front_y = TOP_Y + ob.progress(t_s) * travel
    thickness = max(30.0, travel * level["pass_time_s"] / level["approach_time_s"])
    edge_x = w / 2 + ob.gap_side.value * GAP_EDGE_PX
    x0, x1 = (0, edge_x) if ob.gap_side is Side.RIGHT else (edge_x, w)
    colour = {None: theme.ORANGE, "hit": theme.VERMILLION, "avoided": theme.BLUE}[ob.outcome]
    rect = pygame.Rect(int(x0), int(front_y - thickness), int(x1 - x0), int(thickness))
    pygame.draw.rect(surface, colour, rect)
    pygame.draw.rect(surface, theme.BLACK, rect, 4)
    if ob.outcome is None:
        arrow_c = (int(w / 2), int(front_y - thickness / 2))
        _draw_arrow(surface, arrow_c, ob.gap_side, int(min(70, thickness * 0.9)))
        zone_x = edge_x if ob.gap_side is Side.RIGHT else 0
        zone = pygame.Rect(int(zone_x), PLAYER_Y - 60, int(w - edge_x if zone_x else edge_x), 120)
        for i in range(0, zone.width, 40):  # dashed outline, visible on any colour
            for y in (zone.y, zone.bottom):
                pygame.draw.line(surface, theme.GREEN, (zone.x + i, y), (zone.x + i + 20, y), 6)


def draw_play(surface: pygame.Surface, scene: LevelScene, tracked: TrackedFrame | None,
              camera_view: CameraView) -> None:
    w, h = surface.get_size()
    level = scene.level
    surface.fill(theme.BACKGROUND)
    pygame.draw.line(surface, theme.PANEL, (0, PLAYER_Y), (w, PLAYER_Y), 8)
    # Middle and gap edges as faint guides.
    for x in (w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX):
        pygame.draw.line(surface, theme.PANEL, (x, TOP_Y), (x, h), 3)
    t_s = scene.rules.state.t_s
    for ob in scene.rules.state.obstacles:
        _draw_wall(surface, scene, ob, t_s)
    # The HUD band hides a wall's back while it enters, so figures stay readable.
    pygame.draw.rect(surface, theme.BACKGROUND, (0, 0, w, TOP_Y))
    pygame.draw.line(surface, theme.PANEL, (0, TOP_Y), (w, TOP_Y), 3)
    x = min(max(_x_of(scene.displacement_cm, level, w), MARKER_R), w - MARKER_R)
    present = tracked is not None and tracked.signals.present
    pygame.draw.circle(surface, theme.BLACK, (int(x), PLAYER_Y), MARKER_R + 6)
    pygame.draw.circle(surface, theme.YELLOW if present else theme.TEXT_DIM, (int(x), PLAYER_Y),
                       MARKER_R)
    # HUD: time left and score, large; the camera picture-in-picture for the therapist.
    countdown_s = level["countdown_s"] - t_s
    if countdown_s > 0:
        theme.draw_text(surface, "Stand still", theme.LARGE, theme.TEXT, (w // 2, 200))
        theme.draw_text(surface, str(int(countdown_s) + 1), theme.HUGE, theme.YELLOW,
                        (w // 2, 330))
    else:
        left_s = max(0, int(scene.rules.t_end_s - t_s + 0.999))
        theme.draw_text(surface, f"{left_s // 60}:{left_s % 60:02d}", theme.MEDIUM, theme.TEXT,
                        (110, 40))
        avoided = sum(t["outcome"] == "avoided" for t in scene.trials)
        theme.draw_text(surface, f"Avoided {avoided} of {len(scene.trials)}", theme.MEDIUM,
                        theme.GREEN, (w // 2 - 40, 40))
    if tracked is not None:
        pip = camera_view.surface(tracked, PIP_SIZE)
        surface.blit(pip, pip.get_rect(topright=(w - 8, 8)))
    if scene.feedback:
        kind, _ = scene.feedback
        avoided = kind == "avoided"
        text, colour = ("Well done!", theme.GREEN) if avoided else ("Bump!", theme.VERMILLION)
        theme.draw_text(surface, text, theme.LARGE, colour, (w // 2, h - 60))


PAUSE_TEXT = {
    # kind: (headline, what to do)
    "manual": ("Paused", "Press Space to go on"),
    "tracking_lost": ("Come back into view", "The game goes on when you are back"),
    "camera_lost": ("Camera not working", "Check its cable. The game goes on when it is back."),
    "fall_suspected": ("Are you all right?",
                       "Sit down and rest. If you feel unwell, call someone.\n"
                       "Press Space to go on."),
}


def draw_pause(surface: pygame.Surface, kind: str, resume_left_s: float | None) -> None:
    """The pause overlay; ``resume_left_s`` counts down an automatic resume."""
    w, h = surface.get_size()
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 210))
    surface.blit(shade, (0, 0))
    headline, detail = PAUSE_TEXT[kind]
    if resume_left_s is not None:
        detail = f"Going on in {max(1, int(resume_left_s + 0.999))}"
    theme.draw_text(surface, headline, theme.LARGE, theme.YELLOW, (w // 2, h // 2 - 100))
    theme.draw_paragraph(surface, detail, theme.MEDIUM, theme.TEXT, (w // 2, h // 2 - 10),
                         w - 120)
