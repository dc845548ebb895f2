"""The last screen of a session that ran to its end: the week's goal, what improved
against the patient's own earlier sessions (or a true, kind line when nothing did),
and that everything is saved."""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.progress_view import session_words, week_lines, week_of
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen

MESSAGE_PX = (56, 48)  # the lines under the headline: one of them, or more


class EndScene(DwellScreen):
    """Praise only in what truly improved (balancegame/progress/improved.py)."""

    watch_safety = True

    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(12.0, 0.5))
        self.n_completed = sum(s.get("status") == "completed" for s in ctx.summaries)
        self.n_planned = len(ctx.levels)
        self.week = week_of(ctx)
        self.week_text, self.streak_text = week_lines(self.week)
        self.message = session_words(ctx)
        ctx.log.event("progress_shown", ctx.clock.now_s(), {
            "training_days_this_week": self.week.days_this_week,
            "goal_days": self.week.goal_days, "streak_weeks": self.week.streak_weeks,
            "forgiven_weeks": self.week.forgiven_weeks, "message": list(self.message)})

    def prompt(self) -> tuple[str, ...]:
        return ("Session finished", self.week_text, self.streak_text, *self.message)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill(theme.BACKGROUND)
        theme.draw_text(surface, "Session finished", theme.HUGE, theme.YELLOW, (w // 2, 66))
        theme.draw_text(surface, f"Levels played to the end: {self.n_completed} of "
                                 f"{self.n_planned}", theme.SMALL, theme.TEXT, (w // 2, 150))
        theme.draw_text(surface, self.week_text, theme.LARGE,
                        theme.GOOD_TEXT if self.week.goal_met else theme.TEXT, (w // 2, 224))
        theme.draw_text(surface, self.streak_text, theme.MEDIUM, theme.SKY_BLUE,
                        (w // 2, 306))
        y = 348
        for i, line in enumerate(self.message):  # the headline, then what it is about
            colour = theme.YELLOW if i == 0 else theme.TEXT
            size = theme.MEDIUM if i == 0 else MESSAGE_PX[len(self.message) > 2]
            y = theme.draw_paragraph(surface, line, size, colour, (w // 2, y), w - 100) + 4
        theme.draw_text(surface, "Everything is saved.    Enter: close", theme.SMALL,
                        theme.TEXT_DIM, (w // 2, h - 32))
