"""The puppet demo source: simulated body, paced frames, rendering, and the real pose model."""

from __future__ import annotations

import numpy as np
import pytest

from balancegame.capture.base import SourceEnded
from balancegame.clock import FakeClock
from balancegame.demo.body_image import BodyImage, load_person_bgra
from balancegame.demo.puppet import PuppetBody, PuppetSource
from balancegame.measures.minimum_jerk import minimum_jerk
from balancegame.messages import Frame, Side, Stimulus

FPS = 30.0


def stim(trial_id: int, t_onset_s: float, side: Side, distance_cm: float = 10.0,
         hold_s: float = 1.0) -> Stimulus:
    return Stimulus(trial_id, "lean", t_onset_s, side, distance_cm, hold_s)


def person_mask(frame_bgr: np.ndarray, background_bgr: np.ndarray) -> np.ndarray:
    return np.abs(frame_bgr.astype(np.int16) - background_bgr).max(axis=2) > 25


@pytest.fixture(scope="module")
def person_bgra() -> np.ndarray:
    return load_person_bgra()


# --- the simulated body -------------------------------------------------------------------

def test_minimum_jerk_profile() -> None:
    assert minimum_jerk(0.0) == 0.0
    assert minimum_jerk(0.5) == pytest.approx(0.5)
    assert minimum_jerk(1.0) == pytest.approx(1.0)
    assert minimum_jerk(0.25) == pytest.approx(10 / 4**3 - 15 / 4**4 + 6 / 4**5)
    assert minimum_jerk(-1.0) == 0.0 and minimum_jerk(2.0) == 1.0  # clipped
    tau = np.linspace(0.0, 1.0, 1001)
    x = minimum_jerk(tau)
    assert np.all(np.diff(x) >= 0)
    velocity = np.gradient(x, tau)
    assert abs(velocity[0]) < 1e-3 and abs(velocity[-1]) < 1e-3  # starts and ends at rest
    assert velocity.max() == pytest.approx(1.875, rel=1e-3)  # peak 15/8 at tau = 0.5


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_quiet_stance_sway_is_small_and_slow(seed: int) -> None:
    body = PuppetBody(np.random.default_rng(seed))
    t_s = np.arange(0.0, 120.0, 0.01)
    x_cm = body.position_cm(t_s)
    rms_cm = float(np.sqrt(np.mean((x_cm - x_cm.mean()) ** 2)))
    assert 0.3 <= rms_cm <= 0.6, rms_cm
    power = np.abs(np.fft.rfft(x_cm - x_cm.mean())) ** 2
    freqs_hz = np.fft.rfftfreq(len(t_s), 0.01)
    in_band = power[(freqs_hz >= 0.08) & (freqs_hz <= 1.1)].sum() / power.sum()
    assert in_band > 0.95, in_band
    lean_deg = body.lean_deg(t_s)
    # A tiny inverted-pendulum lean: ~0.3 deg RMS for 0.45 cm over ~87 cm.
    assert 0.1 < np.sqrt(np.mean(lean_deg**2)) < 0.5
    assert np.sign(lean_deg[np.abs(x_cm) > 0.1]).tolist() == \
        np.sign(x_cm[np.abs(x_cm) > 0.1]).tolist()


def test_reaction_starts_at_onset_plus_rt_and_follows_minimum_jerk() -> None:
    body = PuppetBody(np.random.default_rng(0), sway_rms_cm=0.0, rt_s=0.6, movement_s=0.6,
                      overshoot=1.4)
    body.react(stim(7, 10.0, Side.RIGHT, distance_cm=10.0, hold_s=2.1))  # + 0.1 s margin
    assert body.movement_onsets() == [(7, pytest.approx(10.6))]
    assert body.position_cm(10.6 - 1e-6) == 0.0
    assert body.position_cm(10.6 + 0.001) > 0.0
    assert body.position_cm(10.6 + 0.3) == pytest.approx(7.0)  # half way at half time
    assert body.position_cm(11.2) == pytest.approx(14.0)  # 10 cm x overshoot 1.4
    assert body.position_cm(12.2) == pytest.approx(14.0)  # end of hold
    assert body.position_cm(12.5) == pytest.approx(7.0)  # half way back
    assert body.position_cm(12.8) == pytest.approx(0.0, abs=1e-9)
    assert body.lean_deg(11.5) > 0.0  # leaning to the patient's right
    body.react(stim(8, 20.0, Side.LEFT, distance_cm=5.0, hold_s=2.1))
    assert body.position_cm(21.5) == pytest.approx(-7.0)  # patient's left is negative


def test_rt_jitter_is_seeded() -> None:
    def onsets(seed: int) -> list[float]:
        body = PuppetBody(np.random.default_rng(seed), rt_s=0.6, rt_jitter_s=0.05)
        return [body.react(stim(i, 10.0 * i, Side.RIGHT)).t_move_onset_s - 10.0 * i
                for i in range(20)]

    rts = onsets(5)
    assert rts == onsets(5)
    assert rts != onsets(6)
    assert min(rts) > 0.4 and max(rts) < 0.8 and 0.03 < np.std(rts) < 0.07


def test_same_seed_same_body_and_frames() -> None:
    t_s = np.linspace(0.0, 30.0, 301)
    a, b, c = (PuppetBody(np.random.default_rng(s)) for s in (42, 42, 43))
    np.testing.assert_array_equal(a.position_cm(t_s), b.position_cm(t_s))
    assert not np.allclose(a.position_cm(t_s), c.position_cm(t_s))

    def frames(seed: int) -> list[Frame]:
        source = PuppetSource.default(FakeClock(5.0), np.random.default_rng(seed))
        source.start()
        source.react(stim(1, 5.1, Side.LEFT))
        return [source.next_frame(1.0) for _ in range(30)]

    for f1, f2 in zip(frames(9), frames(9), strict=True):
        assert f1.t_capture_s == f2.t_capture_s
        np.testing.assert_array_equal(f1.image_bgr, f2.image_bgr)


# --- pacing ---------------------------------------------------------------------------------

def make_source(clock: FakeClock, **kwargs: object) -> PuppetSource:
    return PuppetSource.default(clock, np.random.default_rng(0), noise_sd=0.0, **kwargs)


def test_frames_are_stamped_at_one_over_fps_and_never_early() -> None:
    clock = FakeClock(100.0)
    source = make_source(clock, fps=FPS)
    source.start()
    stamps = []
    for i in range(60):
        frame = source.next_frame(timeout_s=1.0)
        assert frame is not None and frame.index == i
        assert clock.now_s() >= frame.t_capture_s  # not delivered before it was captured
        stamps.append(frame.t_capture_s)
    np.testing.assert_allclose(stamps, 100.0 + np.arange(60) / FPS, rtol=0, atol=1e-9)
    assert np.all(np.diff(stamps) > 0)
    assert source.frames_dropped == 0


def test_late_caller_gets_newest_frame_and_drops_are_counted() -> None:
    clock = FakeClock(0.0)
    source = make_source(clock)
    source.start()
    assert source.next_frame(1.0).index == 0
    clock.advance(0.5 / FPS)  # late by less than a period: frame 1 is still the newest
    assert source.next_frame(1.0).index == 1
    assert source.frames_dropped == 0
    clock.advance(3.5 / FPS)  # now between frames 4 and 5: 2 and 3 were never read
    frame = source.next_frame(1.0)
    assert frame.index == 4 and frame.t_capture_s == pytest.approx(4 / FPS)
    assert source.frames_dropped == 2
    clock.advance(0.1)  # exactly 3 periods after frame 4 (floating point must not lose one)
    assert source.next_frame(1.0).index == 7
    assert source.frames_dropped == 4


def test_timeout_returns_none_then_the_frame() -> None:
    clock = FakeClock(0.0)
    source = make_source(clock)
    source.start()
    source.next_frame(1.0)
    assert source.next_frame(timeout_s=0.01) is None
    assert clock.now_s() == pytest.approx(0.01)
    frame = source.next_frame(timeout_s=1.0)
    assert frame.index == 1 and clock.now_s() == pytest.approx(1 / FPS)


def test_duration_ends_the_source() -> None:
    source = make_source(FakeClock(0.0), duration_s=1.0)
    source.start()
    frames = []
    with pytest.raises(SourceEnded):
        while True:
            frames.append(source.next_frame(1.0))
    assert len(frames) == 31 and frames[-1].t_capture_s == pytest.approx(1.0)


# --- rendering ------------------------------------------------------------------------------

def test_frame_size_and_person_height(person_bgra: np.ndarray) -> None:
    image = BodyImage(person_bgra, frame_size_px=(640, 480), noise_sd=0.0)
    frame = image.render(0.0, 0.0)
    assert frame.shape == (480, 640, 3) and frame.dtype == np.uint8
    rows = np.nonzero(person_mask(frame, image.render(1e6, 0.0)).any(axis=1))[0]
    assert 0.75 <= (rows[-1] - rows[0] + 1) / 480 <= 0.85
    small = BodyImage(person_bgra, frame_size_px=(320, 240), noise_sd=0.0).render(0.0, 0.0)
    assert small.shape == (240, 320, 3)


def test_render_moves_the_person_the_right_way(person_bgra: np.ndarray) -> None:
    image = BodyImage(person_bgra, noise_sd=0.0, height_cm=170.0)
    background = image.render(1e6, 0.0)  # person far out of the frame
    rest = image.render(0.0, 0.0)
    np.testing.assert_array_equal(rest, image.render(0.0, 0.0))  # pure
    assert not np.array_equal(rest, image.render(0.5, 0.0))
    x_rest = np.nonzero(person_mask(rest, background))[1].mean()
    right = image.render(10.0, 0.0)  # patient's right = image -x (camera faces the patient)
    dx_px = np.nonzero(person_mask(right, background))[1].mean() - x_rest
    assert dx_px == pytest.approx(-10.0 * image.px_per_cm, abs=1.0)  # pixels
    assert image.px_per_cm == pytest.approx(0.8 * 480 / 170.0, rel=0.01)
    # A lean to the patient's right tilts the head to image -x about the ankles.
    leaned = person_mask(image.render(0.0, 5.0), background)
    upright = person_mask(rest, background)
    top_y = image.pivot_px[1] - image.person_height_px
    head_rows = slice(int(top_y), int(top_y + 0.2 * image.person_height_px))
    assert np.nonzero(leaned[head_rows])[1].mean() < np.nonzero(upright[head_rows])[1].mean() - 5


# --- the real pose model on puppet frames ---------------------------------------------------



# --- simulated camera and movement shapes -------------------------------------------------

@pytest.mark.parametrize("driver_stamps", [True, False])
def test_a_late_camera_delivers_late_and_stamps_as_a_webcam_would(driver_stamps) -> None:
    from balancegame.demo.simulated_camera import SimulatedCamera

    clock = FakeClock(100.0)
    source = make_source(clock, camera=SimulatedCamera(0.1, 0.005, driver_stamps))
    source.start()
    for i in range(20):
        frame = source.next_frame(timeout_s=1.0)
        exposed_s = 100.0 + i / FPS
        assert clock.now_s() >= exposed_s + 0.1  # not delivered before the camera did
        assert frame.t_arrival_s == pytest.approx(clock.now_s())
        if driver_stamps:
            assert frame.t_capture_s == pytest.approx(exposed_s)
        else:  # only the arrival is known: the estimate (50 ms) is off by the rest
            assert frame.t_capture_s == pytest.approx(frame.t_arrival_s - 1.5 / FPS)
    assert source.capture_timing().method == ("driver" if driver_stamps else "estimated")


@pytest.mark.parametrize("shape", ["minimum-jerk", "first-order", "tremor", "hesitant",
                                   "counter"])
def test_each_movement_shape_starts_at_the_scripted_time_and_ends(shape) -> None:
    body = PuppetBody(np.random.default_rng(0), rt_s=0.5, sway_rms_cm=0.0,
                      movement_shape=shape, display_delay_s=0.04)
    reaction = body.react(stim(0, 10.0, Side.RIGHT))
    assert reaction.t_move_onset_s == pytest.approx(10.54)  # flip + display + reaction
    t = np.arange(9.0, reaction.t_end_s + 1.0, 0.002)
    x = body.reaction_cm(t)
    moving = np.abs(x) > 1e-6
    assert t[moving][0] == pytest.approx(10.54, abs=0.005)
    assert not moving[t > reaction.t_end_s].any()  # tremor and all: nothing after the end
    assert x.max() == pytest.approx(10.0 * body.overshoot, rel=0.08)
    if shape == "counter":
        assert x.min() < -0.5  # the other way first


def test_an_unknown_movement_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="movement_shape"):
        PuppetBody(np.random.default_rng(0), movement_shape="wobble")
