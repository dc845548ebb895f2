"""Drawing of the obstacle-dodge level, from its view-model; no rules here.

Walls come down the screen towards the patient's marker (a yellow disc on the
line near the bottom).  A wall covers the middle and one side; the gap, on
the other side, is marked by an arrow on the wall and a dashed target zone on
the line.  The view is a mirror: moving to one's right moves the marker right.
"""

from __future__ import annotations

import pygame

from balancegame.challenges.walls import WallView
from balancegame.game import theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import HUD_H, draw_hud
from balancegame.game.views.model import LevelScreen
from balancegame.messages import Side

PLAYER_Y = 590
TOP_Y = HUD_H
GAP_EDGE_PX = 240  # screen distance from the middle to the gap edge
MARKER_R = 42
LEAN_WORDS = {Side.LEFT: "Lean left", Side.RIGHT: "Lean right"}  # spoken, with the arrow


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


def _draw_wall(surface: pygame.Surface, ob: WallView) -> None:
    w = surface.get_width()
    travel = PLAYER_Y - TOP_Y
    front_y = TOP_Y + ob.progress * travel
    thickness = max(30.0, travel * ob.pass_share)
    edge_x = w / 2 + ob.side.value * GAP_EDGE_PX
    x0, x1 = (0, edge_x) if ob.side is Side.RIGHT else (edge_x, w)
    colour = {None: theme.ORANGE, "hit": theme.VERMILLION, "avoided": theme.BLUE}[ob.outcome]
    rect = pygame.Rect(int(x0), int(front_y - thickness), int(x1 - x0), int(thickness))
    pygame.draw.rect(surface, colour, rect)
    pygame.draw.rect(surface, theme.BLACK, rect, 4)
    if ob.outcome is None:
        arrow_c = (int(w / 2), int(front_y - thickness / 2))
        _draw_arrow(surface, arrow_c, ob.side, int(min(70, thickness * 0.9)))
        zone_x = edge_x if ob.side is Side.RIGHT else 0
        zone = pygame.Rect(int(zone_x), PLAYER_Y - 60, int(w - edge_x if zone_x else edge_x), 120)
        for i in range(0, zone.width, 40):  # dashed outline, visible on any colour
            for y in (zone.y, zone.bottom):
                pygame.draw.line(surface, theme.GREEN, (zone.x + i, y), (zone.x + i + 20, y), 6)


def draw_marker(surface: pygame.Surface, screen: LevelScreen, distance_cm: float, y: int,
                radius: int) -> None:
    """The patient's marker on the line: the gap edge at ``GAP_EDGE_PX`` from the middle."""
    w = surface.get_width()
    x = min(max(_x_of(screen.displacement_cm, distance_cm, w), radius), w - radius)
    pygame.draw.circle(surface, theme.BLACK, (int(x), y), radius + 6)
    pygame.draw.circle(surface, theme.YELLOW if screen.present else theme.TEXT_DIM, (int(x), y),
                       radius)


def draw_lanes(surface: pygame.Surface, y: int, top_y: int = TOP_Y) -> None:
    """The line the marker moves on, and the gap edges as faint guides from ``top_y`` down."""
    w, h = surface.get_size()
    pygame.draw.line(surface, theme.PANEL, (0, y), (w, y), 8)
    for x in (w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX):
        pygame.draw.line(surface, theme.PANEL, (x, top_y), (x, h), 3)


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """The side to move to for the nearest wall still coming (spoken instructions)."""
    coming = [ob for ob in screen.challenge.walls if ob.outcome is None]
    return (LEAN_WORDS[max(coming, key=lambda ob: ob.progress).side],) if coming else ()


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    view = screen.challenge
    surface.fill(theme.BACKGROUND)
    draw_lanes(surface, PLAYER_Y)
    for ob in view.walls:
        _draw_wall(surface, ob)
    draw_marker(surface, screen, view.distance_cm, PLAYER_Y, MARKER_R)
    draw_hud(surface, screen, camera_view, "Avoided")
