"""Colours, sizes and fonts, chosen to be read from 2.5 m.

Palette: Okabe & Ito (2008), distinguishable with the common colour-vision
deficiencies; outcomes are never told by colour alone (shape and words too).
The logical screen is 1280 x 720, scaled by SDL to the display.  At that size
a 15" laptop shows 1 px as ~0.27 mm, so the main text (96 px, ~1.8 cm
capitals) subtends ~25 arcmin at 2.5 m, readable at about 20/80 acuity.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

SCREEN_SIZE = (1280, 720)

BACKGROUND = (16, 20, 28)
PANEL = (34, 40, 54)
TEXT = (245, 245, 245)
TEXT_DIM = (190, 196, 206)
# Okabe-Ito colours (told apart with colour-blindness), orange and sky blue tinted a little
# towards white so that text in them reaches 7:1 on the panels too (WCAG AAA, low vision).
ORANGE = (232, 169, 26)
SKY_BLUE = (108, 190, 236)
GREEN = (0, 158, 115)
YELLOW = (240, 228, 66)
BLUE = (0, 114, 178)
VERMILLION = (213, 94, 0)
PURPLE = (204, 121, 167)
BLACK = (0, 0, 0)
# Text in the success and error colours: the same hues, light enough for 7:1.
GOOD_TEXT = (102, 197, 171)
BAD_TEXT = (232, 166, 115)
MIN_CONTRAST = 7.0  # every text colour against BACKGROUND and PANEL (tests/unit/test_screens_text)
# Depth (game/backdrop.py, game/views/depth.py): every shade text can sit on is no lighter
# than PANEL, so the 7:1 above holds on all of them (and on the worst pixel behind a text).
BACKDROP_TOP = (30, 36, 50)  # the screen's gradient, lighter at the top ...
BACKDROP_BOTTOM = (12, 15, 21)  # ... darker at the bottom
SHADOW = (5, 6, 9)  # under panels, walls and the marker
PANEL_EDGE = (58, 66, 86)  # a panel's lit top edge (never under text)
FLOOR_FAR = (17, 21, 30)  # the perspective floor, darker far away ...
FLOOR_NEAR = (27, 32, 45)  # ... lighter near the patient
FLOOR_LINE = PANEL  # its lines: the lanes, the distance marks
SAFE_LANE = (10, 44, 36)  # the floor of the gap, tinted green, while a wall comes
# An answer's box after the choice: the outcome hues, dark enough for white text at 7:1.
GOOD_FILL = (0, 60, 44)
BAD_FILL = (90, 34, 0)
TEXT_BACKGROUNDS = ("BACKGROUND", "PANEL", "BACKDROP_TOP", "BACKDROP_BOTTOM", "FLOOR_FAR",
                    "FLOOR_NEAR", "SAFE_LANE")


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    def luminance(c: tuple[int, int, int]) -> float:
        lin = [v / 255 / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4
               for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)

HUGE = 128
LARGE = 96
MEDIUM = 64
SMALL = 40  # the therapist's figures; the patient need not read these


@lru_cache(maxsize=64)
def font(size_px: int) -> pygame.font.Font:
    """pygame's bundled bold sans font at ``size_px`` (no system fonts needed)."""
    return pygame.font.Font(pygame.font.get_default_font(), size_px)


MIN_TEXT_PX = 40  # never smaller than the therapist's size, however long the line
EDGE_PX = 8  # text never comes closer than this to the screen's edges


def fitted_size(text: str, size_px: int, width_px: int) -> int:
    """The largest size, at most ``size_px``, at which ``text`` fits ``width_px`` (or the
    minimum size: then the caller must wrap)."""
    while size_px > MIN_TEXT_PX and font(size_px).size(text)[0] > width_px:
        size_px = max(MIN_TEXT_PX, int(size_px * 0.92))
    return size_px


def shortened(text: str, width_px: int) -> str:
    """``text``, cut with "..." where even the smallest size would not fit ``width_px``
    (a code or a name on a tile: its start is what tells it apart)."""
    f = font(MIN_TEXT_PX)
    while len(text) > 4 and f.size(text)[0] > width_px:
        text = text[:-4].rstrip() + "..."
    return text


def draw_text(surface: pygame.Surface, text: str, size_px: int, colour: tuple[int, int, int],
              center: tuple[int, int], *, shadow: bool = True,
              max_width: int | None = None) -> pygame.Rect:
    """Draw one line centred at ``center``; a dark outline keeps it legible on video.

    The line is made smaller (not cut) until it fits ``max_width``, by default the
    width the screen leaves around ``center``.
    """
    if max_width is None:
        max_width = 2 * min(center[0], surface.get_width() - center[0]) - 2 * EDGE_PX
    size_px = fitted_size(text, size_px, max_width)
    f = font(size_px)
    image = f.render(text, True, colour)
    rect = image.get_rect(center=center)
    if shadow:
        outline = f.render(text, True, BLACK)
        for dx, dy in ((-3, 0), (3, 0), (0, -3), (0, 3)):
            surface.blit(outline, rect.move(dx, dy))
    surface.blit(image, rect)
    return rect


def wrap(text: str, size_px: int, width_px: int) -> list[str]:
    """Split ``text`` into lines no wider than ``width_px`` at this font size."""
    f = font(size_px)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] <= width_px or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def draw_paragraph(surface: pygame.Surface, text: str, size_px: int,
                   colour: tuple[int, int, int], top_center: tuple[int, int],
                   width_px: int) -> int:
    """Draw wrapped, centred text; return the y below the last line."""
    x, y = top_center
    step = int(size_px * 1.15)
    for line in wrap(text, size_px, width_px):
        draw_text(surface, line, size_px, colour, (x, y + step // 2))
        y += step
    return y
