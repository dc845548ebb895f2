"""Results after a level: a few large figures for the patient, saved already.

Under the title, the level's stars (finished, aim reached, as good as the patient's
own best: see balancegame/progress) and one line about their best on this level.  The
stars earned grow into place one after the other within 0.6 s (not when calm).
"""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.motion import SUCCESS_S, ease_out
from balancegame.game.progress_view import draw_stars, stars_for, stars_words
from balancegame.game.results_words import results_words
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen

TIP_PX = 52
STAR_S = 0.4  # each star grows in this long, the three within motion.SUCCESS_S
FOOTER = "Your results are saved.    Enter: go on    Esc: finish"
KEYS_ONLY = "Enter: go on    Esc: finish"  # when the tip has said it is saved


class ResultsScene(DwellScreen):
    """The figures of the level just played (``summary``: the level scene's)."""

    watch_safety = True

    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext, summary: dict) -> None:
        super().__init__(ctx, ctx.seconds(8.0, 1.0))
        self.summary = summary
        self.words = results_words(summary, summary.get("status", "completed"))
        self.stars = stars_for(ctx, summary)
        self.stars_text, self.best_text = stars_words(self.stars)
        self.shown_at_s = ctx.clock.now_s()  # the stars arrive one after the other from here

    def prompt(self) -> tuple[str, ...]:
        w = self.words
        return tuple(x for x in (w.title, *w.lines, self.stars_text, self.best_text, w.tip)
                     if x)

    def _grown(self) -> tuple[float, float, float]:
        """How far each star has arrived: one after the other, all within SUCCESS_S."""
        motion = self.ctx.motion()
        if not motion.animate:
            return (1.0, 1.0, 1.0)
        age_s = motion.t_s - self.shown_at_s
        step_s = (SUCCESS_S - STAR_S) / 2
        return tuple(ease_out((age_s - i * step_s) / STAR_S) for i in range(3))

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        words = self.words
        backdrop.paint(surface)
        theme.draw_text(surface, words.title, theme.HUGE,
                        theme.YELLOW if words.praise else theme.TEXT, (w // 2, 78))
        y = draw_stars(surface, self.stars, (w // 2, 176), 36, self._grown())
        for i, text in enumerate(words.lines):  # the main figure large, the next one medium
            size = theme.LARGE if i == 0 else theme.MEDIUM
            colour = theme.SKY_BLUE if i else theme.GOOD_TEXT if words.praise else theme.TEXT
            theme.draw_text(surface, text, size, colour, (w // 2, y + size // 2))
            y += size + 4
        if self.best_text:  # one line, made smaller if it must
            theme.draw_text(surface, self.best_text, theme.MEDIUM,
                            theme.GOOD_TEXT if self.stars.best else theme.TEXT,
                            (w // 2, y + theme.MEDIUM // 2), max_width=w - 80)
            y += theme.MEDIUM + 8
        if words.note:  # for the therapist: small, wrapped
            y = theme.draw_paragraph(surface, words.note, theme.SMALL, theme.TEXT_DIM,
                                     (w // 2, y), w - 120) + 4
        if words.tip:
            theme.draw_paragraph(surface, words.tip, TIP_PX, theme.TEXT, (w // 2, y), w - 100)
        footer = KEYS_ONLY if "saved" in (words.tip or "") else FOOTER  # said once
        theme.draw_text(surface, footer, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 32))
