"""Results after a level: a few large figures for the patient, saved already."""

from __future__ import annotations

import pygame

from balancegame.challenges.base import SUCCESS_OUTCOMES
from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import ENTER_KEYS, DwellScreen


def _num(value: object, fmt: str) -> str | None:
    return fmt.format(value) if isinstance(value, (int, float)) else None


def headline(s: dict) -> list[tuple[str, tuple[int, int, int]]]:
    """At most two large lines that mean something for this level type."""
    kind = s.get("type")
    outcomes = s.get("outcomes", {})
    n = s.get("n_trials", 0)
    lines: list[tuple[str | None, tuple[int, int, int]]] = []
    if kind == "quiet_stance":
        lines.append((_num(s.get("longest_stance_s"), "Stood still {:.0f} s"), theme.GREEN))
    elif kind == "gaze_stabilisation":
        lines.append((_num(s.get("turns_per_min"), "{:.0f} head turns a minute"), theme.GREEN))
        lines.append((_num(s.get("amplitude_deg"), "Turning {:.0f} degrees"), theme.SKY_BLUE))
    elif kind == "stepping":
        lines.append((_num(s.get("n_steps"), "{:.0f} steps"), theme.GREEN))
        lines.append((_num(s.get("cadence_spm"), "{:.0f} steps a minute"), theme.SKY_BLUE))
    elif kind == "dual_task":
        lines.append((f"Correct {s.get('n_correct', 0)} of {n}", theme.GREEN))
        lines.append((_num(s.get("correct_per_min"), "{:.0f} correct a minute"), theme.SKY_BLUE))
    else:
        word = {"weight_shift": "Reached", "obstacle_dodge": "Avoided"}.get(kind, "Success")
        good = sum(c for o, c in outcomes.items() if o in SUCCESS_OUTCOMES)
        lines.append((f"{word} {good} of {n}" if n else None, theme.GREEN))
        lines.append((_num(s.get("rt_ms_median"), "Reaction time {:.0f} ms"), theme.SKY_BLUE))
    return [(text, colour) for text, colour in lines if text]


class ResultsScene(DwellScreen):
    """The figures of the level just played (``summary``: the level scene's)."""

    watch_safety = True

    advance_keys = (*ENTER_KEYS, pygame.K_SPACE)

    def __init__(self, ctx: GameContext, summary: dict) -> None:
        super().__init__(ctx, ctx.seconds(8.0, 1.0))
        self.summary = summary

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        s = self.summary
        surface.fill(theme.BACKGROUND)
        theme.draw_text(surface, "Well done!", theme.HUGE, theme.YELLOW, (w // 2, 100))
        lines = headline(s)
        for i, (text, colour) in enumerate(lines):
            theme.draw_text(surface, text, theme.LARGE, colour, (w // 2, 260 + i * 120))
        theme.draw_text(surface, "Rest now. Results are saved.", theme.MEDIUM, theme.TEXT,
                        (w // 2, h - 150))
        theme.draw_text(surface, "Enter: go on    Esc: finish", theme.SMALL, theme.TEXT_DIM,
                        (w // 2, h - 60))
