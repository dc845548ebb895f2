"""Title screen: what the game is and the safety reminder before anything moves."""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen

SAFETY_TEXT = ("Keep a sturdy chair or counter in reach.\n"
               "Clear the floor around you.\n"
               "Stop and rest whenever you need to.")
TITLE_PROMPT = ("Balance Game", "Safety first", *SAFETY_TEXT.split("\n"))


class TitleScene(DwellScreen):
    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(6.0, 0.0))

    def prompt(self) -> tuple[str, ...]:
        return TITLE_PROMPT

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill(theme.BACKGROUND)
        theme.draw_text(surface, "Balance Game", theme.HUGE, theme.YELLOW, (w // 2, 120))
        pygame.draw.rect(surface, theme.PANEL, (60, 215, w - 120, 340), border_radius=24)
        theme.draw_text(surface, "Safety first", theme.MEDIUM, theme.ORANGE, (w // 2, 265))
        theme.draw_paragraph(surface, SAFETY_TEXT, 56, theme.TEXT, (w // 2, 315), w - 160)
        theme.draw_text(surface, "Starting soon   (Enter: start now,  Esc: quit)", theme.SMALL,
                        theme.TEXT_DIM, (w // 2, h - 80))
