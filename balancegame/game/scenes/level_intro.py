"""Before a level: its title and the therapist's instructions, a few seconds to read them."""

from __future__ import annotations

import pygame

from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, Screen
from balancegame.game.views import draw_intro
from balancegame.prescription.levels import Level


class LevelIntroScene(Screen):
    """Shows ``level``'s instructions for 5 s (Enter: go on at once)."""

    def __init__(self, ctx: GameContext, level: Level) -> None:
        super().__init__(ctx)
        self.level = level
        self.left_s = ctx.seconds(5.0, 0.5)

    def on_key(self, key: int) -> None:
        if key in ENTER_KEYS:
            self.done = True

    def tick(self, dt_s: float, now_s: float) -> None:
        if self.ctx.tracker.health().finished:  # a video file or scripted source ran out
            self.end_session("the video source ended")
            return
        self.left_s -= dt_s
        if self.left_s <= 0:
            self.done = True

    def draw(self, surface: pygame.Surface) -> None:
        draw_intro(surface, self.level.title, self.level.instructions, self.left_s)
