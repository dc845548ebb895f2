"""Drawing shared by the calibration screens: large words, and the lean track.

The track is the patient's side-to-side position seen from the front, as in a mirror
(the patient's right is the screen's right): the middle of the neutral stance as a
line, the yellow dot where the body's centre is, the target ring the patient leans
towards and, behind the dot, how far they have come in this try.
"""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.views.flourish import draw_ball

TRACK_Y = 500  # the track's line, or lower when the words above need the room
TRACK_GAP_PX = 24
HALF_WIDTH_PX = 560  # from the middle to the track's end
MAX_SHOWN_CM = 22.0  # the track's end, cm from the middle
DOT_PX = 30
RING_PX = 46


def px_per_cm() -> float:
    return HALF_WIDTH_PX / MAX_SHOWN_CM


def draw_words(surface: pygame.Surface, big: str, small: str = "", *,
               colour: tuple[int, int, int] = theme.TEXT, y: int = 110) -> int:
    """The instruction in large words (wrapped), a smaller line under it; the y below."""
    w = surface.get_width()
    y = theme.draw_paragraph(surface, big, theme.LARGE, colour, (w // 2, y - 55), w - 80)
    if small:
        y = theme.draw_paragraph(surface, small, theme.MEDIUM, theme.SKY_BLUE, (w // 2, y + 6),
                                 w - 80)
    return y


def draw_footer(surface: pygame.Surface, text: str) -> None:
    w, h = surface.get_size()
    theme.draw_text(surface, text, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 32))


def draw_track(surface: pygame.Surface, shown_cm: float | None, *, target_cm: float | None,
               furthest_cm: float | None, below_y: int = 0) -> pygame.Rect:
    """The lean track, at least ``TRACK_GAP_PX`` below ``below_y`` (the words above it);
    ``target_cm`` and ``furthest_cm`` signed (+ = the patient's right).  Returns its box."""
    w = surface.get_width()
    mid = w // 2
    scale = px_per_cm()
    track_y = max(TRACK_Y, below_y + TRACK_GAP_PX + RING_PX)

    def x_of(cm: float) -> int:
        return int(mid + max(-MAX_SHOWN_CM, min(MAX_SHOWN_CM, cm)) * scale)

    pygame.draw.line(surface, theme.PANEL, (mid - HALF_WIDTH_PX, track_y),
                     (mid + HALF_WIDTH_PX, track_y), 18)
    if furthest_cm:
        pygame.draw.line(surface, theme.BLUE, (mid, track_y), (x_of(furthest_cm), track_y), 18)
    pygame.draw.line(surface, theme.TEXT_DIM, (mid, track_y - RING_PX), (mid, track_y + RING_PX),
                     6)
    if target_cm is not None:
        centre = (x_of(target_cm), track_y)
        pygame.draw.circle(surface, theme.ORANGE, centre, RING_PX, 10)
    if shown_cm is not None:
        draw_ball(surface, (x_of(shown_cm), track_y), DOT_PX, theme.YELLOW)
    return pygame.Rect(mid - HALF_WIDTH_PX, track_y - RING_PX - 6, 2 * HALF_WIDTH_PX,
                       2 * RING_PX + 12)
