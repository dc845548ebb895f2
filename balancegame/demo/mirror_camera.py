"""A simulated camera that sees the screen in a mirror, for the display-delay check.

The check tells it what the screen shows at each flip (:meth:`MirrorCamera.show`, the
check's ``on_flip``); it makes camera frames at ``fps`` whose screen region follows
the panel, with the imperfections of a real one:

- the panel changes ``display_delay_s`` after the flip (what the check measures) and
  takes ``response_s`` to reach its new level (a linear ramp, like an LCD);
- each frame integrates the panel over its exposure (``exposure_s``, centred on the
  frame's time), so a flash can be partly visible in one frame;
- the screen fills ``screen_fraction`` of the image; the rest is the room, which
  does not change; Gaussian pixel noise ``noise_sd`` and 8-bit rounding on all;
- the camera runs on its own crystal: frame k's exposure middle is
  ``t0 + phase + k / (fps * (1 + rate_error))`` (a random phase within one period, and
  a rate a little off the nominal one, so its frames drift against the display's
  refresh as a real camera's do) plus Gaussian ``jitter_s`` (clipped to 3 sd);
  ``t_capture_s`` is that middle plus ``camera_delay_s`` (a camera that
  stamps late, as a real one stamping after ``grab()`` does); a frame is handed out
  no earlier than both its stamp and the end of its exposure;
- ``sees_screen=False``: the camera looks at a blank wall;
- ``repeat_stamp_every=n``: every n-th frame carries the previous frame's stamp
  (a driver fault the check must drop and count).

What the check should report is ``display_delay_s + camera_delay_s`` plus half the
panel's ``response_s`` (the check times the half-way point of a change):
:attr:`MirrorCamera.true_latency_ms`.  Like the puppet it is a pull source on the
injected clock: ``next_frame`` returns the newest frame due, never one before its time,
and counts the frames it skipped in ``frames_dropped``.  :meth:`show` may be called
from any thread.
"""

from __future__ import annotations

import math
import threading
from typing import Protocol

import numpy as np

from balancegame.capture.base import SourceEnded
from balancegame.messages import Frame

_EXPOSURE_SAMPLES = 48  # midpoint rule over the exposure window


class PacingClock(Protocol):
    def now_s(self) -> float: ...

    def sleep_until(self, t_s: float) -> None: ...


class MirrorCamera:
    """A :class:`~balancegame.capture.base.FrameSource` of a screen seen in a mirror."""

    clock_method = "simulated: exposure middle + camera delay"

    def __init__(self, clock: PacingClock, rng: np.random.Generator, *,
                 display_delay_s: float = 0.060, camera_delay_s: float = 0.0,
                 fps: float = 30.0, rate_error: float = 0.001,
                 exposure_s: float | None = None,
                 response_s: float = 0.004, jitter_s: float = 0.0005, noise_sd: float = 3.0,
                 size_px: tuple[int, int] = (320, 240), screen_fraction: float = 0.4,
                 dark_grey: float = 25.0, bright_grey: float = 190.0,
                 room_grey: float = 90.0, sees_screen: bool = True,
                 repeat_stamp_every: int = 0, name: str = "mirror camera (simulated)") -> None:
        exposure_s = 1.0 / fps if exposure_s is None else exposure_s
        if not 1.0 <= fps <= 240.0 or not 0 < exposure_s <= 1.0 / fps:
            raise ValueError(f"fps={fps}, exposure_s={exposure_s}: expected 1-240 fps and "
                             "an exposure no longer than the frame period")
        if display_delay_s < 0 or camera_delay_s < 0 or not 0 < screen_fraction <= 1:
            raise ValueError(f"display_delay_s={display_delay_s}, camera_delay_s="
                             f"{camera_delay_s}, screen_fraction={screen_fraction}")
        self.name = name
        self.display_delay_s = float(display_delay_s)
        self.camera_delay_s = float(camera_delay_s)
        self.fps = float(fps)
        self.period_s = 1.0 / (fps * (1.0 + rate_error))
        self.exposure_s = float(exposure_s)
        self.response_s = max(float(response_s), 1e-6)
        self.sees_screen = sees_screen
        self.repeat_stamp_every = int(repeat_stamp_every)
        self._jitter_max_s = 3.0 * jitter_s
        self._jitter_s = float(jitter_s)
        self._noise_sd = float(noise_sd)
        self._levels = (float(dark_grey), float(bright_grey), float(room_grey))
        self._size = size_px
        w, h = size_px
        side = math.sqrt(screen_fraction)
        sw, sh = int(w * side), int(h * side)
        self._screen_box = (slice((h - sh) // 2, (h - sh) // 2 + sh),
                            slice((w - sw) // 2, (w - sw) // 2 + sw))
        self._clock = clock
        self._rng = rng
        self._lock = threading.Lock()
        self._changes: list[tuple[float, float]] = []  # (flip time s, panel level 0-1)
        self._t0_s: float | None = None
        self._next_index = 0
        self._dropped = 0
        self._last_stamp_s = -math.inf
        self._closed = False

    @property
    def true_latency_ms(self) -> float:
        """Flip to the panel's half-way point, on the stamps' clock, ms."""
        return (self.display_delay_s + self.camera_delay_s + self.response_s / 2) * 1000.0

    def show(self, t_flip_s: float, level: float) -> None:
        """The flip at ``t_flip_s`` put ``level`` (0 dark - 1 bright) on the screen."""
        with self._lock:
            self._changes.append((float(t_flip_s), min(max(float(level), 0.0), 1.0)))
            self._changes.sort()

    def panel_level(self, t_s: np.ndarray) -> np.ndarray:
        """The panel's light (0-1) at times ``t_s``: each flip's level, reached
        ``display_delay_s`` after it over ``response_s``."""
        t = np.asarray(t_s, dtype=np.float64)
        out = np.zeros_like(t)
        previous = 0.0
        with self._lock:
            changes = list(self._changes)
        for t_flip_s, level in changes:
            ramp = np.clip((t - t_flip_s - self.display_delay_s) / self.response_s, 0.0, 1.0)
            out += (level - previous) * ramp
            previous = level
        return out

    # ---------------------------------------------------------------- FrameSource
    def start(self) -> None:
        self._t0_s = self._clock.now_s() + float(self._rng.uniform(0.0, self.period_s))
        self._next_index = 0
        self._dropped = 0
        self._closed = False

    def _due_s(self, index: int) -> float:
        """When frame ``index`` can be handed out (its latest possible exposure end)."""
        assert self._t0_s is not None, "MirrorCamera.start() was not called"
        mid_s = self._t0_s + index * self.period_s
        return mid_s + self._jitter_max_s + max(self.camera_delay_s, self.exposure_s / 2)

    def next_frame(self, timeout_s: float) -> Frame | None:
        if self._closed:
            raise SourceEnded()
        now_s = self._clock.now_s()
        index = self._next_index
        if self._due_s(index) > now_s:
            wait_until_s = min(self._due_s(index), now_s + max(0.0, timeout_s))
            self._clock.sleep_until(wait_until_s)
            if self._due_s(index) > self._clock.now_s():
                return None
            now_s = self._clock.now_s()
        newest = index
        while self._due_s(newest + 1) <= now_s:  # late: the newest frame wins
            newest += 1
        self._dropped += newest - index
        self._next_index = newest + 1
        return self._render(newest)

    def _render(self, index: int) -> Frame:
        assert self._t0_s is not None
        jitter_s = float(np.clip(self._rng.normal(0.0, self._jitter_s), -self._jitter_max_s,
                                 self._jitter_max_s)) if self._jitter_s > 0 else 0.0
        mid_s = self._t0_s + index * self.period_s + jitter_s
        dark, bright, room = self._levels
        w, h = self._size
        grey = np.full((h, w), room, dtype=np.float64)
        if self.sees_screen:
            offsets = (np.arange(_EXPOSURE_SAMPLES) + 0.5) / _EXPOSURE_SAMPLES - 0.5
            light = float(self.panel_level(mid_s + offsets * self.exposure_s).mean())
            grey[self._screen_box] = dark + (bright - dark) * light
        grey += self._rng.normal(0.0, self._noise_sd, size=grey.shape)
        image = np.repeat(np.clip(np.rint(grey), 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
        stamp_s = mid_s + self.camera_delay_s
        if self.repeat_stamp_every and index % self.repeat_stamp_every == \
                self.repeat_stamp_every - 1 and math.isfinite(self._last_stamp_s):
            stamp_s = self._last_stamp_s  # the driver fault: a repeated stamp
        self._last_stamp_s = stamp_s
        return Frame(image, stamp_s, index, self.name)

    @property
    def frames_dropped(self) -> int:
        return self._dropped

    def close(self) -> None:
        self._closed = True
