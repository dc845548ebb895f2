"""Therapist mode: the patient's prescription, seen and changed with a few keys.

Reached only through the PIN (game/scenes/pin.py), which hands over the proof of it
(``unlocked``); without one no key here changes anything.  Up / Down choose a line,
Left / Right change it, Enter saves: a reason is picked with a number key (or 0 for
none), the change is stored and logged like ``balancegame prescribe`` (via "therapist
mode"), and the session plays the new prescription from the next screen on.  Esc leaves
without saving.
"""

from __future__ import annotations

import pygame

from balancegame.errors import LevelError, UserError
from balancegame.game import backdrop, theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, Screen
from balancegame.prescription.prescribed import RULES, Prescription, problems, words
from balancegame.roster import GUEST

ROWS = ("program", "sessions_per_week", "session_min", "difficulty_min", "difficulty_max",
        "rest_s", "feet_in_view", "calibration_days")
LABELS = {"program": "Program", "feet_in_view": "Feet in view",
          **{name: rule.label for name, rule in RULES.items()}}
REASONS = ("No reason given", "Progressing well", "Too hard or too tiring",
           "Felt worse after sessions (two-hour rule)", "Pain or discomfort",
           "Reviewed at the clinic")
EDIT_KEYS = "Up/Down: choose    Left/Right: change    Enter: save    Esc: leave"
ROW_PX, ROW_H, TOP = 48, 66, 118
MENU_START = {"session_min": 5.0}  # the first value after "as the program says"
PROGRAM_SAYS = ("sessions_per_week", "session_min", "rest_s")  # None: the program's value


class TherapistScene(Screen):
    def __init__(self, ctx: GameContext, unlocked: object | None) -> None:
        super().__init__(ctx)
        self.unlocked = unlocked
        self.session = ctx.session
        self.programs = self.session.programs()
        self.before = self.session.prescription
        self.values = self.before or Prescription(self.programs[0][0] if self.programs else "")
        self.row = 0
        self.page = "edit"  # "edit", "reason", "saved"
        self.note = ""  # a line under the menu: what went wrong, or what was saved
        self.saved: list[str] = []
        self.guest = ctx.patient_id == GUEST
        self._program = None  # the chosen program, loaded for what it says
        if self.guest:
            self.note = "A guest has no prescription: choose a patient on the title screen."

    # ------------------------------------------------------------------ keys
    def handle_key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            if self.page == "reason":
                self.page = "edit"
            else:
                self.done = True
            return
        if self.unlocked is None or self.guest or self.done:
            return  # nothing changes outside therapist mode
        if self.page == "saved":
            if key in ENTER_KEYS:
                self.done = True
        elif self.page == "reason":
            reason = key - pygame.K_0 if pygame.K_0 <= key <= pygame.K_9 else -1
            if 0 <= reason < len(REASONS):
                self._save("" if reason == 0 else REASONS[reason])
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.row = (self.row + (1 if key == pygame.K_DOWN else -1)) % len(ROWS)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self._step(ROWS[self.row], 1 if key == pygame.K_RIGHT else -1)
        elif key in ENTER_KEYS:
            found = problems(self.values)
            if self.values == self.before or not self.programs:
                self.note = "Nothing has changed: nothing to save."
            elif found:
                self.note = found[0].split(": ", 1)[-1]
            else:
                self.page, self.note = "reason", ""

    def _step(self, name: str, direction: int) -> None:
        from dataclasses import replace

        if name == "program":
            names = [n for n, _ in self.programs]
            i = names.index(self.values.program) if self.values.program in names else -1
            value: object = names[(i + direction) % len(names)]
        elif name == "feet_in_view":
            value = not self.values.feet_in_view
        else:
            value = _stepped(name, getattr(self.values, name), direction)
        self.values = replace(self.values, **{name: value})
        self.note = self._program_note() if name == "program" else ""

    def _program_says(self, field: str) -> str:
        """What the chosen program's file says for a field left to it."""
        if self._program is None or self._program.name != self.values.program:
            try:
                self._program = self.session.library.program(self.values.program)
            except LevelError:
                return "?"
        program = self._program
        if field == "sessions_per_week":
            return f"{program.sessions_per_week}"
        if field == "session_min":
            return f"{program.max_session_min:g} min"
        rests = dict.fromkeys(f"{s.rest_after_s:g}" for s in program.steps[:-1])
        return (", ".join(rests) + " s") if rests else "none"

    def _program_note(self) -> str:
        from balancegame.prescription.plan import plan_for

        plan = plan_for(self.session.library, prescription=self.values)
        return ("Answered out loud: needs a listener, so not for home sessions."
                if plan.spoken() else "")

    def _save(self, reason: str) -> None:
        changed = {f: getattr(self.values, f) for f in ROWS
                   if self.before is None or getattr(self.values, f) != getattr(self.before, f)}
        if self.before is None:
            changed["program"] = self.values.program
        try:
            changes = self.session.desk.prescribe(
                self.unlocked, self.ctx.patient_id,
                {k: int(v) if k == "feet_in_view" else v for k, v in changed.items()},
                reason=reason, via="therapist mode")
        except UserError as exc:
            self.page, self.note = "edit", exc.message
            return
        self.session.apply(self.ctx, self.values, changes)
        self.saved = [f"{LABELS[c.field]}: {_shown(c.field, c.old_value)} -> "
                      f"{_shown(c.field, c.new_value)}" for c in changes]
        self.before, self.page, self.note = self.values, "saved", ""

    # --------------------------------------------------------------- drawing
    def prompt(self) -> tuple[str, ...]:
        return ("Therapist mode",)

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        name = f" ({self.session.patient_name})" if self.session.patient_name else ""
        theme.draw_text(surface, theme.shortened(f"Therapist mode: {self.ctx.patient_id}{name}",
                                                 w - 40), theme.MEDIUM, theme.YELLOW, (w // 2, 52))
        if self.page == "edit":
            self._draw_rows(surface)
            footer = EDIT_KEYS
        elif self.page == "reason":
            _draw_list(surface, "Why? Press a number:", [f"{i}  {r}" for i, r in
                                                          enumerate(REASONS)])
            footer = "A number: save with that reason    Esc: back to the changes"
        else:
            _draw_list(surface, f"Saved ({len(self.saved)} change"
                                f"{'s' if len(self.saved) > 1 else ''}):", self.saved)
            footer = "Enter: back to the title screen"
        if self.note and self.page != "saved":
            theme.draw_text(surface, self.note, theme.SMALL, theme.BAD_TEXT, (w // 2, h - 92))
        theme.draw_text(surface, footer, theme.SMALL, theme.TEXT_DIM, (w // 2, h - 36))

    def _draw_rows(self, surface: pygame.Surface) -> None:
        w = surface.get_width()
        titles = dict(self.programs)
        for i, field in enumerate(ROWS):
            y = TOP + i * ROW_H
            if i == self.row:
                pygame.draw.rect(surface, theme.PANEL, (40, y - ROW_H // 2 + 3, w - 80,
                                                        ROW_H - 6), border_radius=14)
                for x, s in ((w // 2 + 8, -1), (w - 64, 1)):
                    pygame.draw.polygon(surface, theme.YELLOW, [(x, y - 14), (x, y + 14),
                                                                (x + 18 * s, y)])
            value = getattr(self.values, field)
            shown = titles.get(value, value) if field == "program" else words(field, value)
            if value is None and field in PROGRAM_SAYS:
                shown = f"program: {self._program_says(field)}"
            _left(surface, LABELS[field], (64, y), w // 2 - 90, theme.TEXT)
            _left(surface, str(shown), (w // 2 + 40, y), w // 2 - 130,
                  theme.YELLOW if i == self.row else theme.TEXT)


def _stepped(name: str, value: float | None, direction: int) -> float | None:
    """The next value of a number row: None ("as the program says") sits below the range."""
    rule = RULES[name]
    start = MENU_START.get(name, rule.lo)
    if value is None:
        new = start if direction > 0 else None
    else:
        new = value + direction * rule.step
        new = None if new < start else min(new, rule.hi)
    if new is None:
        return None
    return int(new) if rule.whole else float(new)


def _shown(field: str, value: object) -> str:
    return "none" if value is None and field in ("program", "feet_in_view") else words(
        field, bool(value) if field == "feet_in_view" else value)


def _left(surface: pygame.Surface, text: str, at: tuple[int, int], width: int,
          colour: tuple[int, int, int]) -> None:
    """One line, left-aligned at ``at`` (its left and centre y), fitted to ``width``."""
    size = theme.fitted_size(text, ROW_PX, width)
    text_w = min(theme.font(size).size(text)[0], width)
    theme.draw_text(surface, text, size, colour, (at[0] + text_w // 2, at[1]), max_width=width)


def _draw_list(surface: pygame.Surface, head: str, lines: list[str]) -> None:
    w = surface.get_width()
    theme.draw_text(surface, head, theme.MEDIUM, theme.TEXT, (w // 2, 150))
    for i, line in enumerate(lines):
        _left(surface, line, (120, 226 + i * 56), w - 240, theme.TEXT)
