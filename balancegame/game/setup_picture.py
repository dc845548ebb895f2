"""A picture of a good camera set-up, beside what the camera sees: a person standing well
inside the frame, head to feet, with room above and below, and the distance to keep."""

from __future__ import annotations

import pygame

from balancegame.game import theme


def draw_good_setup(surface: pygame.Surface, area: pygame.Rect) -> None:
    """Into ``area``: a camera frame with a whole standing figure in it, and "2-3 m"."""
    pygame.draw.rect(surface, theme.PANEL, area, border_radius=12)
    lines = theme.wrap("Whole body, 2-3 m away", theme.SMALL, area.width - 16)
    line_h = theme.font(theme.SMALL).get_linesize()
    label_h = line_h * len(lines) + 8
    frame = area.inflate(-24, -24 - label_h).move(0, -label_h // 2)
    frame.width = min(frame.width, int(frame.height * 4 / 3))
    frame.centerx = area.centerx
    pygame.draw.rect(surface, theme.GREEN, frame, 4, border_radius=6)
    cx = frame.centerx
    top, bottom = frame.top + frame.height * 0.12, frame.bottom - frame.height * 0.1
    body = bottom - top
    head_r = max(3, int(body * 0.07))
    neck, hip = top + 2 * head_r, top + body * 0.52
    width = max(3, int(body / 40))
    pygame.draw.circle(surface, theme.TEXT, (cx, int(top + head_r)), head_r, width)
    pygame.draw.line(surface, theme.TEXT, (cx, neck), (cx, hip), width)
    for dx in (-1, 1):
        pygame.draw.line(surface, theme.TEXT, (cx, neck + body * 0.06),
                         (cx + dx * body * 0.16, top + body * 0.45), width)  # arms
        pygame.draw.line(surface, theme.TEXT, (cx, hip), (cx + dx * body * 0.1, bottom), width)
    for i, line in enumerate(lines):
        theme.draw_text(surface, line, theme.SMALL, theme.TEXT_DIM,
                        (area.centerx, area.bottom - label_h + 4 + line_h * i + line_h // 2),
                        shadow=False, max_width=area.width - 8)
