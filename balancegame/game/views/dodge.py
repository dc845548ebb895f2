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
from balancegame.game.views.common import HUD_H, draw_hud
from balancegame.messages import Side, TrackedFrame

if TYPE_CHECKING:
    from balancegame.game.scenes.level import LevelScene

PLAYER_Y = 590
TOP_Y = HUD_H
GAP_EDGE_PX = 240  # screen distance from the middle to the gap edge
MARKER_R = 42


def _x_of(displacement_cm: float, distance_cm: float, width: int) -> float:
    """Screen x of a displacement: the current gap edge maps to GAP_EDGE_PX."""
    return width / 2 + displacement_cm * GAP_EDGE_PX / distance_cm


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
    travel = PLAYER_Y - TOP_Y
    front_y = TOP_Y + ob.progress(t_s) * travel
    thickness = max(30.0, travel * (ob.t_clear_s - ob.t_arrive_s) / (ob.t_arrive_s - ob.t_spawn_s))
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


def draw(surface: pygame.Surface, scene: LevelScene, tracked: TrackedFrame | None,
         camera_view: CameraView) -> None:
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    pygame.draw.line(surface, theme.PANEL, (0, PLAYER_Y), (w, PLAYER_Y), 8)
    # Middle and gap edges as faint guides.
    for x in (w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX):
        pygame.draw.line(surface, theme.PANEL, (x, TOP_Y), (x, h), 3)
    t_s = scene.challenge.t_s
    for ob in scene.challenge.state.obstacles:
        _draw_wall(surface, scene, ob, t_s)
    distance_cm = scene.challenge.p["dodge_distance_cm"]
    x = min(max(_x_of(scene.displacement_cm, distance_cm, w), MARKER_R), w - MARKER_R)
    present = tracked is not None and tracked.signals.present
    pygame.draw.circle(surface, theme.BLACK, (int(x), PLAYER_Y), MARKER_R + 6)
    pygame.draw.circle(surface, theme.YELLOW if present else theme.TEXT_DIM, (int(x), PLAYER_Y),
                       MARKER_R)
    draw_hud(surface, scene, tracked, camera_view, "Avoided")
