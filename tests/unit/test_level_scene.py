"""The level scene driven headless with scripted body signals and a fake clock.

The real pose model is exercised in test_end_to_end.py; here the body is
scripted so that pauses, the log and reaction times can be checked exactly.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers.scene_runner import ScriptedTracker, run, session

from balancegame.clock import FakeClock
from balancegame.game.context import GameContext
from balancegame.game.scenes.level import LevelScene
from balancegame.measures.minimum_jerk import minimum_jerk as min_jerk
from balancegame.prescription.levels import parse_level
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database

LEVEL = parse_level("""
schema_version = 1
type = "obstacle_dodge"
title = "t"
instructions = "i"
[difficulty]
duration_s = 20
countdown_s = 3
approach_time_s = 2.0
spawn_interval_s = 5.0
spawn_jitter_s = 0
dodge_distance_cm = 8
pass_time_s = 0.5
rest_s = 1.0
""", Path("scene.toml"))
RT_S = 0.5


@pytest.fixture
def world(tmp_path):
    stimuli = []
    with session(tmp_path / "t.sqlite3", [LEVEL], on_stimulus=stimuli.append) as (ctx, db):
        yield ctx.clock, ctx.tracker, db, LevelScene(ctx, 0), stimuli


def patient(stimuli, t_s):
    """A patient who reacts after RT_S with a 0.5 s minimum-jerk move of 12 cm."""
    x = 0.0
    for s in stimuli:
        dt = t_s - (s.t_onset_s + RT_S)
        back = t_s - (s.t_onset_s + s.hold_s + 0.1)
        x += s.direction.value * 12.0 * (min_jerk(dt / 0.5) - min_jerk(back / 0.5))
    return x


def test_full_level_records_every_trial_with_true_reaction_times(world):
    clock, tracker, db, scene, stimuli = world
    tracker.position_cm = lambda t: patient(stimuli, t)
    run(clock, scene, 40.0)
    assert scene.done  # the flow shows the results next
    (run_row,) = db.level_runs(scene.ctx.log.session_id)
    assert run_row.status == "completed"
    trials = db.trials(run_row.level_run_id)
    assert len(trials) == len(stimuli) >= 3
    for trial, stim in zip(trials, stimuli, strict=True):
        assert trial.outcome == "avoided"
        assert trial.stimulus_onset_t_s == stim.t_onset_s
        assert trial.rt_ms == pytest.approx(RT_S * 1000, abs=1000 / 30)  # one frame
    assert db.sample_count(run_row.level_run_id) >= 30 * 20


def test_standing_still_hits_and_records_no_movement(world):
    clock, tracker, db, scene, stimuli = world
    run(clock, scene, 40.0)
    trials = db.trials(db.level_runs(scene.ctx.log.session_id)[0].level_run_id)
    assert trials and all(t.outcome == "hit" and t.rt_ms is None for t in trials)


def test_leaving_the_view_pauses_cancels_the_obstacle_and_resumes(world):
    clock, tracker, db, scene, stimuli = world
    # Intro 0.5 s + countdown 3 s: the first wall appears at ~3.5 s.
    gone = (4.5, 6.5)  # leaves while it approaches
    tracker.position_cm = lambda t: None if gone[0] <= t < gone[1] else patient(stimuli, t)
    run(clock, scene, 5.3)
    assert scene.paused_reason == "tracking_lost"
    assert not scene.challenge.obstacles  # the wall in flight was cancelled
    run(clock, scene, 1.7)  # back at 6.5 s, ...
    assert scene.paused_reason == "tracking_lost"  # ... but resumes only 3 s later
    run(clock, scene, 3.0)
    assert scene.paused_reason is None
    kinds = [e.kind for e in db.events(scene.ctx.log.session_id)]
    assert kinds[:3] == ["trial_cancelled", "tracking_lost", "resume"]


def test_a_pause_in_the_countdown_restarts_it_and_brings_no_wall_forward(world):
    clock, tracker, db, scene, stimuli = world
    tracker.position_cm = lambda t: None if 1.0 <= t < 2.0 else 0.0
    run(clock, scene, 1.6)
    assert scene.paused_reason == "tracking_lost"
    run(clock, scene, 0.4 + 3.05)  # back at 2 s, resumes 3 s later
    assert scene.paused_reason is None
    assert scene.screen().countdown_left_s == pytest.approx(LEVEL["countdown_s"], abs=0.1)
    run(clock, scene, LEVEL["countdown_s"] - 0.1)
    assert not stimuli  # nothing shown during the new countdown ...
    run(clock, scene, 0.2)
    assert len(stimuli) == 1  # ... and the first wall when it ends


def test_camera_loss_has_its_own_message(world):
    """A camera that stops sends nothing; the worker says so about a second later."""
    clock, tracker, db, scene, stimuli = world
    run(clock, scene, 5.0)
    tracker.camera_ok = False
    run(clock, scene, 1.5)
    assert scene.paused_reason == "camera_lost"
    kinds = [e.kind for e in db.events(scene.ctx.log.session_id)]
    assert "tracking_lost" not in kinds  # never "come back into view" for a camera fault


def test_no_results_from_a_working_camera_is_the_computer_not_the_patient(world):
    clock, tracker, db, scene, stimuli = world
    run(clock, scene, 5.0)
    tracker.fps = 0.5  # pose stalls: one result every 2 s
    run(clock, scene, 1.5)
    assert scene.paused_reason == "tracking_slow"
    assert views_text(scene) == ("The computer is too busy",
                                 "Close other programs.\nThe game goes on by itself.")
    tracker.fps = 30.0
    run(clock, scene, 4.0)
    assert scene.paused_reason is None


def views_text(scene):
    from balancegame.game.views.common import PAUSE_TEXT

    return PAUSE_TEXT[scene.screen().pause.kind]


def test_a_slow_pose_stream_with_the_person_in_view_never_pauses(tmp_path):
    """4 Hz pose, each result 0.3 s late (seen on busy laptops): every trial is played."""
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock, fps=4.0, latency_s=0.3)
    stimuli = []
    with session(tmp_path / "slow.sqlite3", [LEVEL], tracker, clock,
                 on_stimulus=stimuli.append) as (ctx, db):
        clock.advance(1.0)  # the camera check before the level saw results coming
        ctx.pull_signals()
        scene = LevelScene(ctx, 0)
        tracker.position_cm = lambda t: patient(stimuli, t)
        run(clock, scene, 40.0)
        assert scene.done and scene.n_pauses == 0
        (row,) = db.level_runs(ctx.log.session_id)
        trials = db.trials(row.level_run_id)
        assert len(trials) == len(stimuli) >= 3


def test_sudden_drop_pauses_until_space(world):
    clock, tracker, db, scene, stimuli = world
    tracker.vertical_cm = lambda t: 100.0 if t < 5.0 else max(40.0, 100.0 - 150.0 * (t - 5.0))
    run(clock, scene, 6.0)
    assert scene.paused_reason == "fall_suspected"
    run(clock, scene, 10.0)
    assert scene.paused_reason == "fall_suspected"  # never resumes by itself
    scene.handle_key(pygame.K_SPACE)
    assert scene.paused_reason is None


def test_escape_saves_the_level_as_aborted_with_its_trials(world):
    clock, tracker, db, scene, stimuli = world
    tracker.position_cm = lambda t: patient(stimuli, t)
    run(clock, scene, 14.0)
    scene.handle_key(pygame.K_ESCAPE)
    assert not scene.quit and scene.screen().pause.kind == "confirm_end"  # asks first
    scene.handle_key(pygame.K_ESCAPE)
    assert scene.quit
    (run_row,) = db.level_runs(scene.ctx.log.session_id)
    assert run_row.status == "aborted" and "Esc" in run_row.end_reason
    assert len(db.trials(run_row.level_run_id)) >= 1
    assert run_row.summary["n_trials"] == len(db.trials(run_row.level_run_id))
    assert run_row.summary["n_avoided"] == run_row.summary["outcomes"]["avoided"]
    assert run_row.summary["feedback_predicted"] is True
    assert run_row.summary["feedback_tremor_s"] == 0.0  # a scripted body, no tremor


def test_escape_by_mistake_goes_back_to_a_paused_game(world):
    clock, tracker, db, scene, stimuli = world
    run(clock, scene, 5.0)
    scene.handle_key(pygame.K_ESCAPE)
    scene.handle_key(pygame.K_RETURN)  # not Esc: do not end
    assert not scene.quit and not scene.confirm_end and scene.paused_reason == "manual"
    run(clock, scene, 5.0)
    assert scene.paused_reason == "manual"  # waits for Space
    scene.handle_key(pygame.K_SPACE)
    assert scene.paused_reason is None


def test_same_seed_same_input_same_log(tmp_path):
    def play(seed_dir):
        clock = FakeClock(0.0)
        tracker = ScriptedTracker(clock)
        with Database.open(seed_dir / "t.sqlite3") as db:
            db.ensure_patient("p")
            sid = db.start_session("p", source="s", app_version="t", seed=9, settings={})
            stimuli = []
            ctx = GameContext(clock=clock, tracker=tracker, log=SessionLog(db, sid),
                              levels=[LEVEL], seed=9, on_stimulus=stimuli.append, headless=True)
            tracker.position_cm = lambda t: patient(stimuli, t)
            scene = LevelScene(ctx, 0)
            run(clock, scene, 40.0)
            rid = db.level_runs(sid)[0].level_run_id
            return [(t.direction, t.outcome, t.stimulus_onset_t_s, t.rt_ms)
                    for t in db.trials(rid)]

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert play(tmp_path / "a") == play(tmp_path / "b")


def test_adaptive_difficulty_is_recorded_with_every_trial(world):
    clock, tracker, db, _, stimuli = world
    text = LEVEL.source_text.replace("[difficulty]", "[difficulty]") + (
        "\n[adaptive]\ntarget_success = 0.75\nmin_preset = 1\nmax_preset = 10\n")
    level = parse_level(text.replace("duration_s = 20", "duration_s = 60"), Path("ad.toml"))
    scene = LevelScene(GameContext(clock=clock, tracker=tracker, log=world[3].ctx.log,
                                   levels=[level], seed=1, on_stimulus=stimuli.append,
                                   headless=True), 0)
    tracker.position_cm = lambda t: 2.5 * patient(stimuli, t)  # 30 cm: clears any distance
    run(clock, scene, 120.0)
    run_row = db.level_runs(scene.ctx.log.session_id)[-1]
    trials = db.trials(run_row.level_run_id)
    records = [t.detail["adaptive"] for t in trials]
    assert len(records) >= 4 and all(r["success"] for r in records)
    presets = [r["preset_after"] for r in records]
    assert presets == sorted(presets) and presets[-1] > presets[0]  # harder and harder
    assert all("Kaernbach" in r["rule"] for r in records)
    # The values announced for the next trial are the ones it used.
    for rec, nxt in zip(records, trials[1:], strict=False):
        assert nxt.distance_cm == rec["values_from_next_trial"]["dodge_distance_cm"]


def test_program_rest_between_bouts_then_next_level(world):
    from balancegame.game.flow import SessionFlow
    from balancegame.game.scenes.end import EndScene
    from balancegame.game.scenes.level_intro import LevelIntroScene
    from balancegame.game.scenes.rest import RestScene
    from balancegame.game.scenes.results import ResultsScene

    clock, tracker, db, scene, stimuli = world
    ctx = scene.ctx
    ctx.levels, ctx.rests_s, ctx.headless = [LEVEL, LEVEL], [30.0, 0.0], False
    ctx.summaries.append({"n_trials": 0})
    flow = SessionFlow(ctx)
    results = ResultsScene(ctx, ctx.summaries[-1])
    results.handle_key(pygame.K_RETURN)
    assert results.done
    rest = flow.after(results)
    assert isinstance(rest, RestScene) and rest.left_s == 30.0
    run(clock, rest, 29.0)
    assert not rest.done
    run(clock, rest, 1.1)
    assert rest.done
    intro = flow.after(rest)
    assert isinstance(intro, LevelIntroScene) and intro.level is LEVEL
    second = flow.after(intro)
    assert isinstance(second, LevelScene) and second.level_index == 1
    end = flow.after(ResultsScene(ctx, {}))
    assert isinstance(end, EndScene) and ctx.end_reason == "all levels played"
    assert flow.after(end) is None


@pytest.mark.parametrize(("method", "corrected"), [("driver", True), ("estimated", False)])
def test_a_measured_display_delay_is_taken_off_only_when_it_can_be_separated(
        tmp_path, method, corrected):
    """The panel shows the wall 40 ms after the flip and the patient reacts 0.5 s after
    seeing it: with driver-stamped frames the check's 40 ms is the display's alone and comes
    off; otherwise it is stored beside the reaction time and nothing is subtracted."""
    from balancegame.game.display_delay import DisplayDelay

    stimuli = []
    delay = DisplayDelay.from_check(40.0, method)
    with session(tmp_path / "t.sqlite3", [LEVEL], on_stimulus=stimuli.append,
                 display_delay=delay) as (ctx, db):
        scene = LevelScene(ctx, 0)
        seen = lambda t: patient([replace(s, t_onset_s=s.t_onset_s + 0.040) for s in stimuli], t)  # noqa: E731
        ctx.tracker.position_cm = seen
        run(ctx.clock, scene, 25.0)
        trials = db.trials(db.level_runs(ctx.log.session_id)[0].level_run_id)
    assert trials
    for trial, stim in zip(trials, stimuli, strict=True):
        detail = json.loads(trial.detail_json)
        assert detail["display_delay_ms"] == 40.0
        assert detail["display_delay_corrected"] is corrected
        expected_ms = RT_S * 1000 + (0 if corrected else 40)
        assert trial.rt_ms == pytest.approx(expected_ms, abs=15)
        assert trial.stimulus_onset_t_s == pytest.approx(stim.t_onset_s + 0.040 * corrected)


def test_reaction_times_are_found_off_the_game_thread_and_none_is_lost(world, monkeypatch):
    """The onset fit runs on the finder's thread; a failing fit still stores its trial."""
    import threading

    import balancegame.game.onset_finder as finder

    clock, tracker, db, scene, stimuli = world
    tracker.position_cm = lambda t: patient(stimuli, t)
    threads, calls, real = set(), [], finder.movement_response

    def spy(samples, onset_s, sign, **kw):
        threads.add(threading.current_thread().name)
        calls.append(onset_s)
        if len(calls) == 2:
            raise FloatingPointError("a broken fit")
        return real(samples, onset_s, sign, **kw)

    monkeypatch.setattr(finder, "movement_response", spy)
    run(clock, scene, 40.0)
    trials = db.trials(db.level_runs(scene.ctx.log.session_id)[0].level_run_id)
    assert threads and threading.current_thread().name not in threads
    assert len(trials) == len(stimuli) >= 3
    broken = [t for t in trials if "the fit failed" in (t.detail_json or "")]
    assert len(broken) == 1 and broken[0].rt_ms is None
    assert all(t.rt_ms == pytest.approx(RT_S * 1000, abs=1000 / 30) for t in trials
               if t not in broken)


def test_the_marker_is_drawn_where_the_body_is_at_the_flip_while_rules_use_the_measurement(
        tmp_path):
    """Pose results come 100 ms after capture.  The marker drawn (LevelScreen) is predicted
    to each flip; the rules' displacement and the reaction times stay on the measurement."""
    from helpers.scene_runner import STEP_S

    stimuli = []
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock, latency_s=0.100)
    with session(tmp_path / "t.sqlite3", [LEVEL], tracker=tracker, clock=clock,
                 on_stimulus=stimuli.append) as (ctx, db):
        scene = LevelScene(ctx, 0)
        tracker.position_cm = lambda t: patient(stimuli, t)
        drawn, measured, true = [], [], []
        for i in range(int(40.0 / STEP_S)):  # to the level's end: every trial is stored then
            clock.advance(STEP_S)
            scene.update(STEP_S, clock.now_s())
            if scene.done:
                break
            if i % 2:
                t_flip = clock.now_s()
                scene.before_draw(t_flip)
                shown = scene.screen().displacement_cm
                scene.after_flip(t_flip)
                if scene.centre_cm is not None and any(
                        0 < t_flip - (s.t_onset_s + RT_S) < 0.5 for s in stimuli):  # moving
                    drawn.append(shown)
                    measured.append(scene.displacement_cm)
                    true.append(patient(stimuli, t_flip) - scene.centre_cm)
        trials = db.trials(db.level_runs(ctx.log.session_id)[0].level_run_id)
    drawn, measured, true = map(np.array, (drawn, measured, true))
    assert len(drawn) > 50
    err_drawn, err_rules = np.abs(drawn - true).mean(), np.abs(measured - true).mean()
    assert err_drawn < 0.35 * err_rules  # cm: most of the 100 ms (+ filter) lag made up
    assert scene.done and len(trials) == len(stimuli) >= 3
    assert all(t.rt_ms == pytest.approx(RT_S * 1000, abs=1000 / 30) for t in trials)


class ScriptedPeople:
    """The people watch as the level sees it: someone else in view between two times."""

    def __init__(self, clock, t_in_s, t_out_s):
        self.clock, self.t_in_s, self.t_out_s = clock, t_in_s, t_out_s

    def state(self):
        from balancegame.people_watch import PeopleState

        return PeopleState(second_person=self.t_in_s <= self.clock.now_s() < self.t_out_s)


def test_someone_else_in_view_pauses_at_once_and_their_time_is_left_out(tmp_path):
    """A second person from 8 s to 11 s, while the patient sways wildly (as if the tracker
    followed the other person): the level pauses in the tick it is reported, cancels the wall
    in flight, says so, goes on 3 s after they have gone, and the sway measures are those of
    the patient's own time."""
    from helpers.scene_runner import ScriptedTracker, run, session

    stimuli = []
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock)
    wild = lambda t: 25.0 * np.sin(2 * np.pi * 2 * t) if 8.0 <= t < 11.0 else 0.0  # noqa: E731
    with session(tmp_path / "t.sqlite3", [LEVEL], tracker=tracker, clock=clock,
                 on_stimulus=stimuli.append,
                 people=ScriptedPeople(clock, 8.0, 11.0)) as (ctx, db):
        scene = LevelScene(ctx, 0)
        tracker.position_cm = lambda t: patient(stimuli, t) + wild(t)
        kinds = []
        run(clock, scene, 8.0 + 1 / 60)
        kinds.append(scene.screen().pause.kind)
        run(clock, scene, 3.0 + 2.9)  # gone at 11 s; 2.9 s later still counting down
        kinds.append((scene.paused_reason, scene.screen().pause.resume_left_s))
        run(clock, scene, 0.2)
        kinds.append(scene.paused_reason)
        scene.end_session("test over")
        run_row = db.level_runs(ctx.log.session_id)[0]
        events = [e.kind for e in db.events(ctx.log.session_id)]
    assert kinds[0] == "second_person"
    assert kinds[1][0] == "second_person" and 0 < kinds[1][1] <= 0.2
    assert kinds[2] is None
    assert "second_person" in events and "resume" in events
    summary = run_row.summary
    assert summary["n_second_person"] == 1
    start, end = summary["second_person_spans_s"][0]
    assert end - start == pytest.approx(3.0 + 3.0, abs=0.05)  # until play went on
    # 25 cm of sway during those seconds would dominate; left out, the patient's stays small.
    assert summary["movement_level_ml"]["whole"]["rms_ml_cm"] < 6.0


def hesitant_patient(stimuli, back_after_hold_s):
    """A patient who sways (0.3 cm at 0.25 Hz, 0.15 cm of camera noise) and starts each
    dodge with a slow 1 cm step (RT_S after the stimulus), the main movement 0.6 s later,
    back ``back_after_hold_s`` after the wall has passed: the CoM (cm) at time t."""
    from balancegame.demo.movement_shapes import position_share

    def position_cm(t):
        noise = np.random.default_rng(int(round(t * 1e4))).normal(0, 0.15)
        x = 0.3 * np.sin(2 * np.pi * 0.25 * t) + noise
        for s in stimuli:
            x += s.direction.value * 12.0 * (
                position_share("hesitant", t - s.t_onset_s - RT_S, 0.5)
                - min_jerk((t - s.t_onset_s - s.hold_s - back_after_hold_s) / 0.5))
        return float(x)

    return position_cm


def test_a_hesitant_start_is_found_under_the_sway_learnt_in_the_countdown(tmp_path):
    """A patient who sways (0.3 cm at 0.25 Hz, 0.15 cm of camera noise) starts each dodge
    with a slow 1 cm step and moves 0.6 s later.  The reaction time is the first step's: the
    sway learnt in the countdown (game/onset_finder.py) lets it be told from the sway;
    without the model it is taken for sway and the reaction time is the main movement's."""
    level = parse_level(LEVEL.source_text.replace("countdown_s = 3", "countdown_s = 5"),
                        Path("scene.toml"))
    stimuli = []
    with session(tmp_path / "t.sqlite3", [level], on_stimulus=stimuli.append) as (ctx, db):
        clock, tracker, scene = ctx.clock, ctx.tracker, LevelScene(ctx, 0)
        tracker.position_cm = hesitant_patient(stimuli, 1.2)
        run(clock, scene, 40.0)
        trials = db.trials(db.level_runs(ctx.log.session_id)[0].level_run_id)
    assert len(trials) >= 3
    for trial in trials:
        detail = json.loads(trial.detail_json)
        assert trial.rt_ms == pytest.approx(RT_S * 1000, abs=100)  # ms (without: 1100)
        assert "after a first small movement" in detail["onset_method"]
        assert detail["sway_model_s"] >= 4.5  # learnt from the 5 s countdown


def test_a_later_level_borrows_the_sessions_quiet_standing_for_its_first_trials(tmp_path):
    """The same hesitant patient (a slow 1 cm first step, the main movement 0.6 s later), two
    levels with 3 s countdowns in one session.  The first level has 5 s of quiet standing
    only from its third trial, so its first two are found without the patient's sway (here
    one of them was put 280 ms late, at the main movement's start); the second borrows the
    first level's quiet standing (game/session_quiet.py): every trial has the model, and each
    is timed from the first step."""
    stimuli = []
    with session(tmp_path / "t.sqlite3", [LEVEL, LEVEL], on_stimulus=stimuli.append) as (ctx, db):
        # back sooner after the wall, so that the 1.5 s before the next stimulus is quiet
        ctx.tracker.position_cm = hesitant_patient(stimuli, 0.6)
        for index in (0, 1):
            scene = LevelScene(ctx, index)
            run(ctx.clock, scene, 40.0)
            assert scene.done
        first, second = (db.trials(r.level_run_id) for r in db.level_runs(ctx.log.session_id))
    assert len(first) >= 3 and len(second) >= 3
    assert json.loads(first[0].detail_json)["sway_model_s"] is None  # no model yet
    for trial in second:
        detail = json.loads(trial.detail_json)
        assert detail["sway_model_borrowed_s"] > 0
        # The first step's start, not the main movement's 600 ms later; a slow step's start
        # is imprecise by nature (docs/onset_detection.md), hence 120 ms.
        assert trial.rt_ms == pytest.approx(RT_S * 1000, abs=120)  # ms


def test_a_first_level_borrows_the_standing_of_its_intro(tmp_path):
    """The same hesitant patient in a session's first level, with no neutral stance before
    it: the 5 s of standing while its instructions are read (scenes/level_intro.py) are lent
    to its sway model, so its first trials have the model too (without the intro, the first
    trial has none: the test above) and each is timed from the first step."""
    from balancegame.game.scenes.level_intro import LevelIntroScene

    stimuli = []
    with session(tmp_path / "t.sqlite3", [LEVEL], on_stimulus=stimuli.append,
                 headless=False) as (ctx, db):  # watched: the intro shows its full 5 s
        ctx.tracker.position_cm = hesitant_patient(stimuli, 0.6)
        intro = LevelIntroScene(ctx, LEVEL)
        run(ctx.clock, intro, 10.0)
        assert intro.done and ctx.quiet_standing.seconds >= 4.5
        scene = LevelScene(ctx, 0)
        run(ctx.clock, scene, 40.0)
        assert scene.done
        trials = db.trials(db.level_runs(ctx.log.session_id)[0].level_run_id)
    assert len(trials) >= 3
    for trial in trials:
        detail = json.loads(trial.detail_json)
        assert detail["sway_model_borrowed_s"] >= 4.5
        assert trial.rt_ms == pytest.approx(RT_S * 1000, abs=120)  # ms


def test_an_intro_held_for_the_patient_lends_only_the_standing_around_the_hold(tmp_path):
    """The patient steps out of view during the intro: the screen holds, and what it lends
    is the standing before and after, not one stretch across the gap."""
    from balancegame.game.scenes.level_intro import LevelIntroScene

    with session(tmp_path / "t.sqlite3", [LEVEL], headless=False) as (ctx, db):
        ctx.tracker.position_cm = lambda t: None if 2.0 <= t < 4.0 else 0.1 * np.sin(t)
        intro = LevelIntroScene(ctx, LEVEL)
        run(ctx.clock, intro, 15.0)
        assert intro.done
        lent = ctx.quiet_standing.newest(60.0)
    assert len(lent) == 2
    assert all(not (2.0 <= t[0] < 4.0) and not np.any((t >= 2.0) & (t < 4.0)) for t, _ in lent)
