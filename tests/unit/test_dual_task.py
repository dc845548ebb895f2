"""The dual-task challenge: serial subtraction rules, gate choices, spoken answers, the scene."""

from __future__ import annotations

import itertools
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers.scene_runner import STEP_S, run, session

from balancegame.challenges.base import Body, Cue, LevelEnd, TrialEnd, TrialStart
from balancegame.challenges.dual_task import (
    DualTaskChallenge,
    chosen_side,
    distractor,
    start_number,
)
from balancegame.game import theme
from balancegame.game.scenes.level import LevelScene
from balancegame.measures.minimum_jerk import minimum_jerk as min_jerk
from balancegame.messages import Side
from balancegame.prescription.levels import parse_level
from balancegame.prescription.library import LevelLibrary

SHIPPED = LevelLibrary.shipped()  # only the shipped files: nothing of the user's

GATES = """
schema_version = 1
type = "dual_task"
title = "t"
instructions = "i"
mode = "gate"
series = "{series}"
start = "{start}"
[difficulty]
duration_s = 60
countdown_s = 3
approach_time_s = 4.0
spawn_interval_s = 6.0
gate_distance_cm = 8
pass_time_s = 0.5
rest_s = 1.0
max_same_side = 2
"""
SPOKEN = """
schema_version = 1
type = "dual_task"
title = "t"
instructions = "i"
mode = "spoken"
series = "{series}"
[difficulty]
duration_s = 60
countdown_s = 4
"""
DT = 1 / 120


def gates_level(series="3s", start="standard"):
    return parse_level(GATES.format(series=series, start=start), Path("gates.toml"))


def play(level, policy, seed=0):
    """Run a whole gate level; ``policy(rules)`` gives the displacement (cm) each step."""
    rules = DualTaskChallenge(level, np.random.default_rng(seed))
    events = []
    while not rules.finished:
        events += rules.step(DT, Body(True, policy(rules)))
        assert rules.t_s < 200
    return rules, events


def ends(events):
    return [e for e in events if isinstance(e, TrialEnd)]


def towards(side_of_gate):
    """A patient 12 cm into the gate ``side_of_gate(gate)`` whenever a question is open."""
    def policy(rules):
        pending = [g for g in rules.gates if g.outcome is None]
        return 12.0 * side_of_gate(pending[0]).value if pending else 0.0
    return policy


right_answer = towards(lambda g: g.correct_side)
wrong_answer = towards(lambda g: Side(-g.correct_side.value))


# ------------------------------------------------------------------ series
def test_start_numbers_follow_the_clinical_conventions():
    rng = np.random.default_rng(0)
    threes = {start_number("3s", "standard", rng) for _ in range(300)}
    assert threes == set(range(90, 101))  # every start from 90 to 100, nothing else
    assert {start_number("7s", "standard", rng) for _ in range(50)} == {100}
    for series in ("3s", "7s"):
        randoms = [start_number(series, "random_300_900", rng) for _ in range(500)]
        assert min(randoms) >= 300 and max(randoms) <= 900 and len(set(randoms)) > 300


def test_distractor_is_a_plausible_slip_never_the_answer():
    rng = np.random.default_rng(1)
    for answer in [0, 1, 5, 9, 10, 50, 93, 100, 577, 899]:
        wrong = [distractor(answer, rng) for _ in range(200)]
        assert all(w != answer and w >= 0 and abs(w - answer) in (1, 10) for w in wrong)
    assert {distractor(0, rng) for _ in range(100)} == {1, 10}  # never negative


def test_questions_count_down_from_the_right_answer_whatever_was_chosen():
    for policy in (right_answer, wrong_answer, lambda rules: 0.0):
        rules, events = play(gates_level("7s"), policy)
        resolved = ends(events)
        shown = [e.detail["shown_number"] for e in resolved]
        assert shown[0] == 100 and len(shown) >= 8
        assert all(e.detail["answer"] == e.detail["shown_number"] - 7 for e in resolved)
        assert np.all(np.diff(shown) == -7)
        assert all(e.detail["distractor"] != e.detail["answer"] for e in resolved)


def test_a_series_that_would_go_below_zero_starts_again():
    rules = DualTaskChallenge(gates_level("7s"), np.random.default_rng(0))
    rules.current = 5  # 5 - 7 < 0
    events = []
    while not any(isinstance(e, TrialStart) for e in events):
        events += rules.step(DT, Body(True, 0.0))
    assert rules.gates[0].shown == 100 and rules.start_numbers == [100, 100]


# ------------------------------------------------------------------- gates
def test_chosen_side_by_displacement():
    assert chosen_side(8.0, 8.0) is Side.RIGHT
    assert chosen_side(-9.0, 8.0) is Side.LEFT
    assert chosen_side(7.9, 8.0) is None and chosen_side(-7.9, 8.0) is None


def test_right_gate_is_correct_wrong_gate_wrong_middle_timeout():
    for policy, outcome in ((right_answer, "correct"), (wrong_answer, "wrong"),
                            (lambda rules: 0.0, "timeout")):
        rules, events = play(gates_level(), policy)
        outcomes = [e.outcome for e in ends(events)]
        assert outcomes and set(outcomes) == {outcome}, outcome
        assert isinstance(events[-1], LevelEnd)
        summary = rules.summary()
        assert summary[f"n_{outcome}"] == len(outcomes)
        assert summary["accuracy"] == (1.0 if outcome == "correct" else 0.0)


def test_answer_and_its_response_time_are_recorded():
    def late(rules):  # into the right gate 1.5 s after the question, during the approach
        pending = [g for g in rules.gates if g.outcome is None]
        if not pending or rules.t_s < pending[0].t_spawn_s + 1.5:
            return 0.0
        return 12.0 * pending[0].correct_side.value

    rules, events = play(gates_level(), late)
    starts = [e for e in events if isinstance(e, TrialStart)]
    resolved = ends(events)
    assert [s.direction for s in starts] == [e.direction for e in resolved]  # chosen = correct
    for e in resolved:
        assert e.rt == "movement" and e.detail["chosen_number"] == e.detail["answer"]
        assert e.detail["entered_gate_after_s"] == pytest.approx(1.5, abs=2 * DT)
    assert rules.summary()["response_time_ms_median"] == pytest.approx(1500, abs=2 * DT * 1e3)
    # Wrong answers keep the movement towards the gate actually chosen.
    _, events = play(gates_level(), wrong_answer)
    for e in ends(events):
        assert e.direction.name.lower() == e.detail["chosen_side"] != e.detail["correct_side"]


def test_a_late_patient_can_still_choose_while_the_gates_pass():
    def during_pass(rules):
        pending = [g for g in rules.gates if g.outcome is None]
        if not pending or rules.t_s < pending[0].t_arrive_s + 0.3:  # passes for 0.5 s
            return 0.0
        return 12.0 * pending[0].correct_side.value

    _, events = play(gates_level(), during_pass)
    assert {e.outcome for e in ends(events)} == {"correct"}


def test_same_seed_same_questions_and_side_limit():
    def questions(seed):
        _, events = play(gates_level("3s", "random_300_900"), right_answer, seed)
        return [(e.detail["shown_number"], e.detail["distractor"], e.direction)
                for e in ends(events)]

    assert questions(3) == questions(3)
    assert questions(3) != questions(4)
    sides = [side for _, _, side in questions(3)]
    runs = [len(list(g)) for _, g in itertools.groupby(sides)]
    assert max(runs) <= 2 and set(sides) == {Side.LEFT, Side.RIGHT}


def test_pause_drops_the_gates_and_asks_the_same_question_again():
    rules = DualTaskChallenge(gates_level(), np.random.default_rng(0))
    while not rules.gates:
        rules.step(DT, Body(True, 0.0))
    shown = rules.gates[0].shown
    assert rules.cancel_active() == [0]
    while not rules.gates:
        rules.step(DT, Body(True, 0.0))
    assert rules.gates[0].shown == shown and rules.gates[0].trial_id == 1


# ------------------------------------------------------------------ spoken
def spoken(series="3s", seed=0):
    level = parse_level(SPOKEN.format(series=series), Path("spoken.toml"))
    return DualTaskChallenge(level, np.random.default_rng(seed))


def step_for(rules, seconds):
    """The rule events of ``seconds`` of standing still (sound cues left out)."""
    events = []
    for _ in range(int(round(seconds / DT))):
        events += [e for e in rules.step(DT, Body(True, 0.0)) if not isinstance(e, Cue)]
    return events


def test_spoken_answers_are_counted_and_rated_per_minute_of_rule_time():
    rules = spoken()
    assert rules.handle_key("correct") == []  # nothing asked during the countdown
    first = step_for(rules, 4.5)
    assert [type(e) for e in first] == [TrialStart]
    events = []
    for key in ["correct"] * 10 + ["wrong"] * 2:
        step_for(rules, 2.5)
        events += rules.handle_key(key)
    assert rules.handle_key("recentre") == []
    resolved = ends(events)
    assert [e.outcome for e in resolved] == ["correct"] * 10 + ["wrong"] * 2
    assert all(e.rt == "response" and e.direction is None for e in resolved)
    times = [e.detail["response_time_rule_s"] for e in resolved]
    assert times[0] == pytest.approx(3.0, abs=DT) and times[1:] == pytest.approx([2.5] * 11)
    summary = rules.summary()
    task_s = 0.5 + 12 * 2.5  # rule time since the countdown ended
    assert summary["task_time_s"] == pytest.approx(task_s, abs=DT)
    assert summary["correct_per_min"] == pytest.approx(10 / (task_s / 60), rel=1e-3)
    assert summary["n_correct"] == 10 and summary["n_wrong"] == 2 and summary["n_timeout"] == 0
    assert summary["accuracy"] == pytest.approx(10 / 12)
    assert summary["response_time_ms_median"] == pytest.approx(2500)
    assert 90 <= summary["start_number"] <= 100 and summary["series"] == "3s"
    # The level ends on time; the unanswered question is not counted.
    rest = step_for(rules, 60)
    assert isinstance(rest[-1], LevelEnd) and rules.finished
    assert rules.summary()["correct_per_min"] == pytest.approx(10.0)


def test_spoken_series_starts_again_below_zero_and_gates_ignore_keys():
    rules = spoken("7s")
    step_for(rules, 4.1)
    for _ in range(14):  # 100 - 14 * 7 = 2: the last possible answer
        rules.handle_key("correct")
    assert rules.start_numbers == [100, 100] and rules.answers_in_series == 0
    gates = DualTaskChallenge(gates_level(), np.random.default_rng(0))
    step_for(gates, 5.0)
    assert gates.handle_key("correct") == []


def test_spoken_pause_cancels_the_open_answer():
    rules = spoken()
    step_for(rules, 4.5)
    assert rules.cancel_active() == [0]
    (start,) = step_for(rules, DT)
    assert start.trial_id == 1  # a fresh answer, timed from the resumption


# ------------------------------------------------------------- level files
def test_shipped_dual_task_levels_load_and_match_their_single_task_levels():
    gates, single = SHIPPED.level("dual-task-gates-3s"), SHIPPED.level("dual-task-single-dodge")
    assert gates.type == "dual_task" and gates.option("mode") == "gate"
    assert single.type == "obstacle_dodge"
    for name in ("duration_s", "countdown_s", "approach_time_s", "spawn_interval_s",
                 "pass_time_s", "rest_s", "max_same_side"):
        assert gates[name] == single[name], name
    assert gates["gate_distance_cm"] == single["dodge_distance_cm"]
    assert single["spawn_jitter_s"] == 0
    spoken_level, seated = SHIPPED.level("dual-task-spoken-3s"), SHIPPED.level("counting-seated")
    assert spoken_level.option("mode") == seated.option("mode") == "spoken"
    assert spoken_level.option("series") == seated.option("series") == gates.option("series")
    assert spoken_level["duration_s"] == seated["duration_s"]
    for level in (gates, single, spoken_level, seated):
        assert "dual-task" in level.source_text or "counting" in level.source_text


# -------------------------------------------------------------------- scene
RT_S = 1.2  # a patient who needs time to think


@pytest.fixture
def make_scene(tmp_path):
    """make_scene(level) -> (clock, tracker, db, scene, stimuli); closed after the test."""
    with ExitStack() as stack:
        def make(level):
            stimuli = []
            ctx, db = stack.enter_context(session(tmp_path / "t.sqlite3", [level],
                                                  on_stimulus=stimuli.append))
            return ctx.clock, ctx.tracker, db, LevelScene(ctx, 0), stimuli

        yield make


def test_scene_patient_leaning_to_the_right_gate_gets_all_correct_with_true_rt(make_scene):
    clock, tracker, db, scene, stimuli = make_scene(gates_level())

    def patient(t_s):
        x = 0.0
        for s in stimuli:  # 12 cm towards the correct gate (the TrialStart direction)
            go, back = t_s - (s.t_onset_s + RT_S), t_s - (s.t_onset_s + s.hold_s + 0.1)
            x += s.direction.value * 12.0 * (min_jerk(go / 0.5) - min_jerk(back / 0.5))
        return x

    tracker.position_cm = patient
    run(clock, scene, 80.0)
    assert scene.done
    (run_row,) = db.level_runs(scene.ctx.log.session_id)
    trials = db.trials(run_row.level_run_id)
    assert len(trials) == len(stimuli) >= 8
    for trial, stim in zip(trials, stimuli, strict=True):
        assert trial.outcome == "correct" and trial.direction == stim.direction.name.lower()
        assert trial.rt_ms == pytest.approx(RT_S * 1000, abs=1000 / 30)  # one frame
    summary = run_row.summary
    assert summary["n_correct"] == len(trials) and summary["accuracy"] == 1.0
    assert summary["correct_per_min"] == pytest.approx(len(trials), rel=0.01)  # a 60 s level


def test_scene_spoken_keys_become_trials_timed_from_the_previous_answer(make_scene):
    level = parse_level(SPOKEN.format(series="3s"), Path("spoken.toml"))
    clock, tracker, db, scene, stimuli = make_scene(level)
    run(clock, scene, 4.5)  # countdown 4 s, then 0.5 s of counting
    for key in (pygame.K_y, pygame.K_y, pygame.K_n, pygame.K_y):
        run(clock, scene, 2.0)
        scene.handle_key(key)
    run(clock, scene, 0.1)
    assert not stimuli  # nothing for the puppet to move to
    trials = db.trials(db.level_runs(scene.ctx.log.session_id)[0].level_run_id)
    assert [t.outcome for t in trials] == ["correct", "correct", "wrong", "correct"]
    assert all(t.direction == "none" for t in trials)
    # Onsets are the flips after the countdown / the previous key: up to a frame (60 Hz)
    # later, plus one rule step.
    frame_ms = 1000 / 60 + STEP_S * 1000
    assert 2500 - frame_ms <= trials[0].rt_ms <= 2500
    for t in trials[1:]:
        assert 2000 - frame_ms <= t.rt_ms <= 2000


@pytest.mark.parametrize("mode_level", ["dual-task-gates-3s", "dual-task-spoken-3s"])
def test_views_draw_every_phase(make_scene, mode_level):
    """Every phase draws, and what is drawn follows what the view-model says."""
    pygame.init()
    surface = pygame.display.set_mode(theme.SCREEN_SIZE)
    clock, tracker, db, scene, stimuli = make_scene(SHIPPED.level(mode_level))
    frames, models = [], []
    try:
        for _ in range(8):  # countdown, questions, answers, rests
            run(clock, scene, 3.0)
            scene.handle_key(pygame.K_y)
            screen = scene.screen()
            scene.draw(surface)
            frames.append(pygame.image.tobytes(surface, "RGB"))
            models.append(screen.challenge)
    finally:
        pygame.quit()
        theme.font.cache_clear()  # fonts die with pygame.quit()
    for i in range(1, len(frames)):  # a change in what is shown is a change on screen
        if models[i] != models[i - 1]:
            assert frames[i] != frames[i - 1], f"phase {i}: the model changed, the screen not"
    if mode_level.endswith("gates-3s"):
        asked = [m.question for m in models if m.question and m.question[1] is None]
        answered = [m.question for m in models if m.question and m.question[1] is not None]
        assert asked and answered  # a question on screen, and later its complete sum
        assert all(a == n - 3 for n, a in answered)
    else:  # Y after every 3 s: one more correct answer on screen each time
        counts = [m.n_correct for m in models]
        assert counts == sorted(counts) and counts[-1] >= 5
