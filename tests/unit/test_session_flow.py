"""The order of screens lives in game/flow.py; sound cues come from the rules, on the rule clock."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers.scene_runner import STEP_S, run, session

from balancegame.challenges.base import Body, Cue
from balancegame.challenges.gaze import GazeChallenge
from balancegame.game.flow import SessionFlow
from balancegame.game.scenes.camera_check import CameraCheckScene
from balancegame.game.scenes.checkin import CheckInScene
from balancegame.game.scenes.end import EndScene
from balancegame.game.scenes.level import LevelScene
from balancegame.game.scenes.level_intro import LevelIntroScene
from balancegame.game.scenes.results import ResultsScene
from balancegame.game.scenes.title import TitleScene
from balancegame.prescription.levels import parse_level
from balancegame.prescription.library import LevelLibrary

SHORT = parse_level("""
schema_version = 1
type = "obstacle_dodge"
title = "Short"
instructions = "i"
[difficulty]
duration_s = 10
countdown_s = 3
""", Path("short.toml"))


class Sounds:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


@pytest.fixture
def ctx(tmp_path):
    with session(tmp_path / "f.sqlite3", [SHORT], sounds=Sounds()) as (context, _):
        yield context


def test_a_returning_patient_goes_through_every_screen_in_order(ctx) -> None:
    ctx.previous_sessions = 2
    flow = SessionFlow(ctx)
    scene, seen = flow.first(), []
    while scene is not None and len(seen) < 20:
        seen.append(type(scene))
        run(ctx.clock, scene, 30.0)
        assert scene.done and not scene.quit, type(scene)
        scene = flow.after(scene)
    assert seen == [TitleScene, CheckInScene, CameraCheckScene, LevelIntroScene, LevelScene,
                    ResultsScene, EndScene]
    assert ctx.end_reason == "all levels played"
    assert [s["status"] for s in ctx.summaries] == ["completed"]


def test_a_first_session_has_no_check_in(ctx) -> None:
    flow = SessionFlow(ctx)
    title = flow.first()
    title.handle_key(pygame.K_RETURN)
    assert title.done and isinstance(flow.after(title), CameraCheckScene)


def test_the_countdown_ticks_once_per_number_from_the_rules(ctx) -> None:
    scene = LevelScene(ctx, 0)
    run(ctx.clock, scene, 2.99)
    assert ctx.sounds.played == ["tick", "tick", "tick"]  # 3, 2, 1
    run(ctx.clock, scene, 0.5)
    assert ctx.sounds.played.count("tick") == 3  # no more once the count is over
    assert ctx.sounds.played[3:] == ["onset"]  # the first wall, shown at the count's end


@pytest.mark.parametrize("frames_per_step", [1, 2, 12])
def test_metronome_ticks_follow_rule_time_not_the_frame_rate(frames_per_step) -> None:
    """Gaze, 72 beats/min: the ticks depend only on rule time, whatever the drawing does."""
    level = LevelLibrary.shipped().level("gaze-vor-slow")
    challenge = GazeChallenge(level, np.random.default_rng(0))
    ticks_at = []
    t_bout_s = level["countdown_s"]
    for i in range(int(round((t_bout_s + 10.0) / STEP_S))):
        events = challenge.step(STEP_S, Body(True, 0.0))
        if i % frames_per_step == 0:
            challenge.view()  # drawing reads a snapshot and changes nothing
        ticks_at += [challenge.t_s for e in events if isinstance(e, Cue)
                     and challenge.t_s > t_bout_s]
    bpm = level["metronome_bpm"]
    # A tick as the head should reach each side: beat k at (k - 0.5) beats into the bout.
    expected = [t_bout_s + (k - 0.5) * 60 / bpm for k in range(1, int(10 * bpm / 60 + 0.5) + 1)]
    assert len(ticks_at) == len(expected)
    assert np.allclose(ticks_at, expected, atol=STEP_S + 1e-9)  # s


def test_a_fall_during_a_rest_holds_it_at_once_until_space(ctx) -> None:
    from balancegame.game.scenes.rest import RestScene

    ctx.headless = False
    rest = RestScene(ctx, 30.0, "Next")
    tracker = ctx.tracker
    run(ctx.clock, rest, 3.0)
    t_fall = ctx.clock.now_s()
    tracker.vertical_cm = lambda t: 100.0 if t < t_fall else 40.0  # 60 cm down at once
    run(ctx.clock, rest, 0.5)
    assert rest.hold == "fall_suspected"
    left = rest.left_s
    run(ctx.clock, rest, 5.0)
    assert rest.left_s == left and not rest.done  # held, not counting on
    events = [e.kind for e in ctx.log.sink.events(ctx.log.session_id)]
    assert "fall_suspected" in events  # logged when it happened, not at the next level
    rest.handle_key(pygame.K_RETURN)
    assert not rest.done  # Enter does not skip past an unanswered fall alert
    rest.handle_key(pygame.K_SPACE)
    assert rest.hold is None


def test_the_instructions_wait_for_the_patient_to_be_back_in_view(ctx) -> None:
    intro = LevelIntroScene(ctx, SHORT)
    ctx.tracker.position_cm = lambda t: None  # nobody in view
    run(ctx.clock, intro, 10.0)
    assert not intro.done and intro.hold == "tracking_lost"
    ctx.tracker.position_cm = lambda t: 0.0
    run(ctx.clock, intro, 1.0)
    assert intro.done


def test_escape_asks_before_ending_on_every_screen(ctx) -> None:
    from balancegame.game.scenes.rest import RestScene

    rest = RestScene(ctx, 30.0, "Next")
    rest.handle_key(pygame.K_ESCAPE)
    assert rest.confirm_end and not rest.quit
    left = rest.left_s
    run(ctx.clock, rest, 2.0)
    assert rest.left_s == left  # the question holds the screen
    rest.handle_key(pygame.K_n)
    assert not rest.confirm_end and not rest.quit  # back to the rest
    rest.handle_key(pygame.K_ESCAPE)
    rest.handle_key(pygame.K_ESCAPE)
    assert rest.quit and "Esc" in ctx.end_reason


def test_a_level_cut_short_by_the_time_limit_shows_its_results(ctx) -> None:
    flow = SessionFlow(ctx)
    scene = LevelScene(ctx, 0)
    run(ctx.clock, scene, 5.0)
    scene.end_session("time limit reached (--seconds)")
    results = flow.closing(scene)
    assert isinstance(results, ResultsScene) and results.summary["status"] == "aborted"
    assert flow.closing(TitleScene(ctx)) is None  # nothing was cut short
