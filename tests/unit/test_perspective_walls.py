"""Walls and gates in perspective still arrive when the rules say (issue 12, item 11).

A wall's front must reach the patient's line (the marker's line) exactly at the rules'
``t_arrive_s`` and stand on it exactly while the rules judge it passing (until
``t_clear_s``), and the gap must be clear from the first frame the wall is drawn.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers.screen_states import draw_level

from balancegame.challenges.base import Body, TrialStart
from balancegame.challenges.dodge import DodgeChallenge, DodgeView
from balancegame.challenges.dual_task import DualTaskView, GateView
from balancegame.challenges.walls import WallView
from balancegame.game import theme
from balancegame.game.motion import STILL
from balancegame.game.views import dodge, dual_task
from balancegame.game.views.depth import wall_depths
from balancegame.messages import Side
from balancegame.prescription.library import LevelLibrary

STEP_S = 1 / 120


def _front_y(view: WallView, floor) -> float | None:
    depths = wall_depths(view.progress, view.pass_share)
    return None if depths is None else floor.y(depths[0])


def test_the_wall_front_reaches_the_line_at_the_rules_arrival_time() -> None:
    """Played by the real rules: every wall's front is above the line before its
    arrival, on it from the first step at or after ``t_arrive_s`` until ``t_clear_s``,
    and gone after."""
    challenge = DodgeChallenge(LevelLibrary.shipped().level("dodge-gentle"),
                               np.random.default_rng(3))
    seen: dict[int, list[tuple[float, float | None]]] = {}
    timing = {}
    while challenge.t_s < 40.0:
        for event in challenge.step(STEP_S, Body(True, 0.0, None, ())):
            if isinstance(event, TrialStart):
                ob = challenge.obstacles[-1]
                timing[ob.trial_id] = (ob.t_arrive_s, ob.t_clear_s)
        for ob, view in zip(challenge.obstacles, challenge.view().walls, strict=True):
            seen.setdefault(ob.trial_id, []).append((challenge.t_s,
                                                     _front_y(view, dodge.FLOOR)))
    done = {k: v for k, v in timing.items() if v[1] < challenge.t_s}  # passed in the run
    assert len(done) >= 4
    for trial_id, (t_arrive_s, t_clear_s) in done.items():
        frames = seen[trial_id]
        before = [y for t, y in frames if t < t_arrive_s - 1e-9]
        on_line = [y for t, y in frames if t_arrive_s - 1e-9 <= t < t_clear_s - 1e-9]
        assert before and on_line
        assert all(y < dodge.PLAYER_Y for y in before)
        assert max(before) > dodge.PLAYER_Y - 2.0  # px: one step before, almost there
        assert on_line == pytest.approx([dodge.PLAYER_Y] * len(on_line))


def test_the_block_stands_on_the_line_exactly_while_it_passes() -> None:
    pass_share = 0.2
    assert wall_depths(0.999, pass_share)[0] > 0
    for progress in (1.0, 1.1, 1.199):
        assert wall_depths(progress, pass_share)[0] == 0.0
    assert wall_depths(1.2, pass_share) is None
    assert wall_depths(1.3, pass_share) is None


def _lowest_drawn_row(screen, kind, make_view, x: int) -> int:
    """The lowest row of column ``x`` where the wall changed the picture."""
    draw_level(screen, None, kind, make_view(None), {"displacement_cm": 30.0}, STILL)
    empty = pygame.surfarray.array3d(screen)[x].copy()
    draw_level(screen, None, kind, make_view(True), {"displacement_cm": 30.0}, STILL)
    column = pygame.surfarray.array3d(screen)[x]
    rows = np.flatnonzero(np.any(column != empty, axis=1))
    return int(rows.max())


@pytest.mark.parametrize("progress", [0.9, 1.0, 1.1])
def test_the_drawn_wall_meets_the_line_at_arrival(screen, progress) -> None:
    """On screen: the wall's lowest pixel is on the marker's line from arrival on, and
    well above it a tenth of the approach before."""
    def wall(show):
        return DodgeView((WallView(Side.RIGHT, progress, 0.17, None),) if show else (), 10.0)

    def gate(show):
        walls = (GateView(WallView(Side.LEFT, progress, 0.2, None), 92, 95, None),)
        return DualTaskView("gate", 3, 95, walls if show else (), (95, None), 10.0, 0, None)

    for kind, make, player_y, x in (("obstacle_dodge", wall, dodge.PLAYER_Y, 300),
                                    ("dual_task", gate, dual_task.PLAYER_Y, 640)):
        bottom = _lowest_drawn_row(screen, kind, make, x)
        if progress >= 1.0:
            assert bottom == pytest.approx(player_y, abs=2), kind  # px
        else:
            assert bottom < player_y - 20, kind  # px: 0.1 of the approach is ~30 px


def test_the_gap_is_clear_from_the_first_frame(screen) -> None:
    """A wall just appeared, far away: it stands on the covered side, the floor of the
    gap is tinted green up to it and the target zone is dashed on the gap side."""
    w = screen.get_width()
    for side in (Side.RIGHT, Side.LEFT):
        draw_level(screen, None, "obstacle_dodge",
                   DodgeView((WallView(side, 0.0, 0.17, None),), 10.0), {}, STILL)
        pixels = pygame.surfarray.array3d(screen)
        orange = np.argwhere(np.all(pixels == theme.ORANGE, axis=2))
        lane = np.argwhere(np.all(pixels == theme.SAFE_LANE, axis=2))
        dashes = np.argwhere(np.all(pixels[:, dodge.PLAYER_Y - 52:dodge.PLAYER_Y - 47]
                                    == theme.GREEN, axis=2))
        gap_edge_far = dodge.FLOOR.x(w / 2 + side.value * dodge.GAP_EDGE_PX, 1.0, w)
        assert len(orange) > 2000 and len(lane) > 20000 and len(dashes) > 500
        if side is Side.RIGHT:
            assert orange[:, 0].max() <= gap_edge_far + 2 <= lane[:, 0].min() + 4
            assert dashes[:, 0].min() >= w / 2 + dodge.GAP_EDGE_PX - 1
        else:
            assert orange[:, 0].min() >= gap_edge_far - 2 >= lane[:, 0].max() - 4
            assert dashes[:, 0].max() <= w / 2 - dodge.GAP_EDGE_PX + 1
