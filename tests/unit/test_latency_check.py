"""Issue 8, item 2: the display-to-camera latency check, against a simulated mirror camera.

The simulated camera (demo/mirror_camera.py) integrates the panel over each exposure,
adds noise, runs on its own slightly-off crystal and can stamp late; the check must
report flip -> panel half-way, on the stamps' clock, within much less than a frame.
"""

from __future__ import annotations

import queue

import numpy as np
import pygame
import pytest
from helpers.scene_runner import STEP_S, ScriptedTracker, run, session

from balancegame.body.signals import BodySignalExtractor
from balancegame.capture.base import SourceEnded
from balancegame.clock import FakeClock, MonotonicClock
from balancegame.demo.mirror_camera import MirrorCamera
from balancegame.errors import LatencyCheckError
from balancegame.game.flow import SessionFlow
from balancegame.game.scenes import latency_check
from balancegame.game.scenes.camera_check import CameraCheckScene
from balancegame.game.scenes.latency_check import LatencyCheckScene, SetupLatencyCheck
from balancegame.measures.flash_latency import (
    ScreenChange,
    analyse_flashes,
    cell_means,
    flash_schedule,
    increasing_stamps,
)
from balancegame.messages import Frame, PoseSample, Presence
from balancegame.prescription.library import LevelLibrary
from balancegame.tracking import TrackingWorker

FRAME_MS = 1000.0 / 30
TOLERANCE_MS = 5.0  # measured: within 2 ms at 30 fps over 8 seeds (4 ms with 8 ms exposures)


def check(seed: int = 3, store=None, **camera) -> tuple[LatencyCheckScene, MirrorCamera, float]:
    """Run a whole check headless on a fake clock; also how long it took (s)."""
    clock = FakeClock(1000.0)
    cam = MirrorCamera(clock, np.random.default_rng(seed), **camera)
    cam.start()
    scene = LatencyCheckScene(cam, np.random.default_rng(seed + 1), on_flip=cam.show,
                              on_result=store, headless=True)
    run(clock, scene, 120.0)
    assert scene.done, "the check must end by itself"
    return scene, cam, clock.now_s() - 1000.0


@pytest.mark.parametrize("display_delay_ms", [0.0, 40.0, 80.0])
def test_the_check_reports_the_display_delay(display_delay_ms: float) -> None:
    scene, cam, _ = check(display_delay_s=display_delay_ms / 1000.0)
    result = scene.result
    assert scene.failure is None and result is not None
    error_ms = result.median_ms - cam.true_latency_ms
    assert abs(error_ms) < FRAME_MS  # the requirement: within one camera frame
    assert abs(error_ms) < TOLERANCE_MS, (display_delay_ms, result)  # ms
    assert result.n >= 15 and result.n_flashes == 20
    assert 0.0 <= result.iqr_ms < 10.0 and result.p10_ms <= result.median_ms <= result.p90_ms


def test_a_camera_that_stamps_late_adds_its_delay() -> None:
    scene, cam, _ = check(display_delay_s=0.040, camera_delay_s=0.100)
    assert abs(scene.result.median_ms - cam.true_latency_ms) < TOLERANCE_MS  # ms, ~142 ms


def test_a_slow_camera_with_long_exposures_still_measures() -> None:
    scene, cam, _ = check(display_delay_s=0.050, fps=15.0, noise_sd=6.0, screen_fraction=0.15)
    assert abs(scene.result.median_ms - cam.true_latency_ms) < TOLERANCE_MS  # ms
    assert scene.result.cells_used < 48  # the screen's part of the image, found


def test_repeated_frame_stamps_are_dropped_and_counted() -> None:
    scene, cam, _ = check(display_delay_s=0.060, repeat_stamp_every=5)
    result = scene.result
    assert result.frames_rejected == pytest.approx(result.frames / 4, rel=0.1)
    assert abs(result.median_ms - cam.true_latency_ms) < TOLERANCE_MS  # ms


def test_out_of_order_stamps_are_dropped() -> None:
    assert increasing_stamps(np.array([1.0, 2.0, 2.0, 1.5, 3.0])).tolist() == [
        True, True, False, False, True]


def test_a_camera_facing_a_wall_fails_clearly_in_bounded_time_and_stores_nothing() -> None:
    stored: list = []
    scene, _, took_s = check(display_delay_s=0.05, sees_screen=False,
                             store=lambda result: stored.append(result) or "saved")
    assert stored == [] and scene.result is None and scene.failure.reason == "not_seen"
    assert scene.failure.message == "The camera did not see the screen flash."
    assert "mirror" in scene.failure.hint and "balancegame latency" in scene.failure.hint
    assert took_s < scene.duration_s + 1.0  # s: the check's own length, no waiting on


def test_bright_and_dark_too_close_to_tell_apart_fail() -> None:
    scene, _, _ = check(display_delay_s=0.05, dark_grey=100.0, bright_grey=101.5,
                        noise_sd=12.0)
    assert scene.failure is not None and scene.failure.reason in ("not_seen", "not_separable")
    assert "did not see the screen flash" in scene.failure.message


class Silent:
    """A camera that sends nothing."""

    name = "silent"
    frames_dropped = 0

    def start(self) -> None: ...

    def next_frame(self, timeout_s: float):
        return None

    def close(self) -> None: ...


def test_a_camera_sending_nothing_ends_the_check_early() -> None:
    clock = FakeClock(0.0)
    scene = LatencyCheckScene(Silent(), np.random.default_rng(1), headless=True)
    run(clock, scene, 60.0)
    assert scene.done and scene.failure.reason == "no_frames"
    assert "no pictures" in scene.failure.message
    assert clock.now_s() < latency_check.NO_FRAMES_S + 0.5  # s


def synthetic(n_seen: int, latency_s: float = 0.07) -> tuple[list, list, list]:
    """A perfect 30 fps camera that sees only the first ``n_seen`` of 20 flashes."""
    schedule = flash_schedule(np.random.default_rng(5))
    changes = [ScreenChange(t, b) for on, off in schedule for t, b in ((on, True), (off, False))]
    seen = [c for c in changes if c.t_flip_s < schedule[n_seen - 1][1] + 0.01] if n_seen else []
    t = np.arange(0.0, schedule[-1][1] + 1.0, 1 / 30) + 0.0123
    rng = np.random.default_rng(6)
    from balancegame.measures.flash_latency import screen_state

    grey = 20 + 150 * screen_state(seen, t - latency_s)
    cells = [np.full(48, g) + rng.normal(0, 1, 48) for g in grey]
    return list(t), cells, changes


def test_too_few_flashes_seen_fail_with_the_count() -> None:
    with pytest.raises(LatencyCheckError, match="saw only 9 of the 20 flashes") as info:
        analyse_flashes(*synthetic(9))
    assert info.value.reason == "too_few" and "at least 12" in info.value.message
    assert analyse_flashes(*synthetic(12)).n == 12


def test_a_perfect_camera_is_timed_within_a_fraction_of_a_frame() -> None:
    result = analyse_flashes(*synthetic(20, latency_s=0.07))
    # no partial exposures here: each onset is between two frames, uniformly; median ~ exact
    assert abs(result.median_ms - 70.0 - FRAME_MS / 2) < FRAME_MS / 2  # ms


def test_flash_intervals_are_irregular_and_stay_unambiguous() -> None:
    schedule = flash_schedule(np.random.default_rng(0))
    periods = np.diff([on for on, _ in schedule])
    assert len(schedule) == 20 and periods.std() > 0.05  # s: no period to alias with
    assert periods.min() > latency_check.TAIL_S - 0.3 + 0.05  # longer than the latest match
    assert 1 / periods.min() < 3.0  # flashes a second: below the photosensitivity limit


def test_cell_means_find_a_bright_corner() -> None:
    image = np.zeros((480, 640, 3), dtype=np.uint8)
    image[:80, -80:] = 255
    cells = cell_means(image).reshape(6, 8)
    assert cells[0, 7] == pytest.approx(255.0) and cells[1:, :7].max() == 0.0


# ---------------------------------------------------------------- from the camera check
class CameraTracker(ScriptedTracker):
    """The tracking worker's stand-in, with a camera that lends its frames: the mirror."""

    def lend_frames(self) -> MirrorCamera:
        self.lent = MirrorCamera(self.clock, np.random.default_rng(9), display_delay_s=0.05)
        self.lent.start()
        return self.lent


@pytest.fixture
def setup_screen(tmp_path):
    clock = FakeClock(0.0)
    tracker = CameraTracker(clock)
    level = LevelLibrary.shipped().level("dodge-gentle")
    with session(tmp_path / "log.sqlite3", [level], tracker=tracker, clock=clock,
                 camera_name="camera:0 (Test Cam)") as (ctx, db):
        ctx.machine_id = db.machine_id()
        flow = SessionFlow(ctx)
        camera_check = CameraCheckScene(ctx)
        camera_check.handle_key(pygame.K_l)
        assert camera_check.done
        yield ctx, db, flow, flow.after(camera_check)


def test_the_check_runs_from_the_camera_check_and_comes_back(setup_screen) -> None:
    ctx, db, flow, check_scene = setup_screen
    assert isinstance(check_scene, SetupLatencyCheck)
    check_scene.on_flip = ctx.tracker.lent.show  # the mirror sees the screen
    run(ctx.clock, check_scene, 120.0)
    assert check_scene.done and not check_scene.quit and check_scene.failure is None
    assert isinstance(flow.after(check_scene), CameraCheckScene)
    with pytest.raises(SourceEnded):  # the frames went back to the worker
        ctx.tracker.lent.next_frame(0.0)
    [row] = db.latency_checks()
    assert abs(row.median_ms - ctx.tracker.lent.true_latency_ms) < TOLERANCE_MS  # ms
    assert db.display_delay_ms("camera:0 (Test Cam)") == row.median_ms  # this machine's
    assert row.detail["frames_dropped"] == 0 and row.vsync_granted == 0


def test_esc_in_the_check_goes_back_to_the_camera_check_and_stores_nothing(setup_screen):
    ctx, db, flow, check_scene = setup_screen
    run(ctx.clock, check_scene, 3.0)
    check_scene.handle_key(pygame.K_ESCAPE)
    assert check_scene.done and check_scene.cancelled and not check_scene.quit
    check_scene.update(STEP_S, ctx.clock.now_s())
    assert isinstance(flow.after(check_scene), CameraCheckScene)
    assert db.latency_checks() == [] and ctx.end_reason == ""


def test_without_a_live_camera_the_check_is_not_offered(tmp_path) -> None:
    level = LevelLibrary.shipped().level("dodge-gentle")
    with session(tmp_path / "log.sqlite3", [level]) as (ctx, _):  # the demo person
        camera_check = CameraCheckScene(ctx)
        camera_check.handle_key(pygame.K_l)
        assert not camera_check.done and not camera_check.wants_latency_check


class QueuedSource:
    """Frames exactly when the test puts them."""

    name, clock_method, frames_dropped = "queued", "by the test", 0

    def __init__(self) -> None:
        self.frames: queue.Queue = queue.Queue()

    def start(self) -> None: ...

    def next_frame(self, timeout_s: float):
        try:
            return self.frames.get(timeout=timeout_s)
        except queue.Empty:
            return None

    def close(self) -> None: ...


class CountingPose:
    def __init__(self) -> None:
        self.seen: queue.Queue = queue.Queue()

    def estimate(self, frame: Frame) -> PoseSample:
        self.seen.put(frame.index)
        return PoseSample(frame.t_capture_s, frame.t_capture_s, frame.index, (4, 4), None,
                          None, Presence(ok=False, reason="nobody"))

    def close(self) -> None: ...


def test_the_worker_lends_every_frame_instead_of_pose_until_given_back() -> None:
    source, pose = QueuedSource(), CountingPose()
    worker = TrackingWorker(source, pose, BodySignalExtractor(None), MonotonicClock())
    worker.start()
    try:
        image = np.zeros((4, 4, 3), np.uint8)
        source.frames.put(Frame(image, 1.0, 0))
        assert pose.seen.get(timeout=5.0) == 0
        lent = worker.lend_frames()
        assert lent.clock_method == "by the test"
        source.frames.put(Frame(image, 2.0, 1))
        assert lent.next_frame(5.0).index == 1 and pose.seen.empty()
        lent.close()
        source.frames.put(Frame(image, 3.0, 2))
        assert pose.seen.get(timeout=5.0) == 2
    finally:
        worker.stop()
