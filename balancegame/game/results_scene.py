"""Results after a level: a few large figures for the patient, saved already."""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.screen import Screen


class ResultsScene(Screen):
    def __init__(self, ctx: GameContext, level_index: int) -> None:
        self.ctx = ctx
        self.level_index = level_index
        self.summary = ctx.summaries[-1] if ctx.summaries else {}
        self.next_scene = None
        self.quit = False
        self._left_s = ctx.seconds(8.0, 1.0)

    def _advance(self) -> None:
        nxt = self.level_index + 1
        rests = self.ctx.rests_s
        rest_s = rests[self.level_index] if self.level_index < len(rests) else 0.0
        if nxt < len(self.ctx.levels) and rest_s > 0:
            from balancegame.game.rest_scene import RestScene

            self.next_scene = RestScene(self.ctx, nxt, rest_s)
        elif nxt < len(self.ctx.levels):
            from balancegame.game.level_scene import LevelScene

            self.next_scene = LevelScene(self.ctx, nxt)
        else:
            self.ctx.end_reason = self.ctx.end_reason or "all levels played"
            self.quit = True

    def on_key(self, key: int) -> None:
        if key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER):
            self._advance()

    def tick(self, dt_s: float, now_s: float) -> None:
        self._left_s -= dt_s
        if self._left_s <= 0:
            self._advance()

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        s = self.summary
        surface.fill(theme.BACKGROUND)
        theme.draw_text(surface, "Well done!", theme.HUGE, theme.YELLOW, (w // 2, 100))
        from balancegame.game.views.common import GOOD_OUTCOMES

        n = s.get("n_trials", 0)
        good = sum(c for o, c in s.get("outcomes", {}).items() if o in GOOD_OUTCOMES)
        lines = [(f"Success {good} of {n}", theme.GREEN)] if n else []
        rt = s.get("rt_ms_median")
        if rt is not None:
            lines.append((f"Reaction time {rt / 1000:.2f} s", theme.SKY_BLUE))
        for i, (text, colour) in enumerate(lines):
            theme.draw_text(surface, text, theme.LARGE, colour, (w // 2, 260 + i * 120))
        theme.draw_text(surface, "Rest now. Results are saved.", theme.MEDIUM, theme.TEXT,
                        (w // 2, h - 150))
        theme.draw_text(surface, "Enter: go on    Esc: finish", theme.SMALL, theme.TEXT_DIM,
                        (w // 2, h - 60))
