"""Title screen: what the game is and the safety reminder before anything moves.

At home it greets the patient, names today's session (the prescribed program) and says
which session of the week it is against the prescription ("Session 2 of 3 this week").
T opens therapist mode (the PIN first, game/scenes/pin.py); no other key changes
anything here: the prescription's keys are in therapist mode only.
"""

from __future__ import annotations

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.progress_view import week_of
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen
from balancegame.game.views.flourish import draw_balance
from balancegame.progress.summary import next_session_sentence

SAFETY_TEXT = ("Keep a sturdy chair or counter in reach.\n"
               "Clear the floor around you.\n"
               "Stop and rest whenever you need to.")
TITLE_PROMPT = ("Balance Game", "Safety first", *SAFETY_TEXT.split("\n"))
HOME_KEYS = "Enter: start now     Esc: quit     T: therapist"
CLINIC_KEYS = "Starting soon   (Enter: start now,  Esc: quit,  T: therapist mode)"


def today_lines(ctx: GameContext) -> tuple[str, str, str]:
    """(greeting, today's session's title, which session of the week it is): the home
    title screen's lines."""
    session = ctx.session
    name = session.patient_name
    greeting = f"Hello, {name}" if name else f"Hello, {ctx.patient_id}"
    title = session.plan.title if session.plan else ", ".join(lv.title for lv in ctx.levels)
    trained_today = ctx.today in ctx.history.training_days()
    return greeting, title, next_session_sentence(week_of(ctx), trained_today)


class TitleScene(DwellScreen):
    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx, ctx.seconds(8.0 if ctx.session.home else 6.0, 0.0))
        self.wants_therapist = False  # T: the PIN, then the therapist menu (game/flow.py)
        self.home_lines = today_lines(ctx) if ctx.session.home else ()

    def on_key(self, key: int) -> None:
        if key == pygame.K_t and self.ctx.session.desk is not None and not self.done:
            self.wants_therapist = self.done = True
        else:
            super().on_key(key)  # Enter or Space: start; anything else: nothing

    def prompt(self) -> tuple[str, ...]:
        if self.home_lines:
            greeting, today, week = self.home_lines
            return (greeting, week, f"Today's session: {today}", *TITLE_PROMPT[1:])
        return TITLE_PROMPT

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        if self.home_lines:
            self._draw_home(surface)
            return
        theme.draw_text(surface, "Balance Game", theme.HUGE, theme.YELLOW, (w // 2, 120))
        for x in (90, w - 90):  # a beam with a ball on it, swaying slowly either side
            draw_balance(surface, (x, 112), self.ctx.motion())
        backdrop.draw_panel(surface, (60, 215, w - 120, 340))
        theme.draw_text(surface, "Safety first", theme.MEDIUM, theme.ORANGE, (w // 2, 265))
        theme.draw_paragraph(surface, SAFETY_TEXT, 56, theme.TEXT, (w // 2, 315), w - 160)
        for i, line in enumerate(self._clinic_lines()):
            theme.draw_text(surface, theme.shortened(line, w - 40), theme.SMALL, theme.TEXT,
                            (w // 2, 592 + 46 * i))
        theme.draw_text(surface, CLINIC_KEYS, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 28))

    def _clinic_lines(self) -> list[str]:
        """For the therapist: who plays, and the prescription when one is played."""
        session, code = self.ctx.session, self.ctx.patient_id
        name = f" ({session.patient_name})" if session.patient_name else ""
        lines = [] if code == "anonymous" else [f"Patient {code}{name}"]
        if session.prescription is not None and session.plan is not None:
            lines.append(f"Prescribed: {session.plan.title}")
        return lines

    def _draw_home(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        greeting, today, week = self.home_lines
        theme.draw_text(surface, greeting, theme.LARGE, theme.YELLOW, (w // 2, 58),
                        max_width=w - 340)  # clear of the beams
        for x in (90, w - 90):
            draw_balance(surface, (x, 56), self.ctx.motion())
        theme.draw_text(surface, week, theme.MEDIUM, theme.GOOD_TEXT, (w // 2, 146),
                        max_width=w - 120)
        backdrop.draw_panel(surface, (60, 188, w - 120, 128))
        theme.draw_text(surface, "Today's session", theme.SMALL, theme.TEXT_DIM, (w // 2, 218))
        theme.draw_text(surface, today, theme.MEDIUM, theme.TEXT, (w // 2, 272),
                        max_width=w - 160)
        backdrop.draw_panel(surface, (60, 332, w - 120, 310))
        theme.draw_text(surface, "Safety first", 56, theme.ORANGE, (w // 2, 372))
        theme.draw_paragraph(surface, SAFETY_TEXT, 56, theme.TEXT, (w // 2, 404), w - 160)
        theme.draw_text(surface, HOME_KEYS, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 40))
