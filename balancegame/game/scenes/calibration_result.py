"""After a calibration: the limits measured, or, truly, why nothing was stored."""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.calibration_drawing import draw_footer, draw_words
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen

PROBLEMS = {  # why nothing was stored: (for the patient, what happens now)
    "out_of_view": "You stepped out of view, so the test stopped.",
    "no_movement": "No lean was seen, so no limits could be measured.",
    "wrong_way": "The leans went the other way, so no limits could be measured.",
    "stepped": "A foot moved in every try, so no limits could be measured.",
    "lost_balance": "You seemed to lose your balance, so the test stopped.",
    "not_still": "You could not stand still long enough for the first part.",
    "too_short": "The camera saw too little of you to measure.",
    "second_person": "Someone else came into view, so the test stopped.",
    "camera_lost": "The camera stopped, so the test stopped.",
    "no_pictures": "The pictures from the camera stopped, so the test stopped.",
}
NOTHING_SAVED = "Nothing was saved as your limits."
LEFT_OUT = "Levels that need your limits are left out today."
SAVED_FOR_LEVELS = "Your targets will be set to these limits."
NOT_MEASURED = "Forward and back: not measured (one camera in front)."


def calibration_end_words(ctx: GameContext) -> tuple[str, ...] | None:
    """The end screen's message after a session that only calibrated (`balancegame
    calibrate`); None otherwise."""
    state = ctx.calibration
    if ctx.levels or not state.forced or not state.applied:
        return None
    if state.new is None:
        return ("Your balance could not be measured today.", NOTHING_SAVED)
    return ("Your balance was measured.", "Your limits are saved for your next sessions.")


class CalibrationResultScene(DwellScreen):
    """Shown for 10 s (Enter or Space: go on)."""

    watch_safety = True
    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(10.0, 1.0))
        self.state = ctx.calibration

    def lines(self) -> tuple[str, list[str]]:
        """(title, lines), all true of what was measured and stored."""
        cal = self.state.new
        if cal is None:
            problem = PROBLEMS.get(self.state.failure, PROBLEMS["no_movement"])
            return "The test stopped", [problem, NOTHING_SAVED, LEFT_OUT]
        limits = "    ".join(f"{d.capitalize()}: {cal.limit_cm(d):.0f} cm"
                               for d in ("left", "right") if cal.limit_cm(d) is not None)
        return "Your limits are measured", [limits, NOT_MEASURED, SAVED_FOR_LEVELS]

    def prompt(self) -> tuple[str, ...]:
        title, lines = self.lines()
        return (title, *lines)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w = surface.get_width()
        backdrop.paint(surface)
        title, lines = self.lines()
        good = self.state.new is not None
        y = draw_words(surface, title, colour=theme.GOOD_TEXT if good else theme.YELLOW)
        first, *rest = lines
        if good:  # the limits on one line, as large as fits
            theme.draw_text(surface, first, theme.LARGE, theme.TEXT, (w // 2, y + 80))
            y += 140
        else:
            y = theme.draw_paragraph(surface, first, theme.MEDIUM, theme.TEXT,
                                     (w // 2, y + 30), w - 100)
        for line in rest:
            y = theme.draw_paragraph(surface, line, theme.MEDIUM, theme.SKY_BLUE,
                                     (w // 2, y + 14), w - 120)
        draw_footer(surface, "Enter: go on    Esc: finish")
