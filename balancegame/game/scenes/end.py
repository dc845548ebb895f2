"""The last screen of a session that ran to its end: what was played, and that it is saved."""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen


class EndScene(DwellScreen):
    """States how many levels were played to the end; no praise (the results said how)."""

    watch_safety = True

    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(6.0, 0.5))
        self.n_completed = sum(s.get("status") == "completed" for s in ctx.summaries)
        self.n_planned = len(ctx.levels)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill(theme.BACKGROUND)
        theme.draw_text(surface, "Session finished", theme.HUGE, theme.YELLOW, (w // 2, 140))
        theme.draw_text(surface, f"Levels played to the end: {self.n_completed} of "
                                 f"{self.n_planned}", theme.MEDIUM, theme.TEXT, (w // 2, 320))
        theme.draw_text(surface, "Everything is saved.", theme.MEDIUM, theme.TEXT, (w // 2, 420))
        theme.draw_text(surface, "Enter: close", theme.SMALL, theme.TEXT_DIM, (w // 2, h - 60))
