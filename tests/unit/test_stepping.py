"""Stepping in place: ankle heights, step detection, cadence, the level, the scene, the puppet."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers.scene_runner import run_level, session
from helpers.scripted_tracker import SignalTracker, signals

from balancegame.body.head_feet import ankle_up_cm, head_feet
from balancegame.challenges.base import Body, TrialStart
from balancegame.challenges.stepping import (
    StepDetector,
    SteppingChallenge,
    detect_steps,
    step_measures,
)
from balancegame.clock import FakeClock
from balancegame.demo.moves import MARCH_LIFT_SHARE, Marching
from balancegame.demo.puppet import PuppetSource
from balancegame.game.scenes.level import LevelScene
from balancegame.messages import (
    Side,
    Stimulus,
)
from balancegame.pose.landmarks import N_LANDMARKS, VISIBILITY, Joint, Y
from balancegame.prescription import library
from balancegame.prescription.levels import parse_level

SHIPPED = library.LevelLibrary.shipped()  # only the shipped files: nothing of the user's

# --- ankle heights ------------------------------------------------------------------------------


def test_ankle_height_is_up_positive_in_cm_about_the_image_middle() -> None:
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, VISIBILITY] = 1.0
    lm[Joint.LEFT_ANKLE, Y], lm[Joint.RIGHT_ANKLE, Y] = 400.0, 380.0
    assert ankle_up_cm(lm, Joint.LEFT_ANKLE, 480, 0.5) == pytest.approx(-80.0)
    feet = head_feet(lm, 480, 0.5)
    assert feet.right_ankle_up_cm - feet.left_ankle_up_cm == pytest.approx(10.0)  # 20 px up
    lm[Joint.RIGHT_ANKLE, VISIBILITY] = 0.1
    assert math.isnan(head_feet(lm, 480, 0.5).right_ankle_up_cm)
    assert math.isnan(head_feet(None, 480, 0.5).left_ankle_up_cm)
    assert math.isnan(ankle_up_cm(lm, Joint.LEFT_ANKLE, 480, math.nan))


# --- step detection on synthetic ankle signals --------------------------------------------------


def marching_trace(march: Marching, seconds: float, noise_cm: float = 0.8, seed: int = 0,
                   fps: float = 30.0) -> tuple[np.ndarray, np.ndarray]:
    """Left-minus-right rise (cm) of a march, at ~``fps`` with irregular capture times."""
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.uniform(0.8 / fps, 1.2 / fps, int(seconds * fps * 1.1)))
    t = t[t < seconds]
    lifts = np.array([march.lift_cm_at(x) for x in t])
    return t, lifts[:, 0] - lifts[:, 1] + rng.normal(0.0, noise_cm, t.size)


@pytest.mark.parametrize(("spm", "lift"), [(50, 6.0), (90, 10.0), (130, 8.0)])
def test_steps_cadence_and_regularity_of_a_steady_march(spm: float, lift: float) -> None:
    march = Marching(1.0, 40.0, spm, lift)
    t, diff = marching_trace(march, 42.0)
    steps = detect_steps(t, diff, 5.0)
    truth = march.step_times_s()
    assert len(steps) == len(truth)
    assert [s[1] for s in steps] == ["left", "right"] * (len(truth) // 2) + ["left"] * (
        len(truth) % 2)
    # Lift-off is timed when the foot rises through 2 cm (0.4 x 5): a steady delay.
    delays = np.array([s[0] for s in steps]) - truth
    swing_s = march.swing_share * 60 / spm
    expected_s = swing_s * math.asin(math.sqrt(2.0 / lift)) / math.pi
    assert np.median(delays) == pytest.approx(expected_s, abs=0.03)  # s
    assert np.std(delays) < 0.04  # s, from the 0.8 cm jitter
    m = step_measures(steps, spm, 40.0)
    assert m["cadence_spm"] == pytest.approx(spm, rel=0.01)  # 1 %
    assert m["cadence_pct_of_target"] == pytest.approx(100, abs=1)
    assert m["step_time_cv_pct"] < 5  # a metronome-perfect march, ~30 fps, 0.8 cm jitter
    assert m["step_height_left_cm"] == pytest.approx(lift, abs=1.0)  # cm
    assert m["same_foot_repeats"] == 0


def test_variability_and_a_missed_alternation_are_measured() -> None:
    # Step times alternate 0.6 s / 0.9 s: CV of step time = SD/mean of that sequence.
    rng = np.random.default_rng(2)
    onsets = 1.0 + np.concatenate([[0.0], np.cumsum(np.tile([0.6, 0.9], 12))])
    feet = ["left", "right"] * 12 + ["left"]
    feet[-1] = feet[-2]  # the same foot twice in a row, once
    t = np.arange(0.0, onsets[-1] + 1.0, 1 / 30)
    diff = np.zeros_like(t)
    for onset, foot in zip(onsets, feet, strict=True):
        phase = (t - onset) / 0.45
        bump = np.where((phase >= 0) & (phase < 1), 9.0 * np.sin(np.pi * phase) ** 2, 0.0)
        diff += bump if foot == "left" else -bump
    steps = detect_steps(t, diff + rng.normal(0, 0.5, t.size), 5.0)
    assert [s[1] for s in steps] == feet
    m = step_measures(steps, 80, t[-1])
    intervals = np.diff(onsets)
    assert m["step_time_cv_pct"] == pytest.approx(
        np.std(intervals, ddof=1) / np.mean(intervals) * 100, rel=0.05)
    assert m["same_foot_repeats"] == 1
    assert m["n_left"] + m["n_right"] == m["n_steps"] == len(onsets)


def test_hysteresis_ignores_small_bumps_and_counts_a_held_foot_once() -> None:
    t = np.arange(0.0, 10.0, 1 / 30)
    small = 4.0 * np.sin(2 * np.pi * 1.0 * t)  # below the 5 cm threshold: shuffling
    assert detect_steps(t, small, 5.0) == []
    held = np.where((t > 2) & (t < 6), 8.0 + 2.0 * np.sin(2 * np.pi * 3 * t), 0.0)  # wobbling
    (step,) = detect_steps(t, held, 5.0)
    assert step[1] == "left" and step[2] == pytest.approx(10.0, abs=0.3)


def test_streaming_detector_matches_the_whole_trace_and_skips_gaps() -> None:
    t, diff = marching_trace(Marching(0.0, 20.0, 100, 9.0), 20.0, seed=5)
    diff[50:60] = np.nan  # feet not seen for a third of a second
    detector = StepDetector(5.0)
    live_counts = []
    for x, d in zip(t, diff, strict=True):
        if math.isfinite(d):
            detector.add(float(x), float(d))
            live_counts.append(len(detector.steps))
    assert detector.finish() == detect_steps(t, diff, 5.0)
    assert live_counts == sorted(live_counts)


def test_shipped_stepping_levels_load() -> None:
    names = [e.name for e in SHIPPED.files(library.LEVEL) if e.name.startswith("stepping-")]
    assert len(names) >= 2
    assert {SHIPPED.level(n).type for n in names} == {"stepping"}


# --- the level in the scene, headless, with scripted ankles -------------------------------------

TEXT = """
schema_version = 1
type = "stepping"
title = "t"
instructions = "i"
metronome = "on"
[difficulty]
duration_s = 20
countdown_s = 4
lift_cm = 5
target_cadence_spm = 90
"""
STEP_S = 1 / 120


class ScriptedTracker(SignalTracker):
    """30 Hz body signals with ankle heights ``ankles_cm(t)`` -> (left, right) or None."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.ankles_cm = lambda t: (-70.0, -71.0)

    def signals_at(self, t: float):
        ankles = self.ankles_cm(t)
        if ankles is None:
            return None
        return signals(t, left_ankle_up_cm=ankles[0], right_ankle_up_cm=ankles[1])


def test_headless_march_is_one_completed_trial_with_its_cadence(tmp_path) -> None:
    level = parse_level(TEXT, Path("step.toml"))
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock)
    # Marching from 5 s (1 s after the 4 s countdown) at 90 steps/min, 9 cm, while the
    # whole body drifts 3 cm down (walking towards the camera): the difference cancels it.
    march = Marching(5.0, 18.0, 90, 9.0)
    tracker.ankles_cm = lambda t: tuple(base + lift - 0.2 * max(0.0, t - 5.0) for base, lift in
                                        zip((-70.0, -71.0), march.lift_cm_at(t), strict=True))
    pygame.init()
    surface = pygame.display.set_mode((1280, 720))  # SDL's dummy driver (conftest)
    with session(tmp_path / "t.sqlite3", [level], tracker, clock) as (ctx, db):
        scene = LevelScene(ctx, 0)
        run_level(clock, scene, 30.0, draw_on=surface)
        (row,) = db.level_runs(ctx.log.session_id)
        (trial,) = db.trials(row.level_run_id)
    assert row.status == "completed" and trial.outcome == "completed"
    d = trial.detail
    assert d["n_steps"] == len(march.step_times_s()) == 27
    assert d["cadence_spm"] == pytest.approx(90, rel=0.01)
    assert d["step_time_cv_pct"] < 5
    assert d["step_height_left_cm"] == pytest.approx(9.0, abs=0.5)
    assert d["standing_left_right_cm"] == pytest.approx([-70.0, -71.0])
    assert row.summary["n_steps"] == 27 and row.summary["metronome"] == "on"


def test_the_bout_start_asks_for_marching_at_the_level_s_cadence_and_step_height() -> None:
    challenge = SteppingChallenge(parse_level(TEXT, Path("s.toml")), np.random.default_rng(0))
    events = []
    for _ in range(int(round(5.0 / STEP_S))):
        events += challenge.step(STEP_S, Body(True, 0.0))
    (start,) = [e for e in events if isinstance(e, TrialStart)]
    assert start.direction is None
    # What the level asks of the patient, not how the demo should pass it.
    assert start.extra["task"] == {"task": "march", "duration_s": pytest.approx(20.0, abs=0.01),
                                   "cadence_spm": 90, "lift_cm": 5}
    assert challenge.beats() == pytest.approx(1.5, abs=0.02)  # 1 s of a 90 /min metronome


# --- the puppet's marching, and what MediaPipe makes of it --------------------------------------


def test_marching_kinematics() -> None:
    march = Marching(t_start_s=1.0, duration_s=2.0, steps_per_min=60, lift_cm=10.0)
    assert march.step_times_s() == [1.0, 2.0]
    assert march.lift_cm_at(0.9) == (0.0, 0.0)
    assert march.lift_cm_at(1.35) == (pytest.approx(10.0), 0.0)  # left first, top at 0.35 s
    assert march.lift_cm_at(2.35) == (0.0, pytest.approx(10.0))
    assert march.lift_cm_at(1.8) == (0.0, 0.0)  # both feet down between steps
    assert march.lift_cm_at(3.35) == (0.0, 0.0)  # over


def test_a_march_task_starts_marching_and_only_the_lower_body_changes() -> None:
    source = PuppetSource.default(FakeClock(0.0), np.random.default_rng(0), noise_sd=0.0)
    # The level counts 6.25 cm as a step; the demo, like a patient, lifts well above it.
    extra = {"task": {"task": "march", "duration_s": 5.0, "cadence_spm": 60, "lift_cm": 6.25}}
    assert source.body.react(Stimulus(0, "stepping", 2.0, Side.RIGHT, 0.0, 5.0, extra)) is None
    assert source.body.head_and_feet(2.35) == (0.0, (pytest.approx(6.25 * MARCH_LIFT_SHARE), 0.0))
    image = source.image
    lifted = image.render(0.0, 0.0, foot_lift_cm=(10.0, 0.0))
    still = image.render(0.0, 0.0)
    rows, cols = np.nonzero(np.any(lifted != still, axis=2))
    soles_y = image.pivot_px[1] + 0.039 * image.person_height_px
    assert rows.min() >= soles_y - 0.54 * image.person_height_px  # from the hips down
    assert cols.min() > image.pivot_px[0] - 3  # the patient's left leg: image +x






def test_a_pause_late_in_the_bout_keeps_the_steps_and_the_level_is_not_completed(tmp_path):
    """53 steps, then a pause with 10 s left used to leave empty results, 0 trials and a
    level saved "completed"."""
    level = parse_level(TEXT, Path("step.toml"))
    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock)
    march = Marching(4.0, 20.0, 90, 9.0)
    tracker.ankles_cm = lambda t: None if 16.0 <= t < 17.0 else tuple(
        base + lift for base, lift in zip((-70.0, -71.0), march.lift_cm_at(t), strict=True))
    with session(tmp_path / "p.sqlite3", [level], tracker, clock) as (ctx, db):
        scene = LevelScene(ctx, 0)
        run_level(clock, scene, 40.0)
        (row,) = db.level_runs(ctx.log.session_id)
        (trial,) = db.trials(row.level_run_id)
    assert scene.done and scene.n_pauses == 1
    assert trial.outcome == "interrupted" and trial.detail["n_steps"] >= 15  # kept
    assert row.status == "interrupted" and "pause" in row.end_reason
    assert row.summary["n_steps"] == trial.detail["n_steps"]
