"""Drawing of the obstacle-dodge level, from its view-model; no rules here.

Walls come along a floor seen in perspective (views/depth.py) towards the patient's
marker (a yellow ball on the line near the bottom: the patient's plane).  A wall covers
the middle and one side; the gap, on the other side, is shown from the moment the wall
appears: the floor of the gap tinted green up to the wall, an arrow on the wall and a
dashed target zone on the line (it glows slowly while the wall comes, unless the
screens are calm).  The wall's front reaches the line exactly at the rules' arrival
time and it stands on the line exactly while the rules judge it passing.  The view is
a mirror: moving to one's right moves the marker right.
"""

from __future__ import annotations

import pygame

from balancegame.challenges.walls import WallView
from balancegame.game import theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import FEEDBACK_TOP, HUD_H, draw_hud
from balancegame.game.views.depth import Floor, draw_block, floor_surface, lane_polygon, wall_depths
from balancegame.game.views.flourish import breathing, draw_ball, draw_success, mix
from balancegame.game.views.model import LevelScreen
from balancegame.messages import Side

PLAYER_Y = 570
HORIZON_Y = 130
FLOOR = Floor(HORIZON_Y, PLAYER_Y, 0.3)
GAP_EDGE_PX = 240  # screen distance from the middle to the gap edge, at the patient's plane
WALL_H = 150  # px, a wall's height at the patient's plane
MARKER_R = 42
LEAN_WORDS = {Side.LEFT: "Lean left", Side.RIGHT: "Lean right"}  # spoken, with the arrow
COLOURS = {None: theme.ORANGE, "hit": theme.VERMILLION, "avoided": theme.BLUE}


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
    pygame.draw.polygon(surface, theme.TEXT, points, max(3, size // 12))


def gap_span(side: Side, width: int) -> tuple[float, float]:
    """The gap's x range on the patient's plane (from its edge to the floor's edge)."""
    edge_x = width / 2 + side.value * GAP_EDGE_PX
    return (edge_x, width) if side is Side.RIGHT else (0, edge_x)


def draw_target_zone(surface: pygame.Surface, side: Side, y: int, glow: float) -> None:
    """The dashed zone on the line the patient moves into; ``glow`` 0..1 brightens it."""
    x0, x1 = gap_span(side, surface.get_width())
    colour = mix(theme.GREEN, theme.GOOD_TEXT, glow)
    for i in range(int(x0), int(x1), 40):  # dashed outline, visible on any colour
        for line_y in (y - 50, y + 44):
            pygame.draw.line(surface, colour, (i, line_y), (min(i + 20, x1), line_y), 6)


def _draw_wall(surface: pygame.Surface, ob: WallView, glow: float) -> None:
    depths = wall_depths(ob.progress, ob.pass_share)
    if depths is None:
        return
    w = surface.get_width()
    near, far = depths
    gap = gap_span(ob.side, w)
    x0, x1 = (0, gap[0]) if ob.side is Side.RIGHT else (gap[1], w)
    if ob.outcome is None:  # the way out, on the floor, from the patient to the wall
        pygame.draw.polygon(surface, theme.SAFE_LANE, lane_polygon(FLOOR, *gap, 0.0, near, w))
        draw_target_zone(surface, ob.side, PLAYER_Y, glow)
    front = draw_block(surface, FLOOR, x0, x1, near, far, WALL_H, COLOURS[ob.outcome])
    if ob.outcome is None:
        size = int(max(34, min(80, front.height * 0.8)))
        _draw_arrow(surface, (int(FLOOR.x(w / 2, near, w)), front.centery), ob.side, size)


def draw_marker(surface: pygame.Surface, screen: LevelScreen, distance_cm: float, y: int,
                radius: int, free_top: int = HUD_H) -> None:
    """The patient's marker on the line: the gap edge at ``GAP_EDGE_PX`` from the middle;
    after a success a ring grows out of it, between ``free_top`` and the texts below."""
    w, h = surface.get_size()
    x = int(min(max(_x_of(screen.displacement_cm, distance_cm, w), radius), w - radius))
    play = pygame.Rect(0, free_top, w, FEEDBACK_TOP - free_top)
    draw_success(surface, screen.motion, screen.feedback, screen.feedback_age_s, (x, y), radius,
                 play)
    draw_ball(surface, (x, y), radius, theme.YELLOW if screen.present else theme.TEXT_DIM, y)


def draw_floor(surface: pygame.Surface, floor: Floor) -> None:
    """The backdrop and the floor, with the gap edges as lanes (one blit, cached)."""
    w = surface.get_width()
    lanes = (w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX)
    surface.blit(floor_surface(surface.get_size(), floor, lanes), (0, 0))


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """The side to move to for the nearest wall still coming (spoken instructions)."""
    coming = [ob for ob in screen.challenge.walls if ob.outcome is None]
    return (LEAN_WORDS[max(coming, key=lambda ob: ob.progress).side],) if coming else ()


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    view = screen.challenge
    draw_floor(surface, FLOOR)
    glow = breathing(screen.motion)
    for ob in sorted(view.walls, key=lambda ob: ob.progress):  # the farthest first
        _draw_wall(surface, ob, glow)
    draw_marker(surface, screen, view.distance_cm, PLAYER_Y, MARKER_R)
    draw_hud(surface, screen, camera_view, "Avoided")
