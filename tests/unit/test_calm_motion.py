"""Decorative motion is calm, short, slow, and can be turned off (issue 12, item 11).

With ``--calm`` (or ``calm_screens = true``) a screen drawn twice from the same state at
two times gives the same pixels; with motion on, the screens that move differ.  A
success animation is over within 0.6 s and never drawn where a text is; nothing
changes faster than 3 times a second (WCAG 2.3.1).
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers.scene_runner import run
from helpers.screen_states import draw_level, level_states, scene_shots

from balancegame.game import motion as motion_module
from balancegame.game import theme
from balancegame.game.motion import MAX_FLASH_HZ, SUCCESS_S, Motion
from balancegame.game.views import flourish

# The level states and scenes where something moves by itself when motion is on.
MOVING_LEVEL_STATES = {"dodge_wall_far", "dodge_wall_near", "dodge_wall_passing", "dodge_avoided",
                       "weight_shift_target", "weight_shift_reached", "dual_task_correct",
                       "stepping_bout", "gaze_bout"}
MOVING_SCENES = {"title", "results"}
T1_S, T2_S = 0.31, 0.77  # two frame times, half a breath apart


def _pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).copy()


@pytest.mark.parametrize("name", sorted(level_states()))
def test_every_level_screen_is_still_when_calm_and_moves_where_expected(screen, name):
    kind, challenge, fields = level_states()[name]
    frames = {}
    for animate in (False, True):
        for t_s in (T1_S, T2_S):
            draw_level(screen, None, kind, challenge, fields, Motion(animate, t_s))
            frames[animate, t_s] = _pixels(screen)
    assert np.array_equal(frames[False, T1_S], frames[False, T2_S])
    moved = not np.array_equal(frames[True, T1_S], frames[True, T2_S]) or not np.array_equal(
        frames[True, T1_S], frames[False, T1_S])
    assert moved == (name in MOVING_LEVEL_STATES), name


def test_every_scene_is_still_when_calm_and_moves_where_expected(screen, ctx_factory):
    names = set()
    for calm in (True, False):
        ctx = ctx_factory()
        ctx.calm = calm
        for name, (make, _) in scene_shots(ctx).items():
            names.add(name)
            scene = make(ctx)
            frames = []
            for dt_s in (0.1, 0.35):  # the clock moves, the scene's state does not
                ctx.clock.advance(dt_s)
                scene.draw(screen)
                frames.append(_pixels(screen))
            same = np.array_equal(*frames)
            assert same if calm else same == (name not in MOVING_SCENES), (name, calm)
    assert names > MOVING_SCENES


def test_the_calm_option_reaches_the_level_screen(ctx_factory):
    from balancegame.game.scenes.level import LevelScene

    for calm in (False, True):
        ctx = ctx_factory()
        ctx.calm = calm
        scene = LevelScene(ctx, 0)
        run(ctx.clock, scene, 1.0)
        assert scene.screen().motion.animate is not calm
        assert ctx.motion().animate is not calm


def test_a_success_ring_is_short_and_never_over_a_text(screen, monkeypatch):
    drawn: list[pygame.Rect] = []
    original = theme.draw_text
    monkeypatch.setattr(theme, "draw_text", lambda *a, **k: drawn.append(original(*a, **k))
                        or drawn[-1])
    for name in ("dodge_avoided", "weight_shift_reached", "dual_task_correct"):
        kind, challenge, fields = level_states()[name]
        still = Motion(False, 1.0)

        def frame(age_s, motion, fields=fields, kind=kind, challenge=challenge):
            drawn.clear()
            draw_level(screen, None, kind, challenge, {**fields, "feedback_age_s": age_s},
                       motion)
            return _pixels(screen)

        calm = frame(0.3, still)
        texts = list(drawn)
        for age_s in np.arange(0.0, SUCCESS_S, 0.05):
            ring = np.any(frame(age_s, Motion(True, 1.0)) != calm, axis=2)
            assert ring.any(), (name, age_s)
            for rect in texts:
                assert not ring[rect.left:rect.right, rect.top:rect.bottom].any(), (name, rect)
        assert np.array_equal(frame(SUCCESS_S, Motion(True, 1.0)), calm), name


def test_no_periodic_change_is_faster_than_three_a_second() -> None:
    declared = {"BREATHE_HZ": motion_module.BREATHE_HZ, "SWAY_HZ": flourish.SWAY_HZ}
    assert all(0 < hz <= 1.0 for hz in declared.values()), declared  # well below 3 Hz
    with pytest.raises(ValueError, match="3 times a second"):
        Motion(True, 0.0).wave(MAX_FLASH_HZ + 0.1)
    assert Motion(False, 0.4).wave(1.0) == 0.0 and Motion(False, 0.1).once(0.1) is None
    assert Motion(True, 0.0).once(0.1, duration_s=5.0) == pytest.approx(0.1 / SUCCESS_S)


def _lum(frames: list[np.ndarray]) -> np.ndarray:
    table = np.arange(256, dtype=np.float32) / 255  # sRGB -> linear, by table (fast)
    table = np.where(table <= 0.03928, table / 12.92, ((table + 0.055) / 1.055) ** 2.4)
    lin = table[np.stack(frames)]
    return lin @ np.array([0.2126, 0.7152, 0.0722], np.float32)  # (frames, x, y)


def _flashes_per_second(lum: np.ndarray, fps: float) -> float:
    """The most flashes (pairs of opposing changes of relative luminance of 0.1 or more,
    the darker below 0.8: WCAG's definition) any element of ``lum`` (frames, ...) shows
    in any one second."""
    last = lum[0].copy()
    direction = np.zeros_like(last)
    changes = np.zeros(lum.shape, bool)
    for i in range(1, len(lum)):
        step = lum[i] - last
        big = (np.abs(step) >= 0.1) & (np.minimum(lum[i], last) < 0.8)
        turned = big & (np.sign(step) != direction)
        changes[i] = turned & (direction != 0)
        direction = np.where(turned, np.sign(step), direction)
        further = np.sign(lum[i] - last) == direction  # the extreme moves on
        last = np.where(big | further, lum[i], last)
    total = np.cumsum(changes, axis=0)
    window = int(fps)
    counts = total[window:] - total[:-window] if len(lum) > window else total
    return float(counts.max()) / 2


def _windows(lum: np.ndarray, size: tuple[int, int], stride: tuple[int, int]) -> np.ndarray:
    """Mean luminance of every ``size`` window (x, y) at ``stride``: (frames, windows)."""
    n, w, h = lum.shape
    means = [lum[:, x:x + size[0], y:y + size[1]].mean(axis=(1, 2))
             for x in range(0, w - size[0] + 1, stride[0])
             for y in range(0, h - size[1] + 1, stride[1])]
    return np.stack(means, axis=1)


@pytest.mark.parametrize("name", sorted(MOVING_LEVEL_STATES))
def test_decorative_motion_changes_no_pixel_more_than_three_times_a_second(screen, name):
    """Only the decoration moving (the state held still), drawn at 30 Hz for 2 s: no
    pixel (of every 3rd row and column) flashes more than 3 times in any second,
    stricter than WCAG's area rule."""
    kind, challenge, fields = level_states()[name]
    frames = []
    for i in range(60):
        age = {"feedback_age_s": i / 30} if "feedback" in fields else {}
        draw_level(screen, None, kind, challenge, {**fields, **age}, Motion(True, i / 30))
        frames.append(pygame.surfarray.pixels3d(screen)[::3, ::3].copy())
    assert _flashes_per_second(_lum(frames), 30.0) <= MAX_FLASH_HZ


@pytest.mark.parametrize("level_name", ["dodge-gentle", "weight-shift-gentle",
                                        "dual-task-gates-3s", "gaze-vor-busy",
                                        "stepping-metronome"])
def test_no_level_flashes_more_than_three_times_a_second(screen, ctx_factory, level_name):
    """Played with motion on and the body moving, drawn at 60 Hz for 4 s after the
    countdown.  WCAG 2.3.1's general flash is an area of a quarter of a 10 degree field
    (341 x 256 px of a 1024 x 768 screen) flashing; here every 320 x 180 window of the
    screen, half a window apart, is held to 3 flashes in any second (the game's own
    moving things, a swinging metronome disc, are smaller than that)."""
    from balancegame.game.scenes.level import LevelScene
    from balancegame.prescription.library import LevelLibrary

    ctx = ctx_factory()
    ctx.levels = [LevelLibrary.shipped().level(level_name)]
    ctx.tracker.position_cm = lambda t: 12.0 * np.sin(t)  # moving about: outcomes, bursts
    scene = LevelScene(ctx, 0)
    run(ctx.clock, scene, ctx.levels[0]["countdown_s"] + 1.0)
    frames = []
    for _ in range(240):
        run(ctx.clock, scene, 1 / 60)
        scene.draw(screen)
        frames.append(pygame.surfarray.pixels3d(screen)[::4, ::4].copy())
    windows = _windows(_lum(frames), (80, 45), (40, 22))  # on the 1/4 picture
    assert _flashes_per_second(windows, 60.0) <= MAX_FLASH_HZ


def test_the_flash_counter_sees_a_fast_flash() -> None:
    dark, bright = np.zeros((2, 2, 3), np.uint8), np.full((2, 2, 3), 255, np.uint8)
    fast = [bright if (i // 5) % 2 else dark for i in range(120)]  # 6 flashes a second
    slow = [bright if (i // 30) % 2 else dark for i in range(120)]  # 1 a second
    assert _flashes_per_second(_lum(fast), 60.0) == pytest.approx(6, abs=0.5)
    assert _flashes_per_second(_lum(slow), 60.0) <= 1.0
