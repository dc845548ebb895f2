"""Drawing of the quiet-stance level, from its view-model; no rules here.

A calm screen: the stance in words and as a picture of the feet seen from
above, and a big number of seconds left.  Nothing moves by default, because
seeing one's own sway changes it; with ``feedback = "marker"`` a yellow dot on
a line shows the side-to-side sway (mirror view), the line's ends at the
loss-of-balance limit.  After a loss of balance: "Get back into position".
"""

from __future__ import annotations

import pygame

from balancegame.challenges.quiet_stance import QuietStanceView
from balancegame.game import backdrop, theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import RELAX_WORDS, draw_hud
from balancegame.game.views.flourish import draw_ball
from balancegame.game.views.model import LevelScreen

PICTURE_CENTRE = (230, 400)
INFO_X = 680  # centre of the text and the number, between the picture and the camera
INFO_W = 600  # px, text width: clear of the camera picture (top right)
GIANT = 240  # px, the seconds left
FOOT = (62, 150)  # px, a footprint's width and length
MARKER_Y, MARKER_HALF_W, MARKER_R = 610, 300, 30
RECOVER_WORDS = "Take your time. Get back into position."
# Where each foot goes (dx, dy from the picture centre, px; up = forward).
# False: the lifted foot of the single-leg stance, drawn as an outline.
FEET: dict[str, list[tuple[int, int, bool]]] = {
    "feet-apart": [(-75, 0, True), (75, 0, True)],
    "feet-together": [(-36, 0, True), (36, 0, True)],
    "tandem": [(0, -80, True), (0, 80, True)],
    "single-leg": [(-36, 0, True), (48, -30, False)],
}


def _foot(surface: pygame.Surface, centre: tuple[int, int], solid: bool) -> None:
    w, h = FOOT
    sole = pygame.Rect(0, 0, w, h)
    sole.center = centre
    toes = [(centre[0] - w // 2 + 10 + i * (w - 20) // 3, centre[1] - h // 2 - 12 + abs(i - 1) * 4)
            for i in range(4)]
    if solid:
        pygame.draw.ellipse(surface, theme.TEXT, sole)
        for t in toes:
            pygame.draw.circle(surface, theme.TEXT, t, 10)
    else:
        pygame.draw.ellipse(surface, theme.TEXT_DIM, sole, 5)
        for t in toes:
            pygame.draw.circle(surface, theme.TEXT_DIM, t, 10, 3)


def draw_stance_picture(surface: pygame.Surface, stance: str,
                        centre: tuple[int, int] = PICTURE_CENTRE) -> None:
    """The feet seen from above, toes up, on a panel."""
    panel = pygame.Rect(0, 0, 330, 360)
    panel.center = centre
    backdrop.draw_panel(surface, panel)
    for dx, dy, solid in FEET[stance]:
        _foot(surface, (centre[0] + dx, centre[1] + dy), solid)
    if stance == "single-leg":
        theme.draw_text(surface, "lifted", theme.SMALL, theme.TEXT_DIM,
                        (centre[0] + 70, centre[1] + 90))


def _draw_marker(surface: pygame.Surface, displacement_cm: float, loss_cm: float) -> None:
    x0, x1 = INFO_X - MARKER_HALF_W, INFO_X + MARKER_HALF_W
    pygame.draw.line(surface, theme.PANEL, (x0, MARKER_Y), (x1, MARKER_Y), 10)
    pygame.draw.line(surface, theme.TEXT_DIM, (INFO_X, MARKER_Y - 30), (INFO_X, MARKER_Y + 30), 4)
    share = max(-1.0, min(1.0, displacement_cm / loss_cm))
    x = int(INFO_X + share * MARKER_HALF_W)
    draw_ball(surface, (x, MARKER_Y), MARKER_R, theme.YELLOW)


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """Spoken instructions: the stance while it is held, then what to do."""
    view: QuietStanceView = screen.challenge
    return {"attempt": (view.words,), "recover": (RECOVER_WORDS,),
            "done": (RELAX_WORDS,)}.get(view.phase, ())


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    view: QuietStanceView = screen.challenge
    backdrop.paint(surface)
    draw_stance_picture(surface, view.stance)
    if view.phase == "countdown":  # the shared HUD shows "Stand still" and the count
        theme.draw_paragraph(surface, view.words, theme.MEDIUM, theme.YELLOW, (INFO_X, 430),
                             INFO_W)
    elif view.phase == "attempt":
        theme.draw_paragraph(surface, view.words, theme.MEDIUM, theme.YELLOW, (INFO_X, 92),
                             INFO_W)
        theme.draw_text(surface, str(int(view.time_left_s + 0.999)), GIANT, theme.TEXT,
                        (INFO_X, 375))
        theme.draw_text(surface, "seconds left", theme.MEDIUM, theme.TEXT_DIM, (INFO_X, 525))
        if view.marker:
            _draw_marker(surface, view.ml_cm, view.loss_cm)
    elif view.phase == "recover":
        theme.draw_paragraph(surface, RECOVER_WORDS, theme.MEDIUM,
                             theme.SKY_BLUE, (INFO_X, 110), INFO_W)
        theme.draw_text(surface, f"Again in {max(1, int(view.recover_left_s + 0.999))}",
                        theme.LARGE, theme.TEXT, (INFO_X, 460))
    else:
        theme.draw_text(surface, RELAX_WORDS, theme.LARGE, theme.GOOD_TEXT, (INFO_X, 330))
    draw_hud(surface, screen, camera_view, None)
