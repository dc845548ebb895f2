"""Drawing of the dual-task level; no rules here, only what the scene holds.

Gate mode: the question ("95 − 3 = ?") in the largest type at the top; a
pair of gates comes down the screen towards the patient's marker (a yellow
disc near the bottom), a wall in the middle and a gap on each side; above
each gap, standing still, a big candidate answer.  The two labels look the same until
the answer is chosen: then the right one turns green with a tick and a wrong
choice turns vermillion with a cross (and the scene's feedback word appears).
Between questions the last sum stays on screen, complete, so the patient
knows where the series goes on from.

Spoken mode: the start number, very large, "Count back by 3, out loud", the
correct answers so far and per minute, and a small hint for the supervisor.
The view is a mirror, as in the dodge view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from balancegame.game import theme
from balancegame.game.camera_view import CameraView
from balancegame.game.views.common import HUD_H, draw_hud
from balancegame.messages import Side, TrackedFrame

if TYPE_CHECKING:
    from balancegame.challenges.dual_task import DualTaskChallenge, Gate
    from balancegame.game.scenes.level import LevelScene

QUESTION_Y = 175
TOP_Y = 270  # where the gates appear, below the question
PLAYER_Y = 570
LABEL_Y = 440  # the answers, just above the gaps the patient moves into
GAP_EDGE_PX = 240  # screen distance from the middle to a gate's inner edge
MARKER_R = 40
LABEL_SIZE = (300, 150)  # the box holding a candidate answer
MINUS = "\u2212"  # a real minus sign: wider than a hyphen, easier to see


def _x_of(displacement_cm: float, distance_cm: float, width: int) -> float:
    """Screen x of a displacement: the gate edge maps to GAP_EDGE_PX."""
    return width / 2 + displacement_cm * GAP_EDGE_PX / distance_cm


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


def _draw_label(surface: pygame.Surface, gate: Gate, side: Side, y: int) -> None:
    x = _gap_centre_x(side, surface.get_width())
    box = pygame.Rect(0, 0, *LABEL_SIZE)
    box.center = (x, y)
    fill, mark = theme.BLACK, None
    if gate.outcome is not None:
        if side is gate.correct_side:
            fill, mark = theme.GREEN, True
        elif side is gate.chosen:
            fill, mark = theme.VERMILLION, False
    pygame.draw.rect(surface, fill, box, border_radius=18)
    pygame.draw.rect(surface, theme.TEXT, box, 6, border_radius=18)
    theme.draw_text(surface, str(gate.number_on(side)), theme.HUGE, theme.TEXT, (x, y + 4))
    if mark is not None:
        _mark(surface, (box.right - 6, box.top + 6), mark)


def _draw_gate(surface: pygame.Surface, gate: Gate, t_s: float) -> None:
    """The wall between the gates and the gate posts come down; the answers stay put."""
    w = surface.get_width()
    travel = PLAYER_Y - TOP_Y
    front_y = TOP_Y + gate.progress(t_s) * travel
    thickness = max(30.0, travel * (gate.t_clear_s - gate.t_arrive_s)
                    / (gate.t_arrive_s - gate.t_spawn_s))
    wall = pygame.Rect(int(w / 2 - GAP_EDGE_PX), int(front_y - thickness), 2 * GAP_EDGE_PX,
                       int(thickness))
    pygame.draw.rect(surface, theme.ORANGE, wall)
    pygame.draw.rect(surface, theme.BLACK, wall, 4)
    for x in (16, w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX, w - 16):
        post = pygame.Rect(0, 0, 24, int(thickness) + 40)
        post.midbottom = (int(x), int(front_y + 20))
        pygame.draw.rect(surface, theme.SKY_BLUE, post)
        pygame.draw.rect(surface, theme.BLACK, post, 3)
    # Still labels: moving text is hard to read, more so with nystagmus (common in MS).
    for side in (Side.LEFT, Side.RIGHT):
        _draw_label(surface, gate, side, LABEL_Y)


def _draw_question(surface: pygame.Surface, ch: DualTaskChallenge) -> None:
    w = surface.get_width()
    pending = [g for g in ch.gates if g.outcome is None]
    if pending:
        text, colour = f"{pending[0].shown} {MINUS} {ch.subtract_by} = ?", theme.YELLOW
    elif ch.last_gate is not None:
        g = ch.last_gate
        text, colour = f"{g.shown} {MINUS} {ch.subtract_by} = {g.answer}", theme.SKY_BLUE
    else:
        return
    theme.draw_text(surface, text, theme.HUGE, colour, (w // 2 - 20, QUESTION_Y))


def _draw_gate_mode(surface: pygame.Surface, scene: LevelScene,
                    tracked: TrackedFrame | None) -> None:
    w, h = surface.get_size()
    ch: DualTaskChallenge = scene.challenge
    distance_cm = ch.p["gate_distance_cm"]
    pygame.draw.line(surface, theme.PANEL, (0, PLAYER_Y), (w, PLAYER_Y), 8)
    for x in (w / 2 - GAP_EDGE_PX, w / 2 + GAP_EDGE_PX):
        pygame.draw.line(surface, theme.PANEL, (x, TOP_Y), (x, h), 3)
    for gate in ch.gates:
        _draw_gate(surface, gate, ch.t_s)
    _draw_question(surface, ch)
    x = min(max(_x_of(scene.displacement_cm, distance_cm, w), MARKER_R), w - MARKER_R)
    present = tracked is not None and tracked.signals.present
    pygame.draw.circle(surface, theme.BLACK, (int(x), PLAYER_Y), MARKER_R + 6)
    pygame.draw.circle(surface, theme.YELLOW if present else theme.TEXT_DIM, (int(x), PLAYER_Y),
                       MARKER_R)


def _draw_spoken_mode(surface: pygame.Surface, scene: LevelScene) -> None:
    w, _ = surface.get_size()
    ch: DualTaskChallenge = scene.challenge
    theme.draw_text(surface, "Start at", theme.MEDIUM, theme.TEXT, (w // 2, 125))
    theme.draw_text(surface, str(ch.start), theme.HUGE * 2, theme.YELLOW, (w // 2, 300))
    theme.draw_text(surface, f"Count back by {ch.subtract_by}, out loud", theme.MEDIUM,
                    theme.TEXT, (w // 2, 470))
    n_correct = ch.outcomes.count("correct")
    rate = ch.correct_per_min()
    shown = rate is not None and ch.active_minutes() >= 0.25  # too jumpy before 15 s
    theme.draw_text(surface, f"{n_correct} correct" + (f"    {rate:.0f} a minute" if shown
                                                        else ""),
                    theme.MEDIUM, theme.GREEN, (w // 2, 560))
    # For the supervisor, small and out of the way (left of the big number).
    for i, line in enumerate(("Supervisor keys:", "Y = correct", "N = wrong")):
        width = theme.font(theme.SMALL).size(line)[0]
        theme.draw_text(surface, line, theme.SMALL, theme.TEXT_DIM,
                        (24 + width // 2, HUD_H + 40 + i * 48))


def draw(surface: pygame.Surface, scene: LevelScene, tracked: TrackedFrame | None,
         camera_view: CameraView) -> None:
    w, _ = surface.get_size()
    surface.fill(theme.BACKGROUND)
    ch: DualTaskChallenge = scene.challenge
    counting_down = ch.t_s < ch.p["countdown_s"]
    if counting_down:
        first = ch.start if ch.mode == "spoken" else ch.current
        theme.draw_text(surface, f"First number: {first}", theme.MEDIUM, theme.SKY_BLUE,
                        (w // 2, 470))
    elif ch.mode == "gate":
        _draw_gate_mode(surface, scene, tracked)
    else:
        _draw_spoken_mode(surface, scene)
    draw_hud(surface, scene, tracked, camera_view, "Correct")
