"""Gaze stabilisation (VOR x1): head yaw, turn measures, the level, the scene, the puppet."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pygame
import pytest
from helpers.scene_runner import run_level, session
from helpers.scripted_tracker import SignalTracker, signals

from balancegame.body.head_feet import NOSE_DEPTH_RATIO, head_yaw_deg
from balancegame.challenges import CHALLENGE_TYPES
from balancegame.challenges.base import Body, TrialStart
from balancegame.challenges.gaze import (
    LETTERS,
    GazeChallenge,
    check,
    head_turn_measures,
    turn_crossings,
)
from balancegame.clock import FakeClock
from balancegame.demo.body_image import ANKLE_HEIGHT_FRACTION
from balancegame.demo.moves import HeadTurns
from balancegame.demo.puppet import PuppetSource
from balancegame.game.scenes.level import LevelScene
from balancegame.messages import (
    Side,
    Stimulus,
)
from balancegame.pose.landmarks import N_LANDMARKS, VISIBILITY, Joint, X, Y
from balancegame.prescription import library
from balancegame.prescription.levels import parse_level

SHIPPED = library.LevelLibrary.shipped()  # only the shipped files: nothing of the user's

# --- head yaw from landmarks ------------------------------------------------------------------


def head_landmarks(yaw_deg: float, roll_deg: float = 0.0, half_ear_px: float = 20.0,
                   centre=(320.0, 100.0)) -> np.ndarray:
    """Nose and ears of the head model in head_feet's docstring, seen from the front.

    Ears at +/- r cos(yaw) across the axis, the nose at -(d/r) r sin(yaw) (yaw + =
    the patient's right = image -x); then the whole head rolled in the image.
    """
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, VISIBILITY] = 1.0
    a = math.radians(yaw_deg)
    points = {Joint.LEFT_EAR: (half_ear_px * math.cos(a), 0.0),
              Joint.RIGHT_EAR: (-half_ear_px * math.cos(a), 0.0),
              Joint.NOSE: (-NOSE_DEPTH_RATIO * half_ear_px * math.sin(a), 8.0)}
    c, s = math.cos(math.radians(roll_deg)), math.sin(math.radians(roll_deg))
    for joint, (x, y) in points.items():
        lm[joint, X] = centre[0] + c * x - s * y
        lm[joint, Y] = centre[1] + s * x + c * y
    return lm


@pytest.mark.parametrize("yaw", [-60.0, -25.0, -5.0, 0.0, 10.0, 30.0, 70.0])
@pytest.mark.parametrize("roll", [0.0, 20.0])
def test_head_yaw_inverts_the_head_model(yaw: float, roll: float) -> None:
    # The estimate is exact for the model it states, whatever the roll (head tilt).
    assert head_yaw_deg(head_landmarks(yaw, roll)) == pytest.approx(yaw, abs=1e-9)


def test_head_yaw_is_nan_when_the_head_cannot_be_measured() -> None:
    hidden = head_landmarks(10.0)
    hidden[Joint.RIGHT_EAR, VISIBILITY] = 0.2
    assert math.isnan(head_yaw_deg(hidden))
    assert math.isnan(head_yaw_deg(head_landmarks(10.0, half_ear_px=1.0)))  # too small
    assert math.isnan(head_yaw_deg(head_landmarks(10.0, roll_deg=180.0)))  # back view


# --- turn measures on synthetic yaw -----------------------------------------------------------


def synthetic_yaw(bpm: float, amplitude_deg: float, seconds: float = 30.0, noise_deg: float = 1.0,
                  offset_deg: float = 5.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Sine turns sampled at an irregular ~27 fps (capture times), with jitter."""
    rng = np.random.default_rng(seed)
    t = np.cumsum(rng.uniform(1 / 33, 1 / 22, int(seconds * 28)))
    t = t[t < seconds]
    yaw = offset_deg + amplitude_deg * np.sin(math.pi * bpm / 60 * t)
    return t, yaw + rng.normal(0.0, noise_deg, t.size)


@pytest.mark.parametrize(("bpm", "amplitude"), [(40, 12.0), (60, 20.0), (120, 30.0), (180, 15.0)])
def test_rate_amplitude_and_regularity_of_a_sine(bpm: float, amplitude: float) -> None:
    t, yaw = synthetic_yaw(bpm, amplitude)
    m = head_turn_measures(t, yaw, bpm, amplitude, straight_deg=5.0, t_metronome_s=0.0)
    assert m["n_turns"] == pytest.approx(bpm / 60 * 30, abs=1.5)
    assert m["turns_per_min"] == pytest.approx(bpm, rel=0.01)  # 1 %
    assert m["turn_rate_pct_of_prescribed"] == pytest.approx(100, abs=1)
    # Jitter of 1 deg SD: peaks read slightly high; 5 % (at 180 bpm, ~4 frames per turn: 8 %).
    assert m["amplitude_deg"] == pytest.approx(amplitude, rel=0.08 if bpm > 150 else 0.05)
    assert m["peak_right_deg"] == pytest.approx(amplitude, rel=0.1)
    assert m["peak_left_deg"] == pytest.approx(amplitude, rel=0.1)
    assert m["turn_interval_cv_pct"] < 6  # a perfect rhythm, sampled at ~27 fps
    assert abs(m["lag_ms_median"]) < 25  # in phase with the metronome (ms)


def half_sine_turns(durations_s: np.ndarray, right_deg: float, left_deg: float,
                    t0_s: float = 0.0, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Turns of the given durations (s), each a half sine to one side, right first."""
    rng = np.random.default_rng(seed)
    crossings = t0_s + np.concatenate([[0.0], np.cumsum(durations_s)])
    t = np.arange(0.0, crossings[-1], 1 / 30)
    k = np.clip(np.searchsorted(crossings, t, side="right") - 1, 0, len(crossings) - 2)
    phase = np.clip((t - crossings[k]) / (crossings[k + 1] - crossings[k]), 0.0, 1.0)
    side = np.where(k % 2 == 0, right_deg, -left_deg)
    return t, side * np.sin(math.pi * phase) + rng.normal(0, 0.5, t.size)


def test_uneven_sides_are_reported_without_skewing_the_rhythm() -> None:
    # 25 deg to the right, 15 to the left, a steady 1 s per turn, crossing the middle
    # 150 ms after the metronome (60 bpm: it passes the middle every 1 s).
    t, yaw = half_sine_turns(np.ones(30), 25.0, 15.0, t0_s=0.15)
    m = head_turn_measures(t, yaw, 60, 20, straight_deg=0.0, t_metronome_s=0.0)
    assert m["peak_right_deg"] == pytest.approx(25, rel=0.05)
    assert m["peak_left_deg"] == pytest.approx(15, rel=0.05)
    assert m["amplitude_deg"] == pytest.approx(20, rel=0.05)
    assert m["turns_per_min"] == pytest.approx(60, rel=0.01)
    assert m["turn_interval_cv_pct"] < 3  # timed at the median: the skew does not show
    assert m["lag_ms_median"] == pytest.approx(150, abs=20)  # ms


def test_an_irregular_rhythm_shows_in_the_variability() -> None:
    rng = np.random.default_rng(8)
    durations = rng.normal(1.0, 0.15, 40).clip(0.6, 1.4)  # CV ~15 %
    t, yaw = half_sine_turns(durations, 20.0, 20.0)
    m = head_turn_measures(t, yaw, 60, 20, straight_deg=0.0)
    truth = np.std(durations[1:-1], ddof=1) / np.mean(durations[1:-1]) * 100
    assert m["turn_interval_cv_pct"] == pytest.approx(truth, abs=3)  # percentage points
    assert m["turns_per_min"] == pytest.approx(60 / np.mean(durations[1:-1]), rel=0.02)


def test_jitter_alone_makes_no_turns() -> None:
    rng = np.random.default_rng(1)
    t = np.arange(0, 20, 1 / 30)
    assert turn_crossings(t, rng.normal(0, 1.0, t.size), 5.0) == []  # 5 SD
    m = head_turn_measures(t, rng.normal(0, 1.0, t.size), 60, 20)
    assert m["n_turns"] == 0 and m["turns_per_min"] is None and m["amplitude_deg"] is None


def test_too_fast_a_prescription_is_explained() -> None:
    assert check({"amplitude_deg": 20, "metronome_bpm": 100}) == []
    (problem,) = check({"amplitude_deg": 45, "metronome_bpm": 200})
    assert "deg/s" in problem and "metronome_bpm" in problem


def test_shipped_gaze_levels_load() -> None:
    names = [e.name for e in SHIPPED.files(library.LEVEL) if e.name.startswith("gaze-")]
    assert len(names) >= 2
    for name in names:
        level = SHIPPED.level(name)
        assert level.type == "gaze_stabilisation"
        assert CHALLENGE_TYPES[level.type].module == "gaze"


# --- the level in the scene, headless, with scripted head turns ---------------------------------

LEVEL = parse_level("""
schema_version = 1
type = "gaze_stabilisation"
title = "t"
instructions = "i"
[difficulty]
duration_s = 20
countdown_s = 4
metronome_bpm = 72
amplitude_deg = 20
""", Path("gaze.toml"))
STEP_S = 1 / 120


class ScriptedTracker(SignalTracker):
    """30 Hz body signals with the head yaw ``yaw_deg(t)`` (None = nobody in view)."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock)
        self.yaw_deg = lambda t: 3.0

    def signals_at(self, t: float):
        yaw = self.yaw_deg(t)
        return None if yaw is None else signals(t, head_yaw_deg=yaw)


@pytest.fixture
def world(tmp_path):
    pygame.init()
    clock = FakeClock(0.0)
    with session(tmp_path / "t.sqlite3", [LEVEL], ScriptedTracker(clock), clock) as (ctx, db):
        yield clock, ctx.tracker, db, LevelScene(ctx, 0)


def test_a_bout_with_scripted_turns_is_one_completed_trial(world) -> None:
    clock, tracker, db, scene = world
    onset = {}

    def yaw(t: float) -> float:  # in phase with the metronome once the bout has started
        t0 = onset.get("t")
        return 3.0 if t0 is None or t < t0 else 3.0 + 18.0 * math.sin(math.pi * 72 / 60 * (t - t0))

    tracker.yaw_deg = yaw
    shown = scene.challenge.stimulus_shown

    def remember(trial_id: int, t_onset_s: float) -> None:
        onset["t"] = t_onset_s
        shown(trial_id, t_onset_s)

    scene.challenge.stimulus_shown = remember
    run_level(clock, scene, 30.0, pygame.display.set_mode((1280, 720)))  # SDL's dummy driver
    (run_row,) = db.level_runs(scene.ctx.log.session_id)
    assert run_row.status == "completed"
    (trial,) = db.trials(run_row.level_run_id)
    assert trial.outcome == "completed" and trial.rt_ms is None
    d = trial.detail
    assert d["turns_per_min"] == pytest.approx(72, rel=0.01)
    assert d["amplitude_deg"] == pytest.approx(18, rel=0.05)
    assert d["amplitude_pct_of_prescribed"] == pytest.approx(90, abs=5)
    assert d["straight_ahead_deg"] == pytest.approx(3.0)
    assert abs(d["lag_ms_median"]) < 40  # one frame at 30 fps + the flip
    assert d["head_seen_pct"] == 100.0
    assert run_row.summary["turns_per_min"] == d["turns_per_min"]
    assert run_row.summary["n_bouts"] == 1


def test_a_safety_pause_keeps_the_bout_so_far_and_a_new_one_follows(world) -> None:
    clock, tracker, db, scene = world
    tracker.yaw_deg = lambda t: None if 8.0 <= t < 9.0 else 10 * math.sin(math.pi * 1.2 * t)
    run_level(clock, scene, 40.0)
    kinds = [e.kind for e in db.events(scene.ctx.log.session_id)]
    assert kinds[:2] == ["tracking_lost", "resume"]  # nothing cancelled: the bout is kept
    (run_row,) = db.level_runs(scene.ctx.log.session_id)
    first, second = db.trials(run_row.level_run_id)
    assert first.outcome == "interrupted" and first.detail["n_turns"] >= 2  # turns before it
    assert 2.0 < first.detail["bout_s"] < 6.0  # s: from the start of the bout to the pause
    assert second.trial_index == 1 and second.outcome == "completed"  # for the time left
    assert 10.0 <= second.detail["bout_s"] < 16.0
    assert run_row.status == "completed"  # the last bout ran to the end


def test_the_bout_start_asks_for_head_turns_and_letters_change() -> None:
    challenge = GazeChallenge(LEVEL, np.random.default_rng(0))
    events, letters = [], []
    for _ in range(int(round(10.0 / STEP_S))):
        events += challenge.step(STEP_S, Body(True, 0.0))
        letters.append(challenge.letter)
    (start,) = [e for e in events if isinstance(e, TrialStart)]
    assert start.direction is None and start.hold_s == pytest.approx(20.0, abs=0.01)
    assert start.extra["task"] == {"task": "head_turns",
                                   "duration_s": pytest.approx(20.0, abs=0.01),
                                   "turns_per_min": 72, "amplitude_deg": 20}
    changes = [a != b for a, b in zip(letters, letters[1:], strict=False)]
    assert sum(changes) == 3  # every letter_change_s (default 3 s), never the same letter twice
    assert set(letters) <= set(LETTERS)


# --- the puppet's head turns, and what MediaPipe makes of them ----------------------------------


def test_head_turn_kinematics() -> None:
    turns = HeadTurns(t_start_s=2.0, duration_s=3.1, turns_per_min=60, amplitude_deg=20)
    assert turns.yaw_deg(1.9) == 0.0
    assert turns.yaw_deg(2.5) == pytest.approx(20.0)  # right first, on the first beat
    assert turns.yaw_deg(3.5) == pytest.approx(-20.0)
    assert turns.t_end_s == pytest.approx(6.0)  # stops in the middle after the last turn
    assert turns.yaw_deg(6.0) == 0.0


def test_a_puppet_stimulus_starts_head_turns_and_zero_is_the_plain_photograph() -> None:
    source = PuppetSource.default(FakeClock(0.0), np.random.default_rng(0), noise_sd=0.0)
    body, image = source.body, source.image
    assert image.posed_sprite() is image._sprite_pm  # no copy, no change by default
    extra = {"task": {"task": "head_turns", "duration_s": 10.0, "turns_per_min": 60,
                      "amplitude_deg": 20.0}}
    assert body.react(Stimulus(0, "gaze", 1.0, Side.RIGHT, 0.0, 10.0, extra)) is None
    assert body.head_and_feet(1.5) == (pytest.approx(20.0), (0.0, 0.0))
    turned = image.render(0.0, 0.0, head_yaw_deg=20.0)
    still = image.render(0.0, 0.0)
    changed_rows = np.nonzero(np.any(turned != still, axis=(1, 2)))[0]
    top = image.pivot_px[1] - (1 - ANKLE_HEIGHT_FRACTION) * image.person_height_px
    assert changed_rows.min() >= top - 1  # pixels
    assert changed_rows.max() <= top + 0.19 * image.person_height_px  # head and neck only




# --- real recordings (../shared/data) -------------------------------------------------------------






