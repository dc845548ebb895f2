"""The therapist PIN on screen: digits typed, shown as large dots, checked on Enter.

A wrong PIN costs a growing wait and five in a row lock therapist mode for 15 minutes
(balancegame/therapist/pin.py); the wait counts down on screen and no digit is taken
until it is over.  The check itself (scrypt, about a third of a second) runs on the
step after "Checking..." has been shown, so the screen never looks frozen.  Esc goes
back to the title screen without asking: nothing has changed.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, Screen
from balancegame.therapist.desk import NO_PIN_HINT, PinCheck
from balancegame.therapist.pin import MAX_DIGITS, MIN_DIGITS

DIGITS = {**{getattr(pygame, f"K_{d}"): str(d) for d in range(10)},
          **{getattr(pygame, f"K_KP{d}"): str(d) for d in range(10)}}
FOOTER = "Type the PIN, then Enter.    Backspace: delete    Esc: back"
DOT_R, DOT_STEP = 24, 72


class PinScene(Screen):
    """Done with ``unlocked`` set (the PIN was right) or ``cancelled``."""

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx)
        self.desk = ctx.session.desk
        self.digits = ""
        self.unlocked = None
        self.cancelled = False
        self.check: PinCheck | None = None  # the last refusal, said on screen
        self.wait_left_s = 0.0
        self._checking = self._shown = False
        self.no_pin = self.desk is None or not self.desk.has_pin()

    def handle_key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            self.cancelled = self.done = True
        elif self.done or self._checking or self.no_pin or self.wait_left_s > 0:
            return
        elif key in DIGITS and len(self.digits) < MAX_DIGITS:
            self.digits += DIGITS[key]
        elif key == pygame.K_BACKSPACE:
            self.digits = self.digits[:-1]
        elif key in ENTER_KEYS and len(self.digits) >= MIN_DIGITS:
            self._checking, self._shown = True, False

    def after_flip(self, t_flip_s: float) -> None:
        self._shown = self._shown or self._checking  # "Checking..." is on the screen

    def tick(self, dt_s: float, now_s: float) -> None:
        self.wait_left_s = max(0.0, self.wait_left_s - dt_s)
        if not (self._checking and self._shown):
            return
        check = self.desk.check_pin(self.digits)
        self.digits, self._checking = "", False
        if check.ok:
            self.unlocked = check.unlocked
            self.ctx.session.enter_therapist_mode(self.ctx)
            self.done = True
            return
        self.check, self.wait_left_s = check, check.wait_s
        self.ctx.log.event("therapist_pin_refused", now_s, {"outcome": check.outcome,
                                                             "tries_left": check.tries_left})

    def message(self) -> tuple[str, tuple[int, int, int]]:
        if self.no_pin:
            return f"No therapist PIN is set on this computer. {NO_PIN_HINT}", theme.BAD_TEXT
        if self._checking:
            return "Checking...", theme.TEXT
        if self.check is not None:
            return replace(self.check, wait_s=self.wait_left_s).sentence(), theme.BAD_TEXT
        return f"{MIN_DIGITS} to {MAX_DIGITS} digits", theme.TEXT_DIM

    def prompt(self) -> tuple[str, ...]:
        return ("Therapist PIN",)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        theme.draw_text(surface, "Therapist PIN", theme.LARGE, theme.YELLOW, (w // 2, 90))
        slots = max(MIN_DIGITS, len(self.digits) + (len(self.digits) < MAX_DIGITS))
        x0 = w // 2 - (slots - 1) * DOT_STEP // 2
        for i in range(slots):
            centre = (x0 + i * DOT_STEP, 270)
            if i < len(self.digits):
                pygame.draw.circle(surface, theme.TEXT, centre, DOT_R)
            else:
                pygame.draw.circle(surface, theme.TEXT_DIM, centre, DOT_R, 4)
        text, colour = self.message()
        theme.draw_paragraph(surface, text, 52, colour, (w // 2, 380), w - 160)
        theme.draw_text(surface, FOOTER, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 40))
