"""Before a level: its title and the therapist's instructions, a few seconds to read them.

The patient reads them standing where the level is played: that standing is lent to the
level's sway model (game/session_quiet.py), so that reaction times have a model from the
first trial on, also in a session's first level.
"""

from __future__ import annotations

import pygame

from balancegame.game.context import GameContext
from balancegame.game.scenes.base import DwellScreen
from balancegame.game.session_quiet import QuietRecorder
from balancegame.game.views import draw_intro
from balancegame.prescription.levels import Level


class LevelIntroScene(DwellScreen):
    """Shows ``level``'s instructions for 5 s (Enter: go on at once)."""

    watch_safety = hold_when_away = True  # the level waits for the patient

    def __init__(self, ctx: GameContext, level: Level) -> None:
        super().__init__(ctx, ctx.seconds(5.0, 0.5))
        self.level = level
        self._standing = QuietRecorder()
        self._lent = False

    def observe(self, signals: list, held: bool) -> None:
        self._standing.add(signals, held)

    def skip(self) -> None:
        super().skip()
        self._lend()

    def _lend(self) -> None:
        """The intro is over: its standing goes to the session's quiet standing, once."""
        if self.done and not self._lent:
            self._lent = True
            self.ctx.quiet_standing.add(self._standing.stretches())

    def tick(self, dt_s: float, now_s: float) -> None:
        if self.ctx.tracker.health().finished:  # a video file or scripted source ran out
            self.end_session("the video source ended")
        else:
            super().tick(dt_s, now_s)
            self._lend()

    def prompt(self) -> tuple[str, ...]:
        return self.level.title, self.level.instructions

    def draw_screen(self, surface: pygame.Surface) -> None:
        draw_intro(surface, self.level.title, self.level.instructions, self.left_s)
