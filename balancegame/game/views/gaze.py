"""Drawing of the gaze-stabilisation level, from its view-model; no rules here.

A big black letter on a white card in the middle of the screen (the target
for the eyes; plain or checkerboard background).  Below it the visual
metronome: a yellow disc swinging along a track between two end posts,
reaching an end on every beat (the post lights up, unless the screens are calm:
then the tick alone marks the beat), the patient's right
first (mirror view: the patient's right is the screen's right), and a thin
blue ring showing where the head actually is.  Both sit just under the card
so they are seen without looking away from the letter.  The audible tick on
every beat is a sound cue from the rules (challenges/bout.py), not drawn here.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from balancegame.challenges.gaze import GazeView
from balancegame.game import backdrop, theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import BREATHE_WORDS, RELAX_WORDS, draw_hud
from balancegame.game.views.flourish import draw_ball
from balancegame.game.views.model import LevelScreen

EYES_WORDS = "Eyes on the letter"

CARD_CENTRE = (640, 345)
TRACK_Y, TRACK_HALF_W = 625, 420
DISC_R, RING_R = 34, 26
CHECKER_PX = 48


@lru_cache(maxsize=1)
def _cap_height_share() -> float:
    """Capital-letter height / font size of the bundled font (a number: safe to keep)."""
    return theme.font(200).render("H", True, theme.BLACK).get_bounding_rect().height / 200


def _letter_font(height_px: int) -> pygame.font.Font:
    """The bundled font at the size whose capital letters are ``height_px`` tall.

    Fonts come from theme.font, whose cache the app clears at pygame.quit().
    """
    return theme.font(max(8, round(height_px / _cap_height_share())))


@lru_cache(maxsize=4)
def _checkerboard_at(size: tuple[int, int]) -> pygame.Surface:
    """The busy background, made once per window size."""
    w, h = size
    out = pygame.Surface(size)
    out.fill((70, 74, 82))
    for y in range(0, h, CHECKER_PX):
        for x in range((y // CHECKER_PX) % 2 * CHECKER_PX, w, 2 * CHECKER_PX):
            out.fill((150, 154, 160), (x, y, CHECKER_PX, CHECKER_PX))
    return out


def _checkerboard(surface: pygame.Surface) -> None:
    surface.blit(_checkerboard_at(surface.get_size()), (0, 0))


def _draw_card(surface: pygame.Surface, letter: str, height_px: int) -> None:
    glyph = _letter_font(height_px).render(letter, True, theme.BLACK)
    box = glyph.get_bounding_rect()  # the ink, without the font's spacing
    card = pygame.Rect(0, 0, box.width + height_px * 0.6, height_px * 1.5)
    card.center = CARD_CENTRE
    pygame.draw.rect(surface, theme.SHADOW, card.inflate(12, 12).move(0, 10), border_radius=28)
    pygame.draw.rect(surface, theme.BLACK, card.inflate(12, 12), border_radius=28)
    pygame.draw.rect(surface, theme.TEXT, card, border_radius=24)
    surface.blit(glyph, (card.centerx - box.centerx, card.centery - box.centery))


def _draw_metronome(surface: pygame.Surface, position: float, head_share: float | None,
                    beat_glow: bool) -> None:
    cx = CARD_CENTRE[0]
    x0, x1 = cx - TRACK_HALF_W, cx + TRACK_HALF_W
    pygame.draw.line(surface, theme.BLACK, (x0, TRACK_Y), (x1, TRACK_Y), 16)
    pygame.draw.line(surface, theme.PANEL, (x0, TRACK_Y), (x1, TRACK_Y), 10)
    # The post the disc is reaching glows: the beat.
    lit = x1 if position > 0.8 else x0 if position < -0.8 else None
    lit = lit if beat_glow else None  # calm screens: the posts stay still, the tick beats
    for x in (x0, x1):
        colour = theme.YELLOW if x == lit else theme.TEXT_DIM
        pygame.draw.rect(surface, theme.BLACK, (x - 11, TRACK_Y - 51, 22, 102))
        pygame.draw.rect(surface, colour, (x - 8, TRACK_Y - 48, 16, 96))
    if head_share is not None and math.isfinite(head_share):
        hx = int(cx + max(-1.25, min(1.25, head_share)) * TRACK_HALF_W)
        pygame.draw.circle(surface, theme.BLACK, (hx, TRACK_Y), RING_R + 4, 10)
        pygame.draw.circle(surface, theme.SKY_BLUE, (hx, TRACK_Y), RING_R, 6)
    x = int(cx + position * TRACK_HALF_W)
    draw_ball(surface, (x, TRACK_Y), DISC_R, theme.YELLOW)


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """Spoken instructions: what the bout asks, then a breath, then relax."""
    return {"bout": (EYES_WORDS,), "ready": (BREATHE_WORDS,),
            "done": (RELAX_WORDS,)}.get(screen.challenge.phase, ())


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    view: GazeView = screen.challenge
    if view.checkerboard:
        _checkerboard(surface)
    else:
        backdrop.paint(surface)
    w, h = surface.get_size()
    if view.phase == "countdown":  # the shared HUD shows "Stand still" and the count
        theme.draw_paragraph(surface, "Look at the middle of the screen, head still",
                             theme.MEDIUM, theme.SKY_BLUE, (w // 2, 440), w - 160)
    elif view.phase == "bout":
        if view.checkerboard:  # the words on a plain plate, never on the squares
            plate = pygame.Rect(0, 0, theme.font(theme.MEDIUM).size(EYES_WORDS)[0] + 48, 84)
            plate.center = (w // 2, 122)
            backdrop.draw_panel(surface, plate, 18, theme.BACKGROUND)
        theme.draw_text(surface, EYES_WORDS, theme.MEDIUM, theme.TEXT, (w // 2, 122))
        _draw_card(surface, view.letter, int(view.letter_height_pct / 100 * h))
        _draw_metronome(surface, view.metronome, view.head_share, screen.motion.animate)
    elif view.phase == "ready":
        theme.draw_paragraph(surface, BREATHE_WORDS, theme.LARGE,
                             theme.SKY_BLUE, (w // 2, 250), w - 200)
    else:
        theme.draw_text(surface, RELAX_WORDS, theme.LARGE, theme.GOOD_TEXT, (w // 2, 330))
    draw_hud(surface, screen, camera_view, None, 790)  # the word clear of the metronome's post
