"""The patient's marker (game/feedback.py): fed with body signals, read at the flip."""

import math

import numpy as np

from balancegame.game.feedback import FeedbackMarker
from tests.helpers.scripted_tracker import signals


def moving(t0, t1, speed_cm_s, *, delay_s=0.0, rate_hz=30.0, **fields):
    """Signals captured t0..t1 of a body moving at ``speed_cm_s``."""
    return [signals(t, com_ml_cm=speed_cm_s * t, com_ml_raw_cm=speed_cm_s * t, **fields)
            for t in np.arange(t0, t1, 1 / rate_hz)]


def test_nothing_before_a_body_is_seen():
    marker = FeedbackMarker()
    marker.observe([signals(0.0, present=False)])
    assert marker.at(0.1) is None
    assert math.isnan(marker.delay_ms_p50())
    assert marker.describe() == ""
    assert marker.level_figures() == {"feedback_delay_ms_p50": None, "feedback_predicted": True,
                                      "feedback_tremor_s": 0.0}


def test_a_moving_body_is_shown_ahead_of_the_newest_sample_and_todays_marker_is_not():
    predicted, today = FeedbackMarker(), FeedbackMarker(predict=False)
    still = [signals(t, com_ml_cm=0.0, com_ml_raw_cm=0.0) for t in np.arange(0.0, 3.0, 1 / 30)]
    samples = still + moving(3.0, 3.3, 40.0)  # standing 3 s, then a step at 40 cm/s
    for m in (predicted, today):
        m.observe(samples)
    newest = samples[-1]
    t_shown = newest.t_capture_s + 0.12  # 120 ms later (camera, pose, the flip)
    assert today.at(t_shown) == newest.com_ml_cm
    # Most of the 4.8 cm the body moved since is made up.
    assert predicted.at(t_shown) > newest.com_ml_raw_cm + 0.5 * 40.0 * 0.12
    assert abs(predicted.delay_ms_p50() - 120.0) < 1e-6


def test_the_therapist_is_told_the_delay_and_what_covers_it():
    marker = FeedbackMarker()
    samples = moving(0.0, 1.0, 0.0)
    marker.observe(samples)
    for k in range(10):
        marker.at(samples[-1].t_capture_s + 0.14 + k * 1e-5)
    assert marker.describe() == "Camera to screen\n140 ms\n(marker predicted over it)"
    assert marker.level_figures() == {"feedback_delay_ms_p50": 140.0, "feedback_predicted": True,
                                      "feedback_tremor_s": 0.0}
    slow = FeedbackMarker()
    slow.observe(samples)
    slow.at(samples[-1].t_capture_s + 0.4)
    assert slow.describe() == "Camera to screen\n400 ms\n(marker predicted over 250 ms of it)"
    plain = FeedbackMarker(predict=False)
    plain.observe(moving(0.0, 1.0, 0.0))
    plain.at(1.1)
    assert plain.describe().endswith("(marker not predicted)")


def test_absent_samples_leave_the_marker_where_it_was():
    marker = FeedbackMarker()
    marker.observe(moving(0.0, 1.0, 0.0, cm_per_px=0.4))
    before = marker.at(1.0)
    marker.observe([signals(1.0 + k / 30, present=False) for k in range(5)])
    assert marker.at(1.0 + 1 / 60) == before


def test_a_new_body_scale_restarts_the_estimate_instead_of_reading_a_jump_as_speed():
    marker = FeedbackMarker()
    marker.observe(moving(0.0, 1.0, 0.0, cm_per_px=0.40))
    marker.observe([signals(1.0 + k / 30, com_ml_raw_cm=8.0, com_ml_cm=8.0, cm_per_px=0.44)
                    for k in range(3)])  # every cm is now 10 % larger: positions jump
    assert marker.predictor.restarts == 1
    assert abs(marker.predictor.speed_cm_s()) < 1e-9  # no speed made of the rescale


def test_the_setup_screen_states_the_delay_of_this_camera_and_machine(tmp_path):
    """Pose results come 100 ms after capture at 30 Hz, the screen flips at 60 FPS: the
    newest result is 100-133 ms old at a flip, 117 ms in the median."""
    from helpers.scene_runner import STEP_S, ScriptedTracker, session

    from balancegame.clock import FakeClock
    from balancegame.game.scenes.camera_check import CameraCheckScene
    from balancegame.prescription.library import LevelLibrary

    clock = FakeClock(0.0)
    tracker = ScriptedTracker(clock, latency_s=0.100)
    level = LevelLibrary.shipped().level("dodge-gentle")
    with session(tmp_path / "t.sqlite3", [level], tracker=tracker, clock=clock) as (ctx, _):
        scene = CameraCheckScene(ctx)
        for i in range(240):
            clock.advance(STEP_S)
            scene.update(STEP_S, clock.now_s())
            if i % 2:
                scene.before_draw(clock.now_s())
        notes = scene.therapist_notes()
    assert notes == ["Camera to screen\n117 ms\n(marker predicted over it)"]


def test_each_level_keeps_how_long_a_tremor_kept_the_marker_from_being_predicted():
    marker = FeedbackMarker()

    def body(t0, t1, tremor_cm):
        return [signals(t, com_ml_cm=0.0, com_ml_raw_cm=tremor_cm * math.sin(2 * math.pi * 5 * t))
                for t in np.arange(t0, t1, 1 / 30)]

    marker.start_level()
    marker.observe(body(0.0, 4.0, 0.0))  # standing still: no tremor
    assert marker.level_figures()["feedback_tremor_s"] == 0.0
    marker.start_level()  # the next level: 4 s of a 0.3 cm, 5 Hz tremor
    marker.observe(body(4.0, 8.0, 0.3))
    tremor_s = marker.level_figures()["feedback_tremor_s"]
    assert 3.0 <= tremor_s <= 4.0  # all but the first window (0.8 s) of it
    marker.start_level()  # and the one after counts from its own start
    marker.observe(body(8.0, 9.0, 0.0))
    assert marker.level_figures()["feedback_tremor_s"] < 0.8  # the window emptying
    plain = FeedbackMarker(predict=False)
    assert plain.level_figures()["feedback_tremor_s"] is None
