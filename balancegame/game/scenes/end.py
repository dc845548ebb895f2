"""The last screen of a session that ran to its end: the week's goal, what improved
against the patient's own earlier sessions (or a true, kind line when nothing did),
and that everything is saved.

At home it is the patient's summary in plain words (balancegame/progress/summary.py):
this week's sessions against the prescription, what was done today, and the sway
against their own first week, with whether that is more than their usual day-to-day
variation.
"""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.progress_view import session_words, today_runs, week_lines, week_of
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen
from balancegame.game.scenes.calibration_result import calibration_end_words
from balancegame.progress.baseline import session_trend
from balancegame.progress.summary import done_sentences, trend_sentences, week_sentence

MESSAGE_PX = (56, 48)  # the lines under the headline: one of them, or more
FOOTER = "Everything is saved.    Enter: close"


def home_summary(ctx: GameContext) -> tuple[str, list[str], list[str]]:
    """(the week, what was done, the trend) for the home end screen."""
    finished = any(s.get("status") == "completed" for s in ctx.summaries)
    trend = session_trend(today_runs(ctx), ctx.history, ctx.today) if finished else None
    return (week_sentence(week_of(ctx), finished), done_sentences(ctx.summaries),
            trend_sentences(trend, not ctx.history.runs) if finished else [])


class EndScene(DwellScreen):
    """Praise only in what truly improved (balancegame/progress/improved.py)."""

    watch_safety = True

    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(20.0 if ctx.session.home else 12.0, 0.5))
        self.n_completed = sum(s.get("status") == "completed" for s in ctx.summaries)
        self.n_planned = len(ctx.levels)
        self.week = week_of(ctx)
        self.week_text, self.streak_text = week_lines(self.week)
        self.message = calibration_end_words(ctx) or session_words(ctx)
        self.home = home_summary(ctx) if ctx.session.home else None
        shown = [*self.message] if self.home is None else [self.home[0], *self.home[1],
                                                           *self.home[2]]
        ctx.log.event("progress_shown", ctx.clock.now_s(), {
            "training_days_this_week": self.week.days_this_week,
            "goal_days": self.week.goal_days, "streak_weeks": self.week.streak_weeks,
            "forgiven_weeks": self.week.forgiven_weeks, "message": shown})

    def prompt(self) -> tuple[str, ...]:
        if self.home is not None:
            return ("Session finished", self.home[0], *self.home[1], *self.home[2])
        return ("Session finished", self.week_text, self.streak_text, *self.message)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        theme.draw_text(surface, "Session finished", theme.HUGE, theme.YELLOW, (w // 2, 66))
        if self.home is not None:
            self._draw_home(surface)
            return
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
        theme.draw_text(surface, FOOTER, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 32))

    def _draw_home(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        week, done, trend = self.home
        sizes = [56] + [48] * (len(trend) - 1)
        trend_h = (36 + sum(int(px * 1.15) * len(theme.wrap(line, px, w - 120))
                            for line, px in zip(trend, sizes, strict=True))) if trend else 0
        done = done[:2]
        streak = True
        while len(done) > 1 or streak:  # what does not fit goes: a second figure, the streak
            done_h = sum(int(56 * 1.15) * len(theme.wrap(line, 56, w - 100)) for line in done)
            if 256 - 44 * (not streak) + done_h + 10 + trend_h <= h - 60:
                break
            if len(done) > 1:
                done = done[:1]
            else:
                streak = False
        theme.draw_text(surface, week, theme.MEDIUM,
                        theme.GOOD_TEXT if self.n_completed else theme.TEXT, (w // 2, 164),
                        max_width=w - 80)
        y = 212
        if streak:
            theme.draw_text(surface, self.streak_text, 48, theme.SKY_BLUE, (w // 2, 222),
                            max_width=w - 80)
            y = 256
        for line in done:  # what was done: the first kinds of level played
            y = theme.draw_paragraph(surface, line, 56, theme.TEXT, (w // 2, y), w - 100)
        if trend:
            backdrop.draw_panel(surface, (40, y + 10, w - 80, trend_h))
            y += 24
            for i, (line, px) in enumerate(zip(trend, sizes, strict=True)):
                y = theme.draw_paragraph(surface, line, px, theme.YELLOW if i == 0
                                         else theme.TEXT, (w // 2, y), w - 120)
        theme.draw_text(surface, FOOTER, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 32))
