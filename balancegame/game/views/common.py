"""Parts of the level screen every challenge type shares.

The instructions page, the countdown, the heads-up display (time left, score,
the camera picture-in-picture for the therapist), outcome feedback and the
pause overlay.  Feedback is never colour alone: a word goes with it.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.model import LevelScreen

HUD_H = 80
FEEDBACK_TOP = 618  # px: the outcome's word (and the keys) below this; no animation there
FEEDBACK_X = 810  # the word's centre: right of the keys (a view with things there moves it)
PIP_SIZE = (256, 192)
GOOD_OUTCOMES = {"avoided": "Well done!", "reached": "Got it!", "correct": "Correct!",
                 "completed": "Well done!"}
BAD_OUTCOMES = {"hit": "Bump!", "missed": "Missed", "wrong": "Not quite", "timeout": "Too late"}

COUNTDOWN_WORDS = "Stand still"
KEYS_WORDS = "Space: pause    Esc: end"
BREATHE_WORDS = "Take a breath. Again in a moment."  # between bouts
RELAX_WORDS = "Relax"  # the level's work is done

PAUSE_TEXT = {
    # kind: (headline, what to do)
    "manual": ("Paused", "Press Space to go on"),
    "tracking_lost": ("Come back into view", "The game goes on when you are back"),
    "camera_lost": ("The camera stopped", "Reconnecting. Check its cable.\n"
                                          "The game goes on when it is back."),
    "tracking_slow": ("The computer is too busy", "Close other programs.\n"
                                                   "The game goes on by itself."),
    "confirm_end": ("End the session?", "Esc again: end and save.\nAny other key: go back."),
    "second_person": ("Only one person in view, please",
                      "The game goes on when you are alone in the picture."),
    "fall_suspected": ("Are you all right?",
                       "Sit down and rest. If you feel unwell, call someone.\n"
                       "Press Space to go on."),
}


def draw_intro(surface: pygame.Surface, title: str, instructions: str,
               seconds_left: float) -> None:
    w, h = surface.get_size()
    backdrop.paint(surface)
    theme.draw_text(surface, title, theme.LARGE, theme.YELLOW, (w // 2, 110))
    lines = len(theme.wrap(instructions, 60, w - 200))
    panel_h = min(lines * int(60 * 1.15) + 60, h - 180 - 160)  # clear of "Starting in"
    backdrop.draw_panel(surface, (60, 180, w - 120, panel_h))
    theme.draw_paragraph(surface, instructions, 60, theme.TEXT, (w // 2, 210), w - 200)
    theme.draw_text(surface, f"Starting in {max(1, int(seconds_left + 0.999))}", theme.MEDIUM,
                    theme.SKY_BLUE, (w // 2, h - 110))


def countdown_number(screen: LevelScreen) -> str:
    """The number the countdown shows: 3, 2, 1."""
    return str(int(screen.countdown_left_s) + 1)


def draw_hud(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView,
             score_label: str | None = "Avoided", feedback_x: int | None = None) -> None:
    """Top band (time, score), camera PIP, countdown and outcome feedback (the word at
    ``feedback_x``, by default ``FEEDBACK_X``, below ``FEEDBACK_TOP``)."""
    w, h = surface.get_size()
    pygame.draw.rect(surface, theme.SHADOW, (0, HUD_H, w, 6))  # the band casts a shadow
    pygame.draw.rect(surface, theme.BACKGROUND, (0, 0, w, HUD_H))
    pygame.draw.line(surface, theme.PANEL_EDGE, (0, HUD_H), (w, HUD_H), 3)
    if screen.countdown_left_s > 0:
        theme.draw_text(surface, COUNTDOWN_WORDS, theme.LARGE, theme.TEXT, (w // 2, 200))
        theme.draw_text(surface, countdown_number(screen), theme.HUGE, theme.YELLOW,
                        (w // 2, 330))
    else:
        left_s = max(0, int(screen.time_left_s + 0.999))
        theme.draw_text(surface, f"{left_s // 60}:{left_s % 60:02d}", theme.MEDIUM, theme.TEXT,
                        (110, 40))
        # None: a level without a score (quiet stance); none until the first trial is decided
        # ("Avoided 0 of 0" reads as a failure from across the room)
        good, n = screen.score if score_label is not None else (0, 0)
        if n > 0:
            theme.draw_text(surface, f"{score_label} {good} of {n}", theme.MEDIUM,
                            theme.GOOD_TEXT, (w // 2 - 40, 40))
    # The keys that matter, always in the same place (anyone at the keyboard may use them).
    chip = pygame.Rect(0, 0, theme.font(theme.SMALL).size(KEYS_WORDS)[0] + 28, 50)
    chip.center = (270, h - 28)  # on a plate of its own: any background (a checkerboard)
    pygame.draw.rect(surface, theme.BACKGROUND, chip, border_radius=14)
    theme.draw_text(surface, KEYS_WORDS, theme.SMALL, theme.TEXT_DIM, (270, h - 26))
    if screen.tracked is not None:
        pip = camera_view.surface(screen.tracked, PIP_SIZE)
        rect = pip.get_rect(topright=(w - 8, 8))
        pygame.draw.rect(surface, theme.SHADOW, rect.move(0, 6).inflate(6, 6), border_radius=6)
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(6, 6), border_radius=6)
        surface.blit(pip, rect)
    words = GOOD_OUTCOMES.get(screen.feedback) or BAD_OUTCOMES.get(screen.feedback)
    if words:  # on a plate of its own, right of the keys: nothing shows through it
        at = (FEEDBACK_X if feedback_x is None else feedback_x, h - 52)
        plate = pygame.Rect(0, 0, theme.font(theme.LARGE).size(words)[0] + 8, 96)
        plate.center = at
        pygame.draw.rect(surface, theme.BACKGROUND, plate, border_radius=18)
        theme.draw_text(surface, words, theme.LARGE, theme.GOOD_TEXT if screen.feedback
                        in GOOD_OUTCOMES else theme.BAD_TEXT, at)


@lru_cache(maxsize=4)
def _shade(size: tuple[int, int]) -> pygame.Surface:
    """The pause's dark veil, made once per window size (not every frame)."""
    shade = pygame.Surface(size, pygame.SRCALPHA)
    shade.fill((0, 0, 0, 210))
    return shade


def draw_pause(surface: pygame.Surface, kind: str, resume_left_s: float | None) -> None:
    """The pause overlay; ``resume_left_s`` counts down an automatic resume."""
    w, h = surface.get_size()
    surface.blit(_shade((w, h)), (0, 0))
    headline, detail = PAUSE_TEXT[kind]
    if resume_left_s is not None:
        detail = f"Going on in {max(1, int(resume_left_s + 0.999))}"
    theme.draw_text(surface, headline, theme.LARGE, theme.YELLOW, (w // 2, h // 2 - 100))
    theme.draw_paragraph(surface, detail, theme.MEDIUM, theme.TEXT, (w // 2, h // 2 - 10),
                         w - 120)
