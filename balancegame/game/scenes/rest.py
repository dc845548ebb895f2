"""A rest between bouts: a calm screen with a large countdown."""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import DwellScreen

REST_WORDS = "Sit down slowly if you like. Drink some water."


class RestScene(DwellScreen):
    """Counts down ``rest_s`` before the level called ``next_title``; Enter skips the rest
    when a therapist is there (the rest is prescribed: not at home, game/prescribing.py)."""

    watch_safety = True  # a fall in a rest is seen at once
    wait_for_speech = False  # the rest is as long as prescribed

    def __init__(self, ctx: GameContext, rest_s: float, next_title: str) -> None:
        super().__init__(ctx, ctx.seconds(rest_s, min(rest_s, 1.0)))
        self.next_title = next_title

    def skip(self) -> None:
        if not self.ctx.session.supervised:
            return
        self.ctx.log.event("rest_skipped", self.ctx.clock.now_s(),
                           {"seconds_left": round(self.left_s, 1)})
        self.done = True

    def prompt(self) -> tuple[str, ...]:
        return "Rest", REST_WORDS, f"Next: {self.next_title}"

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        left = max(0, int(self.left_s + 0.999))
        theme.draw_text(surface, "Rest", theme.HUGE, theme.SKY_BLUE, (w // 2, 120))
        theme.draw_text(surface, f"{left // 60}:{left % 60:02d}", 160, theme.TEXT, (w // 2, 300))
        theme.draw_text(surface, REST_WORDS, theme.MEDIUM,
                        theme.TEXT, (w // 2, 450))
        theme.draw_text(surface, f"Next: {self.next_title}", theme.MEDIUM, theme.YELLOW,
                        (w // 2, 550))
        keys = ("Enter: skip the rest    Esc: finish" if self.ctx.session.supervised
                else "Esc: finish the session")
        theme.draw_text(surface, keys, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 50))
