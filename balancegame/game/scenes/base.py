"""What the simple screens (title, check-in, camera check, intro, results, rest, end) share."""

from __future__ import annotations

import pygame

from balancegame.game.context import GameContext

ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


class Screen:
    """Esc ends the session; other keys go to :meth:`on_key`; body signals are
    drained every step (the tracker's backlog must not grow while nobody reads it).
    A screen sets ``done`` when its part is over; the session flow picks the next.
    """

    def __init__(self, ctx: GameContext) -> None:
        self.ctx = ctx
        self.done = False
        self.quit = False

    def end_session(self, reason: str) -> None:
        self.ctx.end_reason = reason
        self.quit = True

    def handle_key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            self.end_session("ended by the supervisor (Esc)")
        else:
            self.on_key(key)

    def on_key(self, key: int) -> None:
        """Keys other than Esc; none by default."""

    def update(self, dt_s: float, now_s: float) -> None:
        self.ctx.pull_signals()
        self.tick(dt_s, now_s)

    def tick(self, dt_s: float, now_s: float) -> None:
        """The screen's own fixed-step update."""

    def after_flip(self, t_flip_s: float) -> None:
        pass


class DwellScreen(Screen):
    """Shown for ``dwell_s`` (``left_s`` counts down), or until a key in ``advance_keys``."""

    advance_keys: tuple[int, ...] = ENTER_KEYS

    def __init__(self, ctx: GameContext, dwell_s: float) -> None:
        super().__init__(ctx)
        self.left_s = dwell_s

    def on_key(self, key: int) -> None:
        if key in self.advance_keys and not self.done:
            self.skip()

    def skip(self) -> None:
        """The supervisor went on before the time was up."""
        self.done = True

    def tick(self, dt_s: float, now_s: float) -> None:
        self.left_s -= dt_s
        if self.left_s <= 0:
            self.done = True
