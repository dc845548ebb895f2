"""Weight-shift reaching: target placement, reach/hold/miss, LoS measures, a headless scene run."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from helpers.scene_runner import ScriptedTracker, run

from balancegame.challenges.base import Body, LevelEnd, TrialEnd, TrialStart
from balancegame.challenges.weight_shift import WeightShiftChallenge, check
from balancegame.clock import FakeClock
from balancegame.game.context import GameContext
from balancegame.game.scenes.level import LevelScene
from balancegame.measures.limits_of_stability import los_cm, reach_measures, target_point_cm
from balancegame.measures.minimum_jerk import minimum_jerk as min_jerk
from balancegame.messages import BodySignals, Presence, Side
from balancegame.prescription.levels import LevelError, parse_level
from balancegame.prescription.library import LevelLibrary
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database

SHIPPED = LevelLibrary.shipped()  # only the shipped files: nothing of the user's

TEXT = """
schema_version = 1
type = "weight_shift"
title = "t"
instructions = "i"
directions = ["left", "right"]
[difficulty]
duration_s = 60
countdown_s = 3
target_min_pct = 50
target_max_pct = 80
target_radius_cm = 2
hold_s = 1.5
time_limit_s = 6
rest_s = 1
los_left_cm = 8
los_right_cm = 14
"""
LEVEL = parse_level(TEXT, Path("ws.toml"))
DT = 1 / 120


def signals(t_s: float, x_cm: float) -> BodySignals:
    return BodySignals(t_s, t_s, int(t_s * 30), True, Presence(True), com_ml_cm=x_cm,
                       com_ml_raw_cm=x_cm)


def play(policy, level=LEVEL, seed=0, seconds=200.0, times=None):
    """Step the rules at 120 Hz with 30 Hz signals; ``policy(ch, t)`` = CoM (cm from middle).

    Every target is 'shown' at the step it starts (flip = rule time, t_capture = rule time).
    ``times`` (a list) receives the rule time of every event.
    """
    ch = WeightShiftChallenge(level, np.random.default_rng(seed))
    events, x, i = [], 0.0, 0
    while not ch.finished and ch.t_s < seconds:
        i += 1
        t = i * DT
        new = ()
        if i % 4 == 0:
            x = policy(ch, t)
            new = (signals(t, x),)
        step_events = ch.step(DT, Body(True, x, new[-1] if new else None, new))
        for e in step_events:
            if isinstance(e, TrialStart):
                ch.stimulus_shown(e.trial_id, t)
        events += step_events
        if times is not None:
            times += [ch.t_s] * len(step_events)
    return ch, events


def ends(events):
    return [e for e in events if isinstance(e, TrialEnd)]


def to_target(overshoot=1.0, delay_s=0.3):
    """A patient who goes to ``overshoot`` x the target (ML), ``delay_s`` after it appears."""
    def policy(ch, t):
        tg = ch.active
        if tg is None or ch.t_s - tg.t_start_s < delay_s:
            return 0.0
        return tg.point_cm[0] * overshoot
    return policy


def test_los_geometry_and_target_placement_scale_with_the_limits():
    v = dict(LEVEL.difficulty)
    assert los_cm(v, "left") == 8 and los_cm(v, "right") == 14
    # Diagonal on the ellipse through right = 14 and forward = 12: 1/sqrt(.5/14^2 + .5/12^2).
    r = 1 / math.sqrt(0.5 / 14**2 + 0.5 / 12**2)
    assert los_cm(v, "forward-right") == pytest.approx(r, rel=1e-12)
    assert target_point_cm(v, "forward-right", 50) == pytest.approx(
        (0.5 * r * math.sqrt(0.5), 0.5 * r * math.sqrt(0.5)), rel=1e-12)
    assert target_point_cm(v, "left", 50) == (-4.0, 0.0)
    _, events = play(to_target())
    starts = [e for e in events if isinstance(e, TrialStart)]
    assert len(starts) >= 8
    for s in starts:
        los = 14.0 if s.direction is Side.RIGHT else 8.0
        pct = s.extra["target_pct_los"]
        assert 50 <= pct <= 80
        assert s.distance_cm == pytest.approx(los * pct / 100, rel=1e-12)
    # Shuffled blocks: never more than two of one side in a row, both sides equally often.
    sides = [s.direction for s in starts]
    assert abs(sides.count(Side.LEFT) - sides.count(Side.RIGHT)) <= 1


def test_reaching_and_holding_counts_overshoot_too():
    for overshoot in (1.0, 1.4):
        _, events = play(to_target(overshoot))
        assert ends(events) and {e.outcome for e in ends(events)} == {"reached"}
        assert isinstance(events[-1], LevelEnd)


def test_standing_still_misses_after_the_time_limit():
    ch, events = play(lambda ch, t: 0.0)
    resolved = ends(events)
    assert resolved and {e.outcome for e in resolved} == {"missed"}
    assert len([e for e in events if isinstance(e, TrialStart)]) == len(resolved)
    assert all(e.detail["reaction_time_ms"] is None for e in resolved)


def test_leaving_the_target_restarts_the_hold():
    # On the target 1.0 s, off 0.2 s, on again: reached 1.5 s after coming back, not before.
    def policy(ch, t):
        tg = ch.active
        if tg is None:
            return 0.0
        el = ch.t_s - tg.t_start_s
        return 0.0 if el < 0.5 or 1.5 <= el < 1.7 else tg.point_cm[0]

    times: list[float] = []
    ch, events = play(policy, seconds=12, times=times)
    i_start = next(i for i, e in enumerate(events) if isinstance(e, TrialStart))
    i_end = next(i for i, e in enumerate(events) if isinstance(e, TrialEnd))
    assert events[i_end].outcome == "reached"
    # Resolved 1.7 s + 1.5 s hold after the target appeared (30 Hz frames: +1 frame).
    assert times[i_end] - times[i_start] == pytest.approx(3.2, abs=1 / 30 + 1e-9)
    assert ch.results[0]["time_to_reach_s"] == pytest.approx(0.5, abs=2 / 30)


def test_short_of_the_near_edge_is_a_miss():
    _, events = play(to_target(overshoot=0.3), seconds=20)  # 30 % of a 4-11 cm target < edge
    assert ends(events) and {e.outcome for e in ends(events)} == {"missed"}


@pytest.mark.parametrize("between_cm, gap_s", [(0.0, 1.0), (5.0, 6.0)])
def test_next_target_waits_for_quiet_standing_in_the_middle(between_cm, gap_s):
    # In the middle: rest_s (1 s), having been home 1 s by then.  Off-centre (5 cm >
    # target_radius_cm): rest_s + 5 s at most, then it starts anyway.
    def policy(ch, t):
        return to_target()(ch, t) if ch.active else between_cm

    times: list[float] = []
    _, events = play(policy, seconds=40, times=times)
    gaps = [times[i + 1] - times[i] for i, e in enumerate(events[:-1])
            if isinstance(e, TrialEnd) and isinstance(events[i + 1], TrialStart)]
    assert len(gaps) >= 2 and all(g == pytest.approx(gap_s, abs=2 * DT) for g in gaps)


def _samples(path, fs=200.0, t_before=1.5):
    """Times and positions: still at 0 for ``t_before`` s, then ``path(t)`` (t from its start)."""
    t = np.arange(-t_before, 4.0, 1 / fs)
    return t, np.where(t < 0, 0.0, path(np.maximum(t, 0)))


def test_measures_on_a_straight_minimum_jerk_reach():
    # 10 cm in 0.8 s, starting 0.4 s after the stimulus at t = -0.4.
    t, x = _samples(lambda t: 10 * min_jerk(t / 0.8))
    m = reach_measures(t, x, x, -0.4, near_edge_cm=8.0)
    # The onset fit's grid of movement durations does not hold 0.8 s exactly: 10 ms.
    assert m["reaction_time_ms"] == pytest.approx(400, abs=10)  # ms
    # Min-jerk reaches 80 % at tau = 0.6723 (solved numerically): 0.538 s after its start.
    assert m["movement_time_s"] == pytest.approx(0.6723 * 0.8, abs=0.005)
    assert m["directional_control_pct"] == pytest.approx(100.0, abs=1e-9)
    assert m["path_towards_share_pct"] == pytest.approx(100.0, abs=1e-9)
    assert m["max_excursion_cm"] == pytest.approx(10.0, abs=1e-6)
    # Speed below 10 % of the peak at tau = 0.914 -> 99.3 % of the way.
    assert m["endpoint_excursion_cm"] == pytest.approx(9.93, abs=0.05)  # cm


def test_directional_control_on_a_zig_zag():
    # Up 3 cm, back 1 cm, three times, then up to the edge at 8 cm: towards 3+3+3+2 = 11 cm,
    # away 3 cm: DCL = (11 - 3) / 11 = 72.7 %, share towards = 11 / 14 = 78.6 %.
    knots_t = [0.0, 0.3, 0.4, 0.7, 0.8, 1.1, 1.2, 1.5]
    knots_x = [0.0, 3.0, 2.0, 5.0, 4.0, 7.0, 6.0, 9.0]
    t, x = _samples(lambda t: np.interp(t, knots_t, knots_x))
    m = reach_measures(t, x, x, -0.3, near_edge_cm=8.0)
    assert m["path_towards_cm"] == pytest.approx(11.0, abs=0.05)  # cm
    assert m["path_away_cm"] == pytest.approx(3.0, abs=1e-6)
    assert m["directional_control_pct"] == pytest.approx(800 / 11, abs=0.5)  # %
    assert m["path_towards_share_pct"] == pytest.approx(1100 / 14, abs=0.5)  # %
    # The primary movement stops at the first reversal: 3 cm.
    assert m["endpoint_excursion_cm"] == pytest.approx(3.0, abs=0.05)


def test_check_refuses_forward_back_and_explains():
    with pytest.raises(LevelError) as info:
        parse_level(TEXT.replace('["left", "right"]', '["left", "forward"]'), Path("f.toml"))
    (problem,) = info.value.problems
    assert "'forward'" in problem and "single camera in front" in problem
    v = {**LEVEL.difficulty, "directions": ("left",)}
    assert "swap" in check({**v, "target_min_pct": 90, "target_max_pct": 60})[0]
    assert "time_limit_s" in check({**v, "hold_s": 6.0, "time_limit_s": 6.0})[0]
    (near,) = check({**v, "target_min_pct": 20, "target_radius_cm": 2.0})  # 1.6 cm < 2 + 1
    assert "standing still would reach it" in near
    assert check(v) == []


@pytest.mark.parametrize("name", ["weight-shift-gentle", "weight-shift-far"])
def test_shipped_levels_are_reachable_by_the_demo_puppet(name):
    level = SHIPPED.level(name)
    assert level.type == "weight_shift" and set(level.option("directions")) <= {"left", "right"}
    _, events = play(to_target(overshoot=1.4, delay_s=1.2), level=level)
    assert ends(events) and {e.outcome for e in ends(events)} == {"reached"}


def test_headless_scene_records_reaches_with_true_reaction_times(tmp_path, screen):
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock)
    stimuli = []
    rt_s = 0.5

    def patient(t_s):
        x = 0.0
        for s in stimuli:  # like the demo: 1.4 x the target, held hold_s after arriving
            assert s.hold_from == "arrival"
            go = (t_s - (s.t_onset_s + rt_s)) / 0.6
            back = (t_s - (s.t_onset_s + rt_s + 0.6 + s.hold_s + 0.1)) / 0.6
            x += s.direction.value * 1.4 * s.distance_cm * (min_jerk(go) - min_jerk(back))
        return x

    tracker.position_cm = patient
    with Database.open(tmp_path / "t.sqlite3") as db:
        db.ensure_patient("p")
        sid = db.start_session("p", source="scripted", app_version="t", seed=3, settings={})
        ctx = GameContext(clock=clock, tracker=tracker, log=SessionLog(db, sid), levels=[LEVEL],
                          seed=3, on_stimulus=stimuli.append, headless=True)
        scene = LevelScene(ctx, 0)
        surface = screen
        run(clock, scene, 80.0, on_step=lambda: scene.draw(surface)
            if int(clock.now_s() * 120) % 60 == 0 else None)  # the view draws every phase
        assert scene.done  # finished: the results screen
        (row,) = db.level_runs(sid)
        trials = db.trials(row.level_run_id)
        assert len(trials) == len(stimuli) >= 6
        for trial in trials:
            assert trial.outcome == "reached" and trial.direction in ("left", "right")
            assert trial.rt_ms == pytest.approx(rt_s * 1000, abs=1000 / 30)  # one frame
            # The challenge's own measure uses the same samples and flip: the same value.
            assert trial.detail["reaction_time_ms"] == pytest.approx(trial.rt_ms, abs=1e-6)
            assert trial.detail["max_excursion_cm"] == pytest.approx(
                1.4 * trial.distance_cm, rel=0.01)
        per = row.summary["per_direction"]
        assert set(per) == {"left", "right"}
        assert sum(d["n_reached"] for d in per.values()) == len(trials)
        assert per["left"]["directional_control_pct_mean"] == pytest.approx(100, abs=1)


@pytest.mark.parametrize("preset", [1, 5, 10])
def test_presets_are_valid_and_adaptive_levels_run(preset):
    text = TEXT.split("[difficulty]")[0] + f"preset = {preset}\n[difficulty]\nduration_s = 60\n"
    level = parse_level(text, Path("p.toml"))
    assert level["target_min_pct"] <= level["target_max_pct"]
    adaptive = parse_level(text + "[adaptive]\ntarget_success = 0.75\nmin_preset = 1\n"
                           "max_preset = 10\n", Path("a.toml"))
    ch, events = play(to_target(overshoot=1.2), level=adaptive)
    assert ends(events)
    ch.set_difficulty(adaptive.difficulty_at(10))  # the staircase's call: hardest values
    assert ch.p["hold_s"] == 3.0 and ch.p["duration_s"] == 60
