"""Parts of the level screen every challenge type shares.

The instructions page, the countdown, the heads-up display (time left, score,
the camera picture-in-picture for the therapist), outcome feedback and the
pause overlay.  Feedback is never colour alone: a word goes with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from balancegame.game import theme
from balancegame.game.camera_view import CameraView
from balancegame.messages import TrackedFrame
from balancegame.prescription.levels import Level

if TYPE_CHECKING:
    from balancegame.game.scenes.level import LevelScene

HUD_H = 80
PIP_SIZE = (256, 192)
GOOD_OUTCOMES = {"avoided": "Well done!", "reached": "Got it!", "correct": "Correct!",
                 "completed": "Well done!"}
BAD_OUTCOMES = {"hit": "Bump!", "missed": "Missed", "wrong": "Not quite", "timeout": "Too late"}

PAUSE_TEXT = {
    # kind: (headline, what to do)
    "manual": ("Paused", "Press Space to go on"),
    "tracking_lost": ("Come back into view", "The game goes on when you are back"),
    "camera_lost": ("Camera not working", "Check its cable. The game goes on when it is back."),
    "fall_suspected": ("Are you all right?",
                       "Sit down and rest. If you feel unwell, call someone.\n"
                       "Press Space to go on."),
}


def draw_intro(surface: pygame.Surface, level: Level, seconds_left: float) -> None:
    w, h = surface.get_size()
    surface.fill(theme.BACKGROUND)
    theme.draw_text(surface, level.title, theme.LARGE, theme.YELLOW, (w // 2, 110))
    theme.draw_paragraph(surface, level.instructions, 60, theme.TEXT, (w // 2, 210), w - 200)
    theme.draw_text(surface, f"Starting in {max(1, int(seconds_left + 0.999))}", theme.MEDIUM,
                    theme.SKY_BLUE, (w // 2, h - 110))


def score_text(scene: LevelScene) -> str:
    good = sum(t["outcome"] in GOOD_OUTCOMES for t in scene.trials)
    return f"{good} of {len(scene.trials)}"


def draw_hud(surface: pygame.Surface, scene: LevelScene, tracked: TrackedFrame | None,
             camera_view: CameraView, score_label: str | None = "Avoided") -> None:
    """Top band (time, score), camera PIP, countdown and outcome feedback."""
    w, h = surface.get_size()
    pygame.draw.rect(surface, theme.BACKGROUND, (0, 0, w, HUD_H))
    pygame.draw.line(surface, theme.PANEL, (0, HUD_H), (w, HUD_H), 3)
    level, t_s = scene.level, scene.challenge.t_s
    countdown_s = level["countdown_s"] - t_s
    if countdown_s > 0:
        theme.draw_text(surface, "Stand still", theme.LARGE, theme.TEXT, (w // 2, 200))
        theme.draw_text(surface, str(int(countdown_s) + 1), theme.HUGE, theme.YELLOW,
                        (w // 2, 330))
    else:
        end_s = level["countdown_s"] + level["duration_s"]
        left_s = max(0, int(end_s - t_s + 0.999))
        theme.draw_text(surface, f"{left_s // 60}:{left_s % 60:02d}", theme.MEDIUM, theme.TEXT,
                        (110, 40))
        if score_label is not None:  # None: a level without a score (quiet stance)
            theme.draw_text(surface, f"{score_label} {score_text(scene)}", theme.MEDIUM,
                            theme.GREEN, (w // 2 - 40, 40))
    if tracked is not None:
        pip = camera_view.surface(tracked, PIP_SIZE)
        surface.blit(pip, pip.get_rect(topright=(w - 8, 8)))
    if scene.feedback:
        outcome, _ = scene.feedback
        if outcome in GOOD_OUTCOMES:
            theme.draw_text(surface, GOOD_OUTCOMES[outcome], theme.LARGE, theme.GREEN,
                            (w // 2, h - 60))
        elif outcome in BAD_OUTCOMES:
            theme.draw_text(surface, BAD_OUTCOMES[outcome], theme.LARGE, theme.VERMILLION,
                            (w // 2, h - 60))


def draw_pause(surface: pygame.Surface, kind: str, resume_left_s: float | None) -> None:
    """The pause overlay; ``resume_left_s`` counts down an automatic resume."""
    w, h = surface.get_size()
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 210))
    surface.blit(shade, (0, 0))
    headline, detail = PAUSE_TEXT[kind]
    if resume_left_s is not None:
        detail = f"Going on in {max(1, int(resume_left_s + 0.999))}"
    theme.draw_text(surface, headline, theme.LARGE, theme.YELLOW, (w // 2, h // 2 - 100))
    theme.draw_paragraph(surface, detail, theme.MEDIUM, theme.TEXT, (w // 2, h // 2 - 10),
                         w - 120)
