"""Before a calibration: what it is, how long, and (small, for the therapist) why now."""

from __future__ import annotations

import pygame

from balancegame.game import theme
from balancegame.game.calibration_drawing import draw_footer
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import DwellScreen

TITLE = "Let's measure your balance"
HOW = {
    "standing": "About two minutes. First stand still, then lean {where} as far as you "
                "safely can, without stepping.",
    "seated": "About two minutes. First sit still, then lean your upper body {where} as "
              "far as you safely can.",
}


class CalibrationIntroScene(DwellScreen):
    """Shown for 8 s (Enter: go on at once); waits for the patient to be in view."""

    watch_safety = hold_when_away = True

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(8.0, 0.5))
        self.state = ctx.calibration

    def lines(self) -> tuple[str, str, str]:
        """(title, how, for the therapist)."""
        side = self.state.side_now  # one-sided: that side only
        how = HOW[self.state.mode].format(
            where="to each side" if side == "both" else f"to your {side}")
        why = self.state.verdict.why if self.state.verdict else ""
        notes = [why[:1].upper() + why[1:]] if why else []
        if self.state.skipped:  # a damaged stored calibration: reported (the log has which)
            notes.append(f"{len(self.state.skipped)} damaged calibration(s) skipped")
        return TITLE, how, ". ".join(n.rstrip(".") for n in notes) + ("." if notes else "")

    def prompt(self) -> tuple[str, ...]:
        return self.lines()[:2]

    def draw_screen(self, surface: pygame.Surface) -> None:
        w = surface.get_width()
        surface.fill(theme.BACKGROUND)
        title, how, why = self.lines()
        theme.draw_text(surface, title, theme.LARGE, theme.YELLOW, (w // 2, 90))
        y = theme.draw_paragraph(surface, how, theme.MEDIUM, theme.TEXT, (w // 2, 170),
                                 w - 120)
        if why and self.ctx.session.supervised:
            theme.draw_paragraph(surface, why, theme.SMALL, theme.TEXT_DIM, (w // 2, y + 24),
                                 w - 160)
        draw_footer(surface, "Enter: start now    Esc: finish")


