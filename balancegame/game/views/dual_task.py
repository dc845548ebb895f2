"""Drawing of the dual-task level, from its view-model; no rules here.

Gate mode: the question ("95 − 3 = ?") in the largest type at the top; a
pair of gates comes along a floor in perspective (views/depth.py) towards the
patient's marker (a yellow ball near the bottom), a wall in the middle and a gap on
each side; above
each gap, standing still, a big candidate answer.  The two labels look the same until
the answer is chosen: then the right one turns dark green with a green edge and a
tick, and a wrong choice dark vermillion with a cross (and the scene's feedback word appears).
Between questions the last sum stays on screen, complete, so the patient
knows where the series goes on from.

Spoken mode: the start number, very large, "Count back by 3, out loud", the
correct answers so far and per minute, and a small hint for the supervisor.
The view is a mirror, as in the dodge view.
"""

from __future__ import annotations

import pygame

from balancegame.challenges.dual_task import DualTaskView, GateView
from balancegame.game import backdrop, theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import HUD_H, draw_hud
from balancegame.game.views.depth import Floor, draw_block, wall_depths
from balancegame.game.views.dodge import GAP_EDGE_PX, draw_floor, draw_marker
from balancegame.game.views.model import LevelScreen
from balancegame.messages import Side

QUESTION_Y = 175
HORIZON_Y = 250  # the floor's far end, below the question
PLAYER_Y = 570
FLOOR = Floor(HORIZON_Y, PLAYER_Y, 0.3)
WALL_H, POST_H = 110, 170  # px at the patient's plane
LABEL_Y = 440  # the answers, just above the gaps the patient moves into
MARKER_R = 40
LABEL_SIZE = (300, 150)  # the box holding a candidate answer
MINUS = "\u2212"  # a real minus sign: wider than a hyphen, easier to see
START_WORDS = "Start at"
COUNT_WORDS = "Count back by {}, out loud"


def _gap_centre_x(side: Side, width: int) -> int:
    edge = width / 2 + side.value * GAP_EDGE_PX
    return int((edge + (width if side is Side.RIGHT else 0)) / 2)


def _mark(surface: pygame.Surface, centre: tuple[int, int], good: bool) -> None:
    """A tick or a cross on a badge: the outcome told by shape, not colour alone."""
    cx, cy = centre
    pygame.draw.circle(surface, theme.BLACK, centre, 36)
    pygame.draw.circle(surface, theme.TEXT, centre, 36, 4)
    if good:
        pygame.draw.lines(surface, theme.TEXT, False,
                          [(cx - 17, cy + 1), (cx - 5, cy + 15), (cx + 18, cy - 14)], 9)
    else:
        for a, b in (((cx - 14, cy - 14), (cx + 14, cy + 14)),
                     ((cx - 14, cy + 14), (cx + 14, cy - 14))):
            pygame.draw.line(surface, theme.TEXT, a, b, 9)


def _draw_label(surface: pygame.Surface, gate: GateView, side: Side, y: int) -> None:
    x = _gap_centre_x(side, surface.get_width())
    box = pygame.Rect(0, 0, *LABEL_SIZE)
    box.center = (x, y)
    fill, edge, mark = theme.BLACK, theme.TEXT, None
    if gate.wall.outcome is not None:  # dark tints: the white number keeps 7:1 on them
        if side is gate.wall.side:
            fill, edge, mark = theme.GOOD_FILL, theme.GREEN, True
        elif side is gate.chosen:
            fill, edge, mark = theme.BAD_FILL, theme.VERMILLION, False
    pygame.draw.rect(surface, theme.SHADOW, box.move(0, 8), border_radius=18)
    pygame.draw.rect(surface, fill, box, border_radius=18)
    pygame.draw.rect(surface, edge, box, 6 if mark is None else 10, border_radius=18)
    number = gate.left if side is Side.LEFT else gate.right
    theme.draw_text(surface, str(number), theme.HUGE, theme.TEXT, (x, y + 4))
    if mark is not None:
        _mark(surface, (box.right - 6, box.top + 6), mark)


def _draw_gate(surface: pygame.Surface, gate: GateView) -> None:
    """The wall between the gates and the gate posts come along the floor; the answers
    stay put (views/depth.py: the front reaches the line at the rules' arrival time)."""
    depths = wall_depths(gate.wall.progress, gate.wall.pass_share)
    if depths is not None:
        w = surface.get_width()
        near, far = depths
        for x in sorted((16, w - 16, w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX),
                        key=lambda x: -abs(x - w / 2)):  # the outer posts first
            draw_block(surface, FLOOR, x - 12, x + 12, near, far, POST_H, theme.SKY_BLUE)
        draw_block(surface, FLOOR, w / 2 - GAP_EDGE_PX + 12, w / 2 + GAP_EDGE_PX - 12, near,
                   far, WALL_H, theme.ORANGE)
    # Still labels: moving text is hard to read, more so with nystagmus (common in MS).
    for side in (Side.LEFT, Side.RIGHT):
        _draw_label(surface, gate, side, LABEL_Y)


def _draw_question(surface: pygame.Surface, view: DualTaskView) -> None:
    if view.question is None:
        return
    number, answer = view.question
    if answer is None:
        text, colour = f"{number} {MINUS} {view.subtract_by} = ?", theme.YELLOW
    else:  # between questions: the last sum, complete, so the series can go on from it
        text, colour = f"{number} {MINUS} {view.subtract_by} = {answer}", theme.SKY_BLUE
    theme.draw_text(surface, text, theme.HUGE, colour, (surface.get_width() // 2 - 20, QUESTION_Y))


def _draw_gate_mode(surface: pygame.Surface, screen: LevelScreen, view: DualTaskView) -> None:
    for gate in view.gates:
        _draw_gate(surface, gate)
    _draw_question(surface, view)
    draw_marker(surface, screen, view.distance_cm, PLAYER_Y, MARKER_R,
                LABEL_Y + LABEL_SIZE[1] // 2 + 12)  # the success ring: under the answers


def _draw_spoken_mode(surface: pygame.Surface, view: DualTaskView) -> None:
    w, _ = surface.get_size()
    theme.draw_text(surface, START_WORDS, theme.MEDIUM, theme.TEXT, (w // 2, 125))
    theme.draw_text(surface, str(view.first_number), theme.HUGE * 2, theme.YELLOW, (w // 2, 300))
    theme.draw_text(surface, COUNT_WORDS.format(view.subtract_by), theme.MEDIUM,
                    theme.TEXT, (w // 2, 470))
    rate = view.correct_per_min
    theme.draw_text(surface, f"{view.n_correct} correct" + (f"    {rate:.0f} a minute"
                                                             if rate is not None else ""),
                    theme.MEDIUM, theme.GOOD_TEXT, (w // 2, 560))
    # For the supervisor, small and out of the way (left of the big number).
    for i, line in enumerate(("Supervisor keys:", "Y = correct", "N = wrong")):
        width = theme.font(theme.SMALL).size(line)[0]
        theme.draw_text(surface, line, theme.SMALL, theme.TEXT_DIM,
                        (24 + width // 2, HUD_H + 40 + i * 48))


def prompt(screen: LevelScreen) -> tuple[str, ...]:
    """Spoken instructions: the question asked, or the start number and the task."""
    view: DualTaskView = screen.challenge
    if view.mode == "spoken":
        return f"{START_WORDS} {view.first_number}", COUNT_WORDS.format(view.subtract_by)
    if view.question is not None and view.question[1] is None:
        return (f"{view.question[0]} {MINUS} {view.subtract_by}?",)
    return ()


def draw(surface: pygame.Surface, screen: LevelScreen, camera_view: CameraView) -> None:
    w, _ = surface.get_size()
    view: DualTaskView = screen.challenge
    if view.mode == "gate":
        draw_floor(surface, FLOOR)
    else:
        backdrop.paint(surface)
    if screen.countdown_left_s > 0:
        theme.draw_text(surface, f"First number: {view.first_number}", theme.MEDIUM,
                        theme.SKY_BLUE, (w // 2, 470))
    elif view.mode == "gate":
        _draw_gate_mode(surface, screen, view)
    else:
        _draw_spoken_mode(surface, view)
    draw_hud(surface, screen, camera_view, "Correct")
