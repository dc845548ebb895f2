"""Drawing of the stepping-in-place level, from its view-model; no rules here.

Two tall gauges at the sides, one per foot (mirror view: the patient's left
foot on the screen's left), each with a footprint that rises as the foot
lifts above standing and a dashed line at the height that counts as a step;
the footprint turns yellow above it.  In the middle: the number of steps in
giant figures and the pace over the last 10 s.  With the metronome on, the
foot whose turn it is glows on each beat (the tick is a sound cue from the rules);
with calm screens (``--calm``) nothing glows and the tick alone keeps the beat.
"""

from __future__ import annotations

import math

import pygame

from balancegame.challenges.stepping import SteppingView
from balancegame.game import backdrop, theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import BREATHE_WORDS, RELAX_WORDS, draw_hud
from balancegame.game.views.model import LevelScreen

MARCH_WORDS = "March on the spot"

GAUGE_X = {"left": 190, "right": 1090}  # screen x of each foot's gauge (mirror view)
GAUGE_TOP, GAUGE_BOTTOM, GAUGE_W = 215, 585, 200
FOOT = (110, 64)  # footprint seen from the front-ish: width, height px
GIANT = 240
LABEL_PX = 56  # the feet's names, clear of the outcome's word


def _gauge(surface: pygame.Surface, foot: str, lift_cm: float, threshold_cm: float,
           glow: bool) -> None:
    x = GAUGE_X[foot]
    full_cm = 2.5 * threshold_cm  # the gauge's top
    span = GAUGE_BOTTOM - GAUGE_TOP - FOOT[1]
    box = pygame.Rect(x - GAUGE_W // 2, GAUGE_TOP, GAUGE_W, GAUGE_BOTTOM - GAUGE_TOP)
    backdrop.draw_panel(surface, box, 20)
    pygame.draw.rect(surface, theme.YELLOW if glow else theme.TEXT_DIM, box, 10 if glow else 3,
                     border_radius=20)
    line_y = GAUGE_BOTTOM - FOOT[1] // 2 - threshold_cm / full_cm * span
    for i in range(box.x + 10, box.right - 10, 36):  # dashed: the height that counts
        pygame.draw.line(surface, theme.GREEN, (i, line_y), (i + 20, line_y), 6)
    share = 0.0 if not math.isfinite(lift_cm) else max(0.0, min(1.0, lift_cm / full_cm))
    y = GAUGE_BOTTOM - FOOT[1] - share * span
    sole = pygame.Rect(x - FOOT[0] // 2, int(y), FOOT[0], FOOT[1])
    up = math.isfinite(lift_cm) and lift_cm >= threshold_cm
    floor_y = GAUGE_BOTTOM - FOOT[1] // 2 - 4
    if share > 0:  # lifted: its shadow stays on the floor under it
        pygame.draw.ellipse(surface, theme.SHADOW, (x - FOOT[0] // 2, floor_y, FOOT[0], 14))
    pygame.draw.ellipse(surface, theme.BLACK, sole.inflate(10, 10))
    pygame.draw.ellipse(surface, theme.YELLOW if up else theme.TEXT, sole)
    for i in range(4):  # toes: a foot, not a blob
        toe = (sole.x + 22 + i * (FOOT[0] - 44) // 3, sole.y + 4 + abs(i - 1.5) * 3)
        pygame.draw.circle(surface, theme.BLACK, toe, 10)
        pygame.draw.circle(surface, theme.YELLOW if up else theme.TEXT, toe, 7)
    theme.draw_text(surface, foot.capitalize(), LABEL_PX, theme.TEXT,
                    (x, GAUGE_BOTTOM + 42))  # above the keys' line


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """Spoken instructions: what the bout asks, then a breath, then relax."""
    return {"bout": (MARCH_WORDS,), "ready": (BREATHE_WORDS,),
            "done": (RELAX_WORDS,)}.get(screen.challenge.phase, ())


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    view: SteppingView = screen.challenge
    w, h = surface.get_size()
    backdrop.paint(surface)
    lift_left, lift_right = view.lift_cm
    beat = view.beat_foot if screen.motion.animate else None  # calm: the tick only
    _gauge(surface, "left", lift_left, view.threshold_cm, beat == "left")
    _gauge(surface, "right", lift_right, view.threshold_cm, beat == "right")
    if view.phase == "countdown":  # the shared HUD shows "Stand still" and the count
        theme.draw_paragraph(surface, "Both feet on the floor", theme.MEDIUM, theme.SKY_BLUE,
                             (w // 2, 440), 800)
    elif view.phase == "bout":
        theme.draw_text(surface, MARCH_WORDS, theme.MEDIUM, theme.TEXT, (w // 2, 125))
        theme.draw_text(surface, str(view.n_steps), GIANT, theme.TEXT, (w // 2, 330))
        theme.draw_text(surface, "steps", theme.MEDIUM, theme.TEXT_DIM, (w // 2, 478))
        if view.cadence_recent_spm is not None:
            theme.draw_text(surface, f"{view.cadence_recent_spm:.0f} a minute", theme.MEDIUM,
                            theme.SKY_BLUE, (w // 2, 566))
    elif view.phase == "ready":
        theme.draw_paragraph(surface, BREATHE_WORDS, theme.LARGE,
                             theme.SKY_BLUE, (w // 2, 250), 640)
    else:
        theme.draw_text(surface, RELAX_WORDS, theme.LARGE, theme.GOOD_TEXT, (w // 2, 330))
    draw_hud(surface, screen, camera_view, None, 760)  # the word clear of the gauge's label
