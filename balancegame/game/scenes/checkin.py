"""Start-of-session check-in: the two-hour rule, asked in plain words."""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import Screen
from balancegame.prescription.dose import lighter_session

ANSWER_WAIT_S = 30.0  # no answer by then: play as prescribed (logged as "no answer")
QUESTION = "After your last session, did you feel the same or better within two hours?"


class CheckInScene(Screen):
    """Y: play as prescribed.  N: a lighter session (dose.py).  Enter: skip the question."""

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx)
        self.wait_left_s = ANSWER_WAIT_S
        self.notes: list[str] = []

    def _answer(self, answer: str) -> None:
        if answer == "no":
            self.ctx.levels, self.ctx.rests_s, self.notes = lighter_session(
                self.ctx.levels, self.ctx.rests_s, self.ctx.session.preset_floor)
        self.ctx.log.event("two_hour_rule", self.ctx.clock.now_s(),
                           {"felt_same_or_better": {"yes": True, "no": False}.get(answer),
                            "answer": answer, "changes": self.notes})
        self.done = True

    def on_key(self, key: int) -> None:
        if self.done:  # answered already (a second key in the same frame)
            return
        if key == pygame.K_y:
            self._answer("yes")
        elif key == pygame.K_n:
            self._answer("no")
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self._answer("skipped")

    def tick(self, dt_s: float, now_s: float) -> None:
        if self.done:
            return
        self.wait_left_s -= dt_s
        if self.ctx.headless:  # nobody to answer: play as prescribed, and say so in the log
            self._answer("skipped")
        elif self.wait_left_s <= 0:  # the patient may not reach the keyboard
            self._answer("no answer")

    def prompt(self) -> tuple[str, ...]:
        return "How did it go?", QUESTION, "Yes: press Y. No: press N."

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        theme.draw_text(surface, "How did it go?", theme.LARGE, theme.YELLOW, (w // 2, 80))
        theme.draw_paragraph(surface, QUESTION, theme.MEDIUM, theme.TEXT, (w // 2, 150), w - 160)
        for i, (key, text, colour) in enumerate((("Y", "Yes", theme.GOOD_TEXT),
                                                 ("N", "No", theme.ORANGE))):
            box = pygame.Rect(0, 0, 420, 170)
            box.center = (w // 2 + (i * 2 - 1) * 260, 510)
            backdrop.draw_panel(surface, box)
            pygame.draw.rect(surface, colour, box, 6, border_radius=24)
            theme.draw_text(surface, f"{text}", theme.LARGE, colour, (box.centerx, box.y + 65))
            theme.draw_text(surface, f"press {key}", theme.SMALL, theme.TEXT, (box.centerx,
                                                                               box.y + 135))
        theme.draw_text(surface, "No = today's session will be lighter.", theme.SMALL,
                        theme.TEXT_DIM, (w // 2, h - 80))
        wait = max(0, int(self.wait_left_s + 0.999))
        theme.draw_text(surface, f"No answer: starting as planned in {wait} s", theme.SMALL,
                        theme.TEXT_DIM, (w // 2, h - 32))
