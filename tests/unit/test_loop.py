"""Fixed timestep, catch-up cap, onset at the flip: with a fake clock."""

import numpy as np
import pygame
import pytest

from balancegame.clock import FakeClock
from balancegame.game.loop import FrameStats, GameLoop, StepAccumulator


def test_accumulator_runs_whole_steps_and_keeps_the_remainder():
    acc = StepAccumulator(step_s=0.01, max_steps_per_frame=8)
    assert acc.steps_for(0.025) == (2, 0)
    assert acc.steps_for(0.005) == (1, 0)  # 0.005 left over + 0.005
    assert acc.steps_for(0.0) == (0, 0)


def test_accumulator_caps_catch_up_after_a_stall():
    acc = StepAccumulator(step_s=0.01, max_steps_per_frame=5, max_frame_dt_s=0.25)
    steps, dropped = acc.steps_for(3.0)  # a 3 s stall: clamped to 0.25 s = 25 steps
    assert steps == 5 and dropped == 20
    assert acc.steps_for(0.01) == (1, 0)  # the backlog is gone, not replayed


def test_overrun_counting():
    stats = FrameStats(target_period_s=1 / 60)
    for p in (1 / 60, 1 / 60, 1.3 / 60, 2 / 60):
        stats.record(p)
    assert stats.frames == 4 and stats.overruns == 2


class ScriptedScene:
    """Advances the fake clock by a set amount per drawn frame; records calls."""

    def __init__(self, clock, frame_dt_s, frames):
        self.clock, self.frame_dt_s, self.frames_left = clock, frame_dt_s, frames
        self.done, self.quit = False, False
        self.updates, self.flips, self.drawn_at = [], [], []

    def handle_key(self, key):
        if key == pygame.K_ESCAPE:
            self.end_session("Esc")

    def end_session(self, reason):
        self.reason, self.quit = reason, True

    def update(self, dt_s, now_s):
        self.updates.append((dt_s, now_s))

    def draw(self, surface):
        self.drawn_at.append(self.clock.now_s())
        self.clock.advance(self.frame_dt_s)  # drawing "takes" this long

    def after_flip(self, t_flip_s):
        self.flips.append(t_flip_s)
        self.frames_left -= 1
        if self.frames_left == 0:
            self.quit = True


@pytest.fixture
def screen():
    pygame.display.init()
    yield pygame.display.set_mode((64, 48))
    pygame.quit()


def test_rule_time_tracks_clock_time_in_fixed_steps(screen):
    clock = FakeClock(100.0)
    scene = ScriptedScene(clock, frame_dt_s=1 / 50, frames=50)
    loop = GameLoop(screen, clock, scene, step_s=1 / 120, fps=1000)
    loop.run()
    assert all(dt == pytest.approx(1 / 120) for dt, _ in scene.updates)
    rule_time = len(scene.updates) / 120
    assert rule_time == pytest.approx(49 / 50, abs=1 / 120)
    # The onset handed to the scene is the clock read after the flip, i.e. after drawing
    # (which took frame_dt_s here), never the time the frame started.
    assert len(scene.flips) == len(scene.drawn_at) == 50
    assert all(f == pytest.approx(d + 1 / 50) for f, d in zip(scene.flips, scene.drawn_at,
                                                            strict=True))


def test_time_limit_ends_the_loop_through_escape(screen):
    clock = FakeClock()
    scene = ScriptedScene(clock, frame_dt_s=0.1, frames=10_000)
    GameLoop(screen, clock, scene, fps=1000, time_limit_s=1.0).run()
    assert scene.quit and len(scene.flips) == pytest.approx(10, abs=1)
    assert "time limit" in scene.reason


def test_after_the_time_limit_a_closing_screen_is_shown_then_the_loop_ends(screen):
    clock = FakeClock()
    scene = ScriptedScene(clock, frame_dt_s=0.1, frames=10_000)
    closing = ScriptedScene(clock, frame_dt_s=0.1, frames=5)  # quits after 5 frames
    shown = []

    def closing_scene(ended):
        shown.append(ended)
        return closing

    loop = GameLoop(screen, clock, scene, fps=1000, time_limit_s=1.0,
                    closing_scene=closing_scene,
                    next_scene=lambda done: pytest.fail("the flow must not go on"))
    assert loop.run() is closing
    assert shown == [scene] and "time limit" in scene.reason
    assert len(closing.flips) == 5  # it ran its course, with no time limit of its own


class PredictingScene(ScriptedScene):
    """Wants to know, before drawing, when its frame will flip (the patient's marker)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = []

    def before_draw(self, t_expected_flip_s):
        self.expected.append(t_expected_flip_s)


def test_a_scene_is_told_when_its_frame_will_flip_and_the_guess_learns_the_draw_time(screen):
    clock = FakeClock(10.0)
    scene = PredictingScene(clock, frame_dt_s=0.012, frames=80)  # drawing takes 12 ms
    GameLoop(screen, clock, scene, fps=1000).run()
    assert len(scene.expected) == len(scene.flips) == 80
    errors_s = np.abs(np.array(scene.expected) - np.array(scene.flips))
    assert errors_s[0] > 0.005  # the first guess knows nothing of this machine
    assert errors_s[-20:].max() < 0.0005  # after a few frames it is within half a millisecond
    assert all(e <= f for e, f in zip(scene.drawn_at, scene.flips, strict=True))


def test_a_scene_without_before_draw_is_drawn_as_before(screen):
    clock = FakeClock()
    scene = ScriptedScene(clock, frame_dt_s=0.01, frames=5)
    GameLoop(screen, clock, scene, fps=1000).run()
    assert len(scene.flips) == 5
