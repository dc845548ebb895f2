"""The marker's estimator (body/prediction.py): ahead of the data, and never thrown by it.

Bad input from the issue, each driven through the estimator: bursts of dropped frames, a
pose rate falling to 5 Hz, timestamps out of order; the marker never jumps or flies off.
"""

import math

import numpy as np
import pytest

from balancegame.body.filters import OneEuroFilter
from balancegame.body.prediction import MotionPredictor, PredictionSettings
from balancegame.demo.movement_shapes import minimum_jerk
from tests.helpers.body_noise import sway, tracking_noise

FRAME_S = 1 / 60  # the display
MAX_JUMP_CM = PredictionSettings().max_marker_speed_cm_s * FRAME_S + 1e-9  # one frame # cm


def reach(t_s, start_s=1.0, size_cm=12.0, duration_s=0.6):
    """A minimum-jerk reach to the side and back 1 s later (cm)."""
    out = minimum_jerk((np.asarray(t_s) - start_s) / duration_s)
    back = minimum_jerk((np.asarray(t_s) - start_s - duration_s - 1.0) / duration_s)
    return size_cm * (out - back)


def drive(truth, *, pose_hz=30.0, delay_s=0.12, seconds=4.0, noise_cm=0.0, drop=None, seed=0,
          settings=None):
    """Show 60 FPS frames for ``seconds``; samples captured at ``pose_hz`` reach the predictor
    ``delay_s`` after capture (camera + pose); ``drop(t)`` True loses a sample; ``settings``
    other than the defaults.  Returns (flip times, shown positions, the predictor)."""
    rng = np.random.default_rng(seed)
    p = MotionPredictor(settings or PredictionSettings())
    caps = np.arange(0.0, seconds, 1 / pose_hz)
    values = truth(caps) + (tracking_noise(rng, caps.size, noise_cm) if noise_cm else 0.0)
    k, flips, shown = 0, [], []
    for t in np.arange(0.2, seconds, FRAME_S):
        while k < caps.size and caps[k] + delay_s <= t:
            if drop is None or not drop(caps[k]):
                p.update(float(caps[k]), float(values[k]))
            k += 1
        x = p.at(float(t))
        if x is not None:
            flips.append(t)
            shown.append(x)
    return np.array(flips), np.array(shown), p


def test_nothing_to_show_before_the_first_sample():
    assert MotionPredictor().at(1.0) is None


def test_the_marker_leads_the_delayed_data_towards_the_truth():
    flips, shown, p = drive(reach)
    moving = (flips > 1.1) & (flips < 1.5)  # the reach in full flight
    # Today's marker: the One Euro estimate of the newest sample, 120 ms old.
    today = np.interp(flips - 0.12, flips, reach(flips))
    err_today = np.abs(today[moving] - reach(flips[moving])).mean()
    err_shown = np.abs(shown[moving] - reach(flips[moving])).mean()
    assert err_shown < 0.5 * err_today  # most of the 120 ms is made up


def quiet_run(noise_cm, seconds=20.0, seed=1):
    """(shown, today's One Euro marker) at 60 FPS, 120 ms behind 30 Hz samples."""
    p, f = MotionPredictor(), OneEuroFilter(min_cutoff_hz=0.5, beta=0.7)
    rng = np.random.default_rng(seed)
    shown, today, latest = [], [], None
    caps = np.arange(0, seconds, 1 / 30)
    values = sway(caps) + tracking_noise(rng, caps.size, noise_cm)
    k = 0
    for t in np.arange(0.2, seconds, FRAME_S):
        while k < caps.size and caps[k] + 0.12 <= t:
            p.update(float(caps[k]), float(values[k]))
            latest = f(float(values[k]), float(caps[k]))
            k += 1
        if t > 3.0:  # the speed's noise is learnt by then
            shown.append(p.at(float(t)))
            today.append(latest)
    return np.array(shown), np.array(today)


def test_in_quiet_stance_with_a_webcams_noise_it_is_todays_one_euro_marker():
    # 0.05 cm: the fast tracking error measured on ../shared/data's sway videos.
    shown, today = quiet_run(noise_cm=0.05)
    differs = np.abs(shown - today) > 1e-9
    assert differs.mean() < 0.01  # the gate stays shut at rest (measured: 4 frames in 1019)
    assert np.abs(shown - today).max() < 0.1  # cm


@pytest.mark.parametrize("noise_cm", [0.15, 0.3])  # 3 and 6 times a webcam's
def test_a_noisier_camera_never_shakes_the_marker_more_than_todays(noise_cm):
    shown, today = quiet_run(noise_cm)
    jitter = lambda x: np.std(np.diff(x))  # noqa: E731  # frame-to-frame motion # cm
    # Measured: 1.18 x today's at 3 x a webcam's noise, 1.08 x at 6 x (the gate rises with
    # the noise it learns).  Without that rise it was 4.2 x.
    assert jitter(shown) <= 1.25 * jitter(today)


def test_timestamps_out_of_order_or_repeated_are_ignored_and_counted():
    p = MotionPredictor()
    for t in np.arange(0, 1, 1 / 30):
        p.update(float(t), 0.0)
    before = p.at(1.05)
    assert not p.update(0.5, 40.0)  # from the past: a wild value must not enter
    assert not p.update(p.t_last_s, 40.0)  # the same time again
    assert not p.update(1.2, math.nan)
    assert p.out_of_order == 2
    assert p.at(1.05) == before


def test_a_burst_of_dropped_frames_in_a_movement_neither_jumps_nor_flies_off():
    gap = lambda t: 1.2 <= t < 1.7  # noqa: E731  # half a second of frames lost mid-reach
    flips, shown, p = drive(reach, drop=gap, noise_cm=0.1)
    assert np.max(np.abs(np.diff(shown))) < MAX_JUMP_CM
    # Bounded by where a person could have got to, and never past the reach (12 cm) by much.
    assert shown.max() < 12.0 * 1.15
    assert shown.min() > -1.5
    # While no data comes, extrapolation fades out: the marker settles, it does not run on.
    # (The last sample before the gap, captured at 1.167 s, was shown from 1.287 s; the next
    # was due 33 ms later; the fade lasts stale_fade_s.)
    settled = shown[(flips > 1.167 + 0.12 + 0.05 + 0.15 + 0.02) & (flips < 1.7 + 0.12)]
    assert np.ptp(settled) < 0.05


def test_a_pose_rate_falling_to_5_hz_keeps_the_marker_smooth_and_bounded():
    flips, shown, _ = drive(reach, pose_hz=5.0, noise_cm=0.1)
    assert np.max(np.abs(np.diff(shown))) < MAX_JUMP_CM
    assert shown.max() < 12.0 * 1.25 and shown.min() > -2.0
    assert np.abs(shown[flips > 3.7]).max() < 1.0  # back home when the reach is over


def test_a_long_gap_restarts_it_without_stale_speed():
    p = MotionPredictor()
    for t in np.arange(0, 1, 1 / 30):
        p.update(float(t), 30.0 * float(t))  # moving at 30 cm/s
    p.update(5.0, 2.0)  # back after 4 s, somewhere else, standing
    assert p.at(5.1) == pytest.approx(2.0, abs=1e-6)


def test_speed_is_capped_and_the_horizon_bounded():
    s = PredictionSettings()
    p = MotionPredictor(s)
    for t in np.arange(0, 0.5, 1 / 30):
        p.update(float(t), 400.0 * float(t))  # an impossible 4 m/s (a tracking glitch)
    last = p.t_last_s
    ahead = p.at(last + 10.0) - p.at(last)  # far past the horizon: the last estimate
    assert abs(ahead) < 1e-6
    for h in (0.05, 0.1, 0.2, 0.25):
        assert abs(p.at(last + h) - float(p._x[0])) <= s.max_speed_cm_s * h + 1e-9


def test_a_reach_is_predicted_in_full_from_its_first_clear_sample():
    # The speed gate alone left the marker partly on the lagging One Euro estimate until the
    # speed was 3 x the gate's start (9 x its noise); the latch shows the prediction in full
    # from the first sample above 4.5 x the noise, so the marker is nearer the body while the
    # reach builds up.  100 ms of camera delay (+ pose), twice a webcam's tracking noise.
    err, err_gate_only = [], []
    for seed in range(5):
        flips, shown, p = drive(reach, delay_s=0.17, noise_cm=0.1, seed=seed)
        assert p._latch.starts == 2  # out and back; the tracking noise at rest started none
        gate_only = drive(reach, delay_s=0.17, noise_cm=0.1, seed=seed,
                          settings=PredictionSettings(latch_floor_cm_s=math.inf))[1]
        early = (flips > 1.0 + 0.17 + 0.1) & (flips < 1.0 + 0.17 + 0.25)
        err.append(np.abs(shown[early] - reach(flips[early])).mean())
        err_gate_only.append(np.abs(gate_only[early] - reach(flips[early])).mean())
    assert np.mean(err) < 0.85 * np.mean(err_gate_only)  # measured 0.75 x


@pytest.mark.parametrize("delay_s", [0.07, 0.12, 0.17])  # camera 0, 50 and 100 ms + pose
def test_at_the_end_of_a_reach_the_marker_comes_to_rest_where_the_body_is(delay_s):
    flips, shown, _ = drive(reach, delay_s=delay_s, noise_cm=0.05)
    # From the first frame that can show the body at rest (its sample captured after the reach
    # ended at 1.6 s) to the reach back: the marker holds at 12 cm.  Extrapolating the
    # slowing-down through zero speed slid it back towards the start, and a prediction held
    # on after the speed was gone made it wobble, each by up to 1.4 cm.
    hold = (flips > 1.6 + delay_s + 0.1) & (flips < 2.6 + delay_s)
    assert np.abs(shown[hold] - 12.0).max() < 0.4  # cm


def test_a_body_slowing_down_is_predicted_to_come_to_rest_not_to_turn_back():
    # Samples of the reach up to a capture time in its slowing-down, predicted 170 ms on (the
    # age of a frame at 100 ms of camera delay): carried on, the filter's deceleration
    # would take the body back towards the start (to 10.5 cm from 11.6 at 1.5 s).
    for t_last in np.arange(1.4, 1.6, 1 / 30):
        p = MotionPredictor()
        for t in np.arange(0.0, t_last, 1 / 30):
            p.update(float(t), float(reach(t)))
        shown = p.at(p.t_last_s + 0.17)
        assert shown >= float(p._x[0]) - 1e-9  # never behind where the body is estimated
        assert abs(shown - 12.0) < 0.5  # and near where it comes to rest


def test_a_single_tracking_glitch_at_rest_starts_no_movement():
    p = MotionPredictor()
    rng = np.random.default_rng(3)
    caps = np.arange(0.0, 6.0, 1 / 30)
    values = sway(caps) + tracking_noise(rng, caps.size, 0.05)
    values[caps.size // 2] += 0.3  # one sample 0.3 cm off (6 x the noise): a glitch
    for t, x in zip(caps, values, strict=True):
        p.update(float(t), float(x))
    assert p._latch.starts == 0


def reach_with_tremor(t_s):
    """The demo's ``tremor`` movement: a 12 cm reach held for 2 s, with a 0.4 cm, 5 Hz tremor
    from its start until the way back (cm)."""
    t = np.asarray(t_s)
    held = 12.0 * (minimum_jerk((t - 1.0) / 0.6) - minimum_jerk((t - 3.6) / 0.6))
    return held + np.where((t >= 1.0) & (t < 3.6), 0.4 * np.sin(2 * np.pi * 5.0 * (t - 1.0)), 0.0)


@pytest.mark.parametrize("delay_s", [0.12, 0.17])  # camera 50 and 100 ms + pose
def test_a_tremor_in_the_hold_is_not_extrapolated_once_recognised(delay_s):
    # Predicted 120-170 ms ahead, most of a 5 Hz period, the tremor comes out in the wrong
    # phase and far larger: the marker swung by up to 5 cm about the body's 0.4 cm tremor.
    # Once the tremor is recognised (body/tremor.py: when the reach has left its 0.8 s
    # window) the marker is today's One Euro estimate, which holds still and smooths it.
    # Before that it still swings: the figures in the README say so.
    s = PredictionSettings()
    flips, shown, p = drive(reach_with_tremor, delay_s=delay_s, noise_cm=0.05, seconds=5.0)
    _, extrapolated, _ = drive(reach_with_tremor, delay_s=delay_s, noise_cm=0.05, seconds=5.0,
                               settings=PredictionSettings(tremor_fallback=False))
    one_euro = OneEuroFilter(min_cutoff_hz=s.one_euro_min_cutoff_hz, beta=s.one_euro_beta)
    caps = np.arange(0.0, 5.0, 1 / 30)
    today = [one_euro(float(x), float(t)) for t, x in zip(caps, reach_with_tremor(caps),
                                                           strict=True)]
    recognised = (flips > 1.6 + 0.8 + delay_s + 0.1) & (flips < 3.6)
    truth = reach_with_tremor(flips[recognised])
    err = np.abs(shown[recognised] - truth).max()
    err_extrapolated = np.abs(extrapolated[recognised] - truth).max()
    err_today = np.abs(np.interp(flips[recognised] - delay_s, caps, today) - truth).max()
    assert err_extrapolated > 2.0  # cm: what it was
    assert err < 0.25 * err_extrapolated
    assert err < err_today + 0.1  # cm: today's marker, give or take the camera's noise


def test_without_a_tremor_the_marker_is_the_same_with_the_tremor_check_on_or_off():
    on = drive(reach, delay_s=0.17, noise_cm=0.05)[1]
    off = drive(reach, delay_s=0.17, noise_cm=0.05,
                settings=PredictionSettings(tremor_fallback=False))[1]
    assert np.array_equal(on, off)
