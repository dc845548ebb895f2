"""Quiet stance: sway measures on known trajectories, losses of balance, a headless scene run."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from helpers.scene_runner import ScriptedTracker, run

from balancegame.challenges.base import Body, LevelEnd, TrialEnd, TrialStart
from balancegame.challenges.quiet_stance import QuietStanceChallenge
from balancegame.clock import FakeClock
from balancegame.game.context import GameContext
from balancegame.game.scenes.level import LevelScene
from balancegame.messages import BodySignals, Presence
from balancegame.prescription.levels import LevelError, parse_level
from balancegame.prescription.library import LevelLibrary
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database

SHIPPED = LevelLibrary.shipped()  # only the shipped files: nothing of the user's

TEXT = """
schema_version = 1
type = "quiet_stance"
title = "t"
instructions = "i"
stance = "tandem"
[difficulty]
duration_s = 30
countdown_s = 4
loss_cm = 8
recover_s = 5
"""
LEVEL = parse_level(TEXT, Path("qs.toml"))
DT = 1 / 120
A_CM, F_HZ = 1.0, 0.5  # a sine of known amplitude and frequency


def sine(t_s: float) -> float:
    return A_CM * math.sin(2 * math.pi * F_HZ * t_s)


def play(position, level=LEVEL, keys=None, cancel_at_s=None):
    """Rules at 120 Hz, 30 Hz signals at ``position(t)`` (cm); ``keys`` = {time: key}."""
    ch = QuietStanceChallenge(level, np.random.default_rng(0))
    events, times, x, i = [], [], 0.0, 0
    keys = dict(keys or {})
    while not ch.finished and ch.t_s < 100:
        i += 1
        t = i * DT
        new = ()
        if i % 4 == 0:
            x = position(t)
            new = (BodySignals(t, t, i // 4, True, Presence(True), com_ml_cm=x,
                               com_ml_raw_cm=x),)
        step = ch.step(DT, Body(True, x, new[-1] if new else None, new))
        for t_key in [k for k in keys if t >= k]:
            step += ch.handle_key(keys.pop(t_key))
        if cancel_at_s is not None and t >= cancel_at_s:  # as the scene does on a pause
            cancel_at_s = None
            step += ch.interrupt()
            assert ch.cancel_active() == []  # nothing left to drop: the attempt is kept
        events += step
        times += [t] * len(step)
    return ch, events, times


def ends(events):
    return [e for e in events if isinstance(e, TrialEnd)]


def test_sine_sway_gives_the_analytic_measures():
    ch, events, times = play(sine)
    (end,) = ends(events)
    assert end.outcome == "completed" and end.rt == "none" and end.direction_label == "none"
    assert isinstance(events[-1], LevelEnd) and times[-1] == pytest.approx(34.0, abs=DT)
    sway = end.detail["sway"]["whole"]
    # 30 s = 15 whole periods sampled at 30 Hz: RMS = A / sqrt(2), range = 2 A,
    # path = 4 A f T = 60 cm, mean velocity 2 cm/s; tolerances for the sampling.
    assert sway["rms_ml_cm"] == pytest.approx(A_CM / math.sqrt(2), rel=0.01)
    assert sway["range_ml_cm"] == pytest.approx(2 * A_CM, rel=0.01)
    assert sway["path_length_cm"] == pytest.approx(4 * A_CM * F_HZ * 30, rel=0.01)
    assert sway["mean_velocity_cm_s"] == pytest.approx(4 * A_CM * F_HZ, rel=0.01)
    assert sway["rms_ap_cm"] is None and sway["ellipse95_area_cm2"] is None  # ML only
    assert sway["duration_s"] == pytest.approx(30, abs=0.1)
    s = ch.summary()
    assert s["stance"] == "tandem" and s["n_attempts"] == 1 and s["n_losses"] == 0
    assert s["completed_full_time"] and s["sway_ml"]["whole"] == sway
    assert "zero-phase" in end.detail["sway"]["filter"]


def test_a_step_ends_the_attempt_and_a_new_one_follows():
    # Steps 12 cm to the side at 14 s (10 s into the attempt), stays there.
    ch, events, times = play(lambda t: sine(t) + (12.0 if t >= 14.0 else 0.0))
    first, second = ends(events)
    assert first.outcome == "missed" and first.detail["loss_of_balance"]
    # Beyond 8 cm for 0.25 s (+ one 30 Hz frame): 10.25 s in stance by the rules; the
    # capture clock spans first to last sample, up to two 30 Hz frames less.
    assert first.detail["rule_time_s"] == pytest.approx(10.25, abs=1 / 30 + DT)
    assert first.detail["time_in_stance_s"] == pytest.approx(10.25, abs=2 / 30 + DT)
    assert "8 cm" in first.detail["loss_reason"]
    # 5 s to recover; the middle is measured again there, so 12 cm off is the new middle.
    starts = [t for e, t in zip(events, times, strict=True) if isinstance(e, TrialStart)]
    assert starts[1] - times[events.index(first)] == pytest.approx(5.0, abs=DT)
    assert second.outcome == "completed"
    rms_cm = second.detail["sway"]["whole"]["rms_ml_cm"]
    assert rms_cm == pytest.approx(A_CM / math.sqrt(2), rel=0.05)
    s = ch.summary()
    assert s["n_attempts"] == 2 and s["n_losses"] == 1 and not s["completed_full_time"]
    assert s["longest_stance_s"] == pytest.approx(max(s["time_in_stance_s"]))


def test_a_short_spike_is_not_a_loss_of_balance():
    _, events, _ = play(lambda t: 20.0 if 10.0 <= t < 10.2 else sine(t))
    assert [e.outcome for e in ends(events)] == ["completed"]


def test_supervisor_key_marks_a_foot_down_and_a_safety_pause_keeps_the_attempt():
    ch, events, _ = play(sine, keys={20.0: "wrong", 21.0: "correct"})
    assert [e.outcome for e in ends(events)] == ["missed", "completed"]
    assert "supervisor" in ends(events)[0].detail["loss_reason"]
    ch, events, _ = play(sine, cancel_at_s=10.0)
    first, second = ends(events)
    assert first.outcome == "interrupted" and not first.detail["loss_of_balance"]
    assert first.detail["time_in_stance_s"] == pytest.approx(6.0, abs=0.1)  # s, kept
    assert second.outcome == "completed"  # a new attempt for the time that was left
    assert ch.summary()["n_attempts"] == 2 and ch.work_done()


def test_an_attempt_cut_by_a_pause_at_the_end_is_not_a_completed_level():
    ch, events, _ = play(sine, cancel_at_s=30.0)  # 4 s left after the pause: no new attempt
    (only,) = ends(events)
    assert only.outcome == "interrupted" and only.detail["time_in_stance_s"] > 25.0
    assert ch.summary()["time_in_stance_s"] == [only.detail["time_in_stance_s"]]
    assert not ch.work_done()


def test_stance_choices_and_shipped_levels():
    with pytest.raises(LevelError) as info:
        parse_level(TEXT.replace('"tandem"', '"one-foot"'), Path("b.toml"))
    assert "stance" in info.value.problems[0]
    with pytest.raises(LevelError):
        parse_level(TEXT + 'eyes = "closed"\n', Path("c.toml"))
    for stance in ("feet-apart", "feet-together", "tandem", "single-leg"):
        level = SHIPPED.level(f"stance-{stance}")
        assert level.option("stance") == stance and level.option("feedback") == "none"
        assert 10 <= level["duration_s"] <= 120


@pytest.mark.parametrize("feedback", ["none", "marker"])
def test_headless_scene_run_measures_the_sine(tmp_path, feedback, screen):
    text = TEXT.replace('stance = "tandem"', f'stance = "single-leg"\nfeedback = "{feedback}"')
    level = parse_level(text, Path("qs.toml"))
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock)
    tracker.position_cm = lambda t: 5.0 + sine(t)
    surface = screen
    with Database.open(tmp_path / "t.sqlite3") as db:
        db.ensure_patient("p")
        sid = db.start_session("p", source="scripted", app_version="t", seed=1, settings={})
        ctx = GameContext(clock=clock, tracker=tracker, log=SessionLog(db, sid), levels=[level],
                          seed=1, headless=True)
        scene = LevelScene(ctx, 0)
        run(clock, scene, 40.0, on_step=lambda: scene.draw(surface)
            if int(clock.now_s() * 120) % 120 == 0 else None)  # the view draws every phase
        assert scene.done
        (row,) = db.level_runs(sid)
        (trial,) = db.trials(row.level_run_id)
        assert trial.outcome == "completed" and trial.direction == "none"
        assert trial.rt_ms is None
        sway = trial.detail["sway"]["whole"]
        assert sway["rms_ml_cm"] == pytest.approx(A_CM / math.sqrt(2), rel=0.02)
        assert row.summary["stance"] == "single-leg"
        assert row.summary["sway_ml"]["whole"]["rms_ml_cm"] == sway["rms_ml_cm"]
