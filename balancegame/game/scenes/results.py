"""Results after a level: a few large figures for the patient, saved already."""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.results_words import results_words
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen


class ResultsScene(DwellScreen):
    """The figures of the level just played (``summary``: the level scene's)."""

    watch_safety = True

    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext, summary: dict) -> None:
        super().__init__(ctx, ctx.seconds(8.0, 1.0))
        self.summary = summary

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        words = results_words(self.summary, self.summary.get("status", "completed"))
        surface.fill(theme.BACKGROUND)
        theme.draw_text(surface, words.title, theme.HUGE,
                        theme.YELLOW if words.praise else theme.TEXT, (w // 2, 90))
        for i, text in enumerate(words.lines):
            colour = theme.GOOD_TEXT if i == 0 else theme.SKY_BLUE
            theme.draw_text(surface, text, theme.LARGE, colour, (w // 2, 235 + i * 110))
        y = 405
        if words.note:  # for the therapist: small, wrapped
            y = theme.draw_paragraph(surface, words.note, theme.SMALL, theme.TEXT_DIM,
                                     (w // 2, y), w - 120) + 10
        if words.tip:
            theme.draw_paragraph(surface, words.tip, theme.MEDIUM, theme.TEXT, (w // 2, y),
                                 w - 120)
        theme.draw_text(surface, "Your results are saved.    Enter: go on    Esc: finish",
                        theme.SMALL, theme.TEXT_DIM, (w // 2, h - 40))
