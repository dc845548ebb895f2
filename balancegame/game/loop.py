"""The frame loop: fixed-timestep rules, separate rendering, onset at the flip.

Rules advance in steps of exactly ``step_s`` (an accumulator, as in arcade's
fixed clock); rendering happens once per display frame.  After a stall (a
window drag, a slow disk) at most ``max_steps_per_frame`` catch-up steps run
and the rest of the backlog is dropped, so the game never runs in fast
forward.  The time just after ``pygame.display.flip()`` returns is handed to
the scene: that is when what was drawn became visible (PsychoPy's
``timeOnFlip``), and it is the stimulus onset of anything drawn for the first
time in that frame.  Before drawing, a scene that wants it is told when the
frame is expected to flip (the draw-to-flip time, averaged): the marker is
drawn where the body will be then (game/feedback.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pygame

from balancegame.clock import Clock


class Scene(Protocol):
    """One screen of the game.  ``done``: its part is over (what comes next is not its
    business, see game/flow.py); ``quit``: end the session now."""

    done: bool
    quit: bool

    def handle_key(self, key: int) -> None: ...

    def end_session(self, reason: str) -> None:
        """Save what there is and set ``quit`` (Esc, a time limit, closing the window)."""

    def update(self, dt_s: float, now_s: float) -> None:
        """Advance the rules by one fixed step; ``now_s`` is the clock at this step."""

    def draw(self, surface: pygame.Surface) -> None: ...

    def after_flip(self, t_flip_s: float) -> None:
        """Called right after the flip that showed the last ``draw``."""

    # Optional: ``before_draw(t_expected_flip_s)``, called just before ``draw`` with when the
    # loop expects that frame's flip (the patient's marker is predicted to it).

    def spoken(self) -> tuple[str, ...]:
        """The screen's main instruction now, as lines to say (game/narrator.py); ()."""


@dataclass
class FrameStats:
    """Display timing: frames, overruns (> 1.2 x target period), periods."""

    target_period_s: float
    frames: int = 0
    overruns: int = 0
    dropped_steps: int = 0
    periods_s: list[float] = field(default_factory=list)

    def record(self, period_s: float) -> None:
        self.frames += 1
        self.periods_s.append(period_s)
        if period_s > 1.2 * self.target_period_s:
            self.overruns += 1


class StepAccumulator:
    """Turns elapsed wall time into a whole number of fixed rule steps."""

    def __init__(self, step_s: float, max_steps_per_frame: int, max_frame_dt_s: float = 0.25):
        self.step_s = step_s
        self.max_steps = max_steps_per_frame
        self.max_frame_dt_s = max_frame_dt_s
        self._acc_s = 0.0

    def steps_for(self, frame_dt_s: float) -> tuple[int, int]:
        """(steps to run now, steps dropped) for a frame that took ``frame_dt_s``."""
        self._acc_s += min(max(frame_dt_s, 0.0), self.max_frame_dt_s)
        n = int(self._acc_s / self.step_s + 1e-9)
        self._acc_s -= n * self.step_s
        if n > self.max_steps:
            dropped = n - self.max_steps
            return self.max_steps, dropped
        return n, 0


class GameLoop:
    def __init__(self, screen: pygame.Surface, clock: Clock, scene: Scene, *,
                 next_scene: Callable[[Scene], Scene | None] = lambda done: None,
                 closing_scene: Callable[[Scene], Scene | None] = lambda ended: None,
                 after_frame: Callable[[Scene], None] = lambda scene: None,
                 step_s: float = 1 / 120, fps: float = 60.0, max_steps_per_frame: int = 8,
                 time_limit_s: float | None = None, screenshot_dir: Path | None = None,
                 screenshot_every_s: float = 1.0) -> None:
        self.screen = screen
        self.clock = clock
        self.scene = scene
        self.next_scene = next_scene  # the session flow: which screen follows a done one
        self.closing_scene = closing_scene  # after the time limit: a last screen, or None
        self._closing = False
        self.after_frame = after_frame  # each shown frame's scene (spoken instructions)
        self.fps = fps
        self.acc = StepAccumulator(step_s, max_steps_per_frame)
        self.stats = FrameStats(1.0 / fps)
        self.time_limit_s = time_limit_s
        self._pg_clock = pygame.time.Clock()
        self.screenshot_dir = screenshot_dir
        self.screenshot_every_s = screenshot_every_s
        self._next_shot_s = 0.0
        self.draw_to_flip_s = 0.004  # running mean; the first frames correct it

    def _maybe_screenshot(self, t_s: float) -> None:
        """Save what the patient sees, for documentation and visual review."""
        if self.screenshot_dir is None or t_s < self._next_shot_s:
            return
        self._next_shot_s = t_s + self.screenshot_every_s
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        name = f"{t_s:07.2f}_{type(self.scene).__name__}.png"
        pygame.image.save(self.screen, str(self.screenshot_dir / name))

    def run(self) -> Scene:
        """Run until a scene quits or the time limit passes; return the last scene."""
        t_start_s = last_s = self.clock.now_s()
        last_flip_s: float | None = None
        while not self.scene.quit:
            for event in pygame.event.get():
                if event.type == pygame.QUIT:
                    self.scene.end_session("window closed")
                elif event.type == pygame.KEYDOWN:
                    self.scene.handle_key(event.key)
            now_s = self.clock.now_s()
            n, dropped = self.acc.steps_for(now_s - last_s)
            self.stats.dropped_steps += dropped
            last_s = now_s
            for i in range(n):
                self.scene.update(self.acc.step_s, now_s - (n - 1 - i) * self.acc.step_s)
                if self.scene.done or self.scene.quit:
                    break
            if self.scene.done and not self.scene.quit:
                following = None if self._closing else self.next_scene(self.scene)
                if following is None:  # the last screen: the session is over
                    break
                self.scene = following
                continue
            t_draw_s = self.clock.now_s()
            before_draw = getattr(self.scene, "before_draw", None)
            if before_draw is not None:
                before_draw(t_draw_s + self.draw_to_flip_s)
            self.scene.draw(self.screen)
            pygame.display.flip()
            t_flip_s = self.clock.now_s()
            self.draw_to_flip_s += 0.1 * (t_flip_s - t_draw_s - self.draw_to_flip_s)
            self.scene.after_flip(t_flip_s)
            self.after_frame(self.scene)
            if last_flip_s is not None:
                self.stats.record(t_flip_s - last_flip_s)
            last_flip_s = t_flip_s
            self._maybe_screenshot(t_flip_s - t_start_s)
            if (self.time_limit_s is not None and not self._closing
                    and t_flip_s - t_start_s >= self.time_limit_s):
                self.scene.end_session("time limit reached (--seconds)")
                last = self.closing_scene(self.scene)  # e.g. the results of the level cut short
                if last is None:
                    break
                self.scene, self._closing = last, True
                continue
            self._pg_clock.tick(self.fps)
        return self.scene
