"""Before a calibration: what it is, how long, and (small, for the therapist) why now."""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.calibration_drawing import draw_footer
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import DwellScreen

TITLE = "Let's measure your balance"
HOW = {
    "standing": "About two minutes. First stand still, then lean {where} as far as you "
                "safely can, without stepping. Have a sturdy chair or counter within reach.",
    "seated": "About two minutes. First sit still, then lean your upper body {where} as "
              "far as you safely can.",
}


NOTES_BOTTOM_PX = 655  # the footer's top


class CalibrationIntroScene(DwellScreen):
    """Shown for 8 s (Enter: go on at once); waits for the patient to be in view."""

    watch_safety = hold_when_away = True

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(8.0, 0.5))
        self.state = ctx.calibration

    def lines(self) -> tuple[str, str, list[str]]:
        """(title, how, notes for the therapist: why now, most important first)."""
        side = self.state.side_now  # one-sided: that side only
        how = HOW[self.state.mode].format(
            where="to each side" if side == "both" else f"to your {side}")
        notes = []
        tracked = self.ctx.tracker.latest()
        if tracked is not None and "default height" in tracked.signals.scale_method:
            notes.append(f"No height stored: cm assume 170 cm (balancegame patients edit "
                         f"{self.ctx.patient_id} --height-cm H)")
        why = self.state.verdict.why if self.state.verdict else ""
        notes += [why[:1].upper() + why[1:]] if why else []
        if self.state.skipped:  # a damaged stored calibration: reported (the log has which)
            notes.append(f"{len(self.state.skipped)} damaged calibration(s) skipped")
        return TITLE, how, [n.rstrip(".") + "." for n in notes]

    def prompt(self) -> tuple[str, ...]:
        return self.lines()[:2]

    def draw_screen(self, surface: pygame.Surface) -> None:
        w = surface.get_width()
        backdrop.paint(surface)
        title, how, notes = self.lines()
        theme.draw_text(surface, title, theme.LARGE, theme.YELLOW, (w // 2, 90))
        y = theme.draw_paragraph(surface, how, theme.MEDIUM, theme.TEXT, (w // 2, 170),
                                 w - 120) + 16
        line_px = int(theme.SMALL * 1.15)
        for note in notes if self.ctx.session.supervised else []:  # as many as fit; the log
            if y + line_px * len(theme.wrap(note, theme.SMALL, w - 160)) > NOTES_BOTTOM_PX:
                break  # has them all (calibration_started, calibration_skipped)
            y = theme.draw_paragraph(surface, note, theme.SMALL, theme.TEXT_DIM, (w // 2, y),
                                     w - 160)
        draw_footer(surface, "Enter: start now    Esc: finish")


