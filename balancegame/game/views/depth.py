"""A floor seen in perspective, and blocks standing on it (the dodge walls, the gates).

Depth ``u`` is 0 at the patient's plane (the line the marker moves on) and 1 where a
wall appears.  A wall's front is at ``u = 1 - progress`` (challenges/walls.py: progress
is 0 when it appears and 1 at ``t_arrive_s``), its back ``pass_share`` further away, so
its front reaches the patient's line exactly at the rule's arrival time and the block
stands on that line exactly while the rules judge it passing, until ``t_clear_s``.

The size on screen shrinks linearly with depth (``scale``), so a wall comes down the
screen at a steady speed, as the difficulty presets were tuned for, and grows as it
comes; a true looming curve would keep it small and far for most of its approach and
rush it in at the end, which is harder to time for slow visual processing.
Nothing on the floor moves by itself (optic flow makes people sway).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

from balancegame.game import backdrop, theme

MIN_SCALE = 0.05
FLOOR_END_U = 1.2  # the floor is drawn this deep (a wall's back may be behind u = 1)
MARKS_U = (0.25, 0.5, 0.75, 1.0)  # still lines across the floor: distance, not motion


@dataclass(frozen=True)
class Floor:
    horizon_y: int  # where the floor's lines meet
    player_y: int  # the patient's plane (u = 0)
    far_scale: float  # size at u = 1 against the patient's plane

    def scale(self, u: float) -> float:
        return max(MIN_SCALE, 1.0 - (1.0 - self.far_scale) * u)

    def y(self, u: float) -> float:
        """Screen y of the floor at depth ``u``."""
        return self.horizon_y + (self.player_y - self.horizon_y) * self.scale(u)

    def x(self, x_near: float, u: float, width: int) -> float:
        """Screen x at depth ``u`` of what is at ``x_near`` on the patient's plane."""
        return width / 2 + (x_near - width / 2) * self.scale(u)


def wall_depths(progress: float, pass_share: float) -> tuple[float, float] | None:
    """(near, far) depth of a wall's block, its part in front of the patient's plane
    cut away; None once it has passed (the rules' ``t_clear_s``)."""
    near, far = 1.0 - progress, 1.0 - progress + pass_share
    if far <= 1e-9:  # (rounding: 1.2 - 1.0 is not exactly 0.2)
        return None
    return max(near, 0.0), far


def _shade(colour: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    if k >= 1:
        return tuple(int(c + (255 - c) * (k - 1)) for c in colour)
    return tuple(int(c * k) for c in colour)


def draw_block(surface: pygame.Surface, floor: Floor, x0: float, x1: float, u_near: float,
               u_far: float, height_px: float, colour: tuple[int, int, int]) -> pygame.Rect:
    """A block from ``x0`` to ``x1`` (patient-plane x) between two depths, ``height_px``
    tall at the patient's plane: its top and the side that faces the middle, then its
    front; returns the front face's rectangle."""
    w = surface.get_width()

    def corner(x: float, u: float, up: bool) -> tuple[float, float]:
        return floor.x(x, u, w), floor.y(u) - (height_px * floor.scale(u) if up else 0.0)

    top = [corner(x0, u_near, True), corner(x1, u_near, True), corner(x1, u_far, True),
           corner(x0, u_far, True)]
    pygame.draw.polygon(surface, _shade(colour, 1.25), top)
    pygame.draw.polygon(surface, theme.BLACK, top, 2)
    for x, faces_middle in ((x1, x1 < w / 2), (x0, x0 > w / 2)):
        if faces_middle:
            side = [corner(x, u_near, False), corner(x, u_near, True), corner(x, u_far, True),
                    corner(x, u_far, False)]
            pygame.draw.polygon(surface, _shade(colour, 0.62), side)
            pygame.draw.polygon(surface, theme.BLACK, side, 2)
    (fx0, fy0), (fx1, fy1) = corner(x0, u_near, True), corner(x1, u_near, False)
    front = pygame.Rect(int(fx0), int(fy0), max(1, int(fx1 - fx0)), max(1, int(fy1 - fy0)))
    pygame.draw.rect(surface, colour, front)
    pygame.draw.rect(surface, theme.BLACK, front, 4)
    return front


def lane_polygon(floor: Floor, x0: float, x1: float, u_near: float, u_far: float,
                 width: int) -> list[tuple[float, float]]:
    """The floor between ``x0`` and ``x1`` (patient-plane x) from one depth to another."""
    return [(floor.x(x0, u_near, width), floor.y(u_near)),
            (floor.x(x1, u_near, width), floor.y(u_near)),
            (floor.x(x1, u_far, width), floor.y(u_far)),
            (floor.x(x0, u_far, width), floor.y(u_far))]


@lru_cache(maxsize=8)
def floor_surface(size: tuple[int, int], floor: Floor,
                  lanes_x: tuple[float, ...]) -> pygame.Surface:
    """The backdrop with the floor on it, its lanes (``lanes_x``: patient-plane x) and
    still distance marks: made once per window size and floor, blitted every frame."""
    w, h = size
    out = backdrop.backdrop(size).copy()
    top_y = int(floor.y(FLOOR_END_U))
    shade = backdrop.vertical((w, floor.player_y - top_y + 1), theme.FLOOR_FAR,
                              theme.FLOOR_NEAR)
    mask = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.polygon(mask, (255, 255, 255, 255), lane_polygon(floor, 0, w, 0.0, FLOOR_END_U, w))
    ground = pygame.Surface((w, h), pygame.SRCALPHA)
    ground.blit(shade, (0, top_y))
    ground.fill(theme.FLOOR_NEAR, (0, floor.player_y, w, h - floor.player_y))
    ground.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    out.blit(ground, (0, 0))
    out.fill(theme.FLOOR_NEAR, (0, floor.player_y, w, h - floor.player_y))
    for u in MARKS_U:
        y = int(floor.y(u))
        pygame.draw.line(out, theme.FLOOR_LINE, (floor.x(0, u, w), y), (floor.x(w, u, w), y), 2)
    for x in (0, *lanes_x, w):
        pygame.draw.line(out, theme.FLOOR_LINE, (x, floor.player_y),
                         (floor.x(x, FLOOR_END_U, w), top_y), 3)
    pygame.draw.line(out, theme.FLOOR_LINE, (0, floor.player_y), (w, floor.player_y), 8)
    return out


def clear_caches() -> None:
    floor_surface.cache_clear()
