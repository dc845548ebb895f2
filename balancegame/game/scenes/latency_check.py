"""The display-delay check's screen (``balancegame latency``): instructions, about 20
flashes at irregular intervals, then the result or what to try.

The camera, turned to the screen through a mirror, films the flashes; every change
of the patch is recorded at its flip (the stimulus-onset rule of the game loop) and
the frames' own capture times say when the camera saw it
(:mod:`balancegame.measures.flash_latency`).  At most 1.25 flashes a second: well
below the 3 a second that can set off photosensitive seizures (WCAG 2.3.1), and the
instructions say to look away.

:class:`LatencyCheckScene` needs no session (it runs alone: ``balancegame latency``)
and implements :class:`balancegame.game.loop.Scene` itself; :class:`SetupLatencyCheck`
is the same check offered from the camera check (key L).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pygame

from balancegame import __version__
from balancegame.capture.base import FrameSource, SourceEnded
from balancegame.errors import LatencyCheckError, SourceError
from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.measures.flash_latency import (
    N_FLASHES,
    TAIL_S,
    LatencyResult,
    ScreenChange,
    analyse_flashes,
    cell_means,
    flash_schedule,
)

INSTRUCTION = "Turn the laptop towards a mirror so the camera can see the screen"
FLASH_WHITE = (255, 255, 255)
BAND_PX = 70  # the strip under the flashing patch, for the progress line
NO_FRAMES_S = 5.0  # no camera image this long into the flashing: stop and say so


class LatencyCheckScene:
    """``on_flip(t_flip_s, level)`` hears every change of the patch (0 dark, 1 bright:
    the simulated camera's hook); ``on_result(result)`` stores a result and returns
    the line to show about it.  After the scene, ``result`` or ``failure`` is set, or
    ``cancelled`` (Esc)."""

    def __init__(self, source: FrameSource, rng: np.random.Generator, *,
                 on_flip: Callable[[float, float], None] | None = None,
                 on_result: Callable[[LatencyResult], str] | None = None,
                 headless: bool = False, n_flashes: int = N_FLASHES) -> None:
        self.source = source
        self.schedule = flash_schedule(rng, n_flashes)
        self.on_flip = on_flip
        self._on_result = on_result
        self._headless = headless
        self.phase = "instructions"
        self._left_s = 0.0 if headless else 20.0
        self.done = self.quit = self.cancelled = False
        self.end_reason = ""
        self._t_start_s: float | None = None
        self._bright = False
        self._shown: bool | None = None
        self.changes: list[ScreenChange] = []
        self.flip_times_s: list[float] = []
        self._t_s: list[float] = []
        self._cells: list[np.ndarray] = []
        self.result: LatencyResult | None = None
        self.failure: LatencyCheckError | None = None
        self.saved_note = ""

    @property
    def duration_s(self) -> float:
        """How long the flashing lasts."""
        return self.schedule[-1][1] + TAIL_S

    # ---------------------------------------------------------------- Scene
    def handle_key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            self.cancelled = True
            self.end_session("cancelled (Esc)")
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) \
                and self.phase != "flashing":
            self._left_s = 0.0

    def end_session(self, reason: str) -> None:
        self.end_reason = reason
        self.quit = True

    def update(self, dt_s: float, now_s: float) -> None:
        if self.done or self.quit:
            return
        if self.phase == "flashing":
            self._flash_step(now_s)
            return
        self._left_s -= dt_s
        if self._left_s > 0:
            return
        if self.phase == "instructions":
            self.phase, self._t_start_s = "flashing", now_s
            self._poll()  # frames from before the flashing: not wanted
            self._t_s.clear()
            self._cells.clear()
        else:
            self.done = True

    def spoken(self) -> tuple[str, ...]:
        """Nothing: a check for the therapist, and the flashes' timing must not wait."""
        return ()

    def after_flip(self, t_flip_s: float) -> None:
        if self.phase != "flashing":
            return
        self.flip_times_s.append(t_flip_s)
        if self._shown is not self._bright:
            self._shown = self._bright
            self.changes.append(ScreenChange(t_flip_s, self._bright))
            if self.on_flip is not None:
                self.on_flip(t_flip_s, 1.0 if self._bright else 0.0)

    # ---------------------------------------------------------------- the check
    def _flash_step(self, now_s: float) -> None:
        assert self._t_start_s is not None
        t_s = now_s - self._t_start_s
        self._bright = any(on <= t_s < off for on, off in self.schedule)
        try:
            self._poll()
        except SourceError as exc:
            self._finish(LatencyCheckError(exc.message, exc.hint, "camera_error"))
            return
        if not self._t_s and t_s > NO_FRAMES_S or t_s >= self.duration_s:
            self._finish()

    def _poll(self) -> None:
        """Every frame the source has now (a live source keeps only its newest)."""
        while True:
            try:
                frame = self.source.next_frame(0.0)
            except SourceEnded:
                return
            if frame is None:
                return
            self._t_s.append(frame.t_capture_s)
            self._cells.append(cell_means(frame.image_bgr))

    def _finish(self, failure: LatencyCheckError | None = None) -> None:
        self.phase, self._bright = "result", False
        self._left_s = 0.0 if self._headless else 15.0
        if failure is None:
            try:
                self.result = analyse_flashes(self._t_s, self._cells, self.changes)
            except LatencyCheckError as exc:
                failure = exc
        self.failure = failure
        if self.result is not None and self._on_result is not None:
            self.saved_note = self._on_result(self.result)

    @property
    def flashes_shown(self) -> int:
        return sum(c.bright for c in self.changes)

    def stored_detail(self) -> dict:
        """What a stored result keeps besides its headline figures."""
        assert self.result is not None
        flips_ms = np.diff(self.flip_times_s) * 1000.0
        return {**self.result.detail(), "frames_dropped": self.source.frames_dropped,
                "flip_period_ms_median": float(np.median(flips_ms)) if len(flips_ms) else None}

    # ---------------------------------------------------------------- drawing
    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        if self.phase == "flashing":
            surface.fill(theme.BACKGROUND)
            surface.fill(FLASH_WHITE if self._bright else theme.BLACK, (0, 0, w, h - BAND_PX))
            theme.draw_text(surface, f"Measuring the display delay: flash {self.flashes_shown} "
                            f"of {len(self.schedule)}   (Esc: stop)", theme.SMALL,
                            theme.TEXT_DIM, (w // 2, h - BAND_PX // 2), shadow=False)
            return
        surface.fill(theme.BACKGROUND)
        if self.phase == "instructions":
            y = theme.draw_paragraph(surface, INSTRUCTION, theme.LARGE, theme.YELLOW,
                                     (w // 2, 40), w - 120)
            about_s = 5 * math.ceil(self.duration_s / 5)
            theme.draw_paragraph(surface, f"The screen will then flash about once a second "
                                 f"for {about_s} seconds. Look away if flashing bothers you.",
                                 56, theme.TEXT, (w // 2, y + 40), w - 160)
            theme.draw_text(surface, f"Starting in {math.ceil(self._left_s)} s   "
                            "(Enter: start now,  Esc: cancel)", theme.SMALL, theme.TEXT_DIM,
                            (w // 2, h - 50))
        elif self.result is not None:
            r = self.result
            theme.draw_text(surface, f"Display-to-camera delay: {r.median_ms:.0f} ms", theme.LARGE,
                            theme.GOOD_TEXT, (w // 2, 140))
            theme.draw_paragraph(surface, f"Spread {r.p10_ms:.0f} to {r.p90_ms:.0f} ms "
                                 f"(10th to 90th percentile); the camera saw {r.n} of "
                                 f"{r.n_flashes} flashes.", 56, theme.TEXT, (w // 2, 260),
                                 w - 160)
            theme.draw_text(surface, f"{self.saved_note}   (Enter: go on)".strip(),
                            theme.SMALL, theme.TEXT_DIM, (w // 2, h - 50))
        elif self.failure is not None:
            y = theme.draw_paragraph(surface, self.failure.message, theme.MEDIUM, theme.YELLOW,
                                     (w // 2, 40), w - 120)
            theme.draw_paragraph(surface, self.failure.hint, 48, theme.TEXT,
                                 (w // 2, y + 30), w - 160)
            theme.draw_text(surface, "Nothing was stored.   (Enter: go on)", theme.SMALL,
                            theme.TEXT_DIM, (w // 2, h - 50))


class SetupLatencyCheck(LatencyCheckScene):
    """The check run from the camera check (key L): the tracking worker lends its camera
    frames (pose pauses), the result goes to the session's database, and Esc goes back
    to the camera check instead of ending the session."""

    def __init__(self, ctx: GameContext) -> None:
        self.ctx = ctx
        frames = ctx.tracker.lend_frames()
        super().__init__(frames, np.random.default_rng([ctx.seed, 8]), on_result=self._store,
                         headless=ctx.headless)

    def handle_key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            self.cancelled = self.done = True
        else:
            super().handle_key(key)

    def end_session(self, reason: str) -> None:  # the window closed: the session ends
        self.ctx.end_reason = reason
        super().end_session(reason)

    def update(self, dt_s: float, now_s: float) -> None:
        super().update(dt_s, now_s)
        if self.done or self.quit:
            self.source.close()  # the camera goes back to pose

    def _store(self, result: LatencyResult) -> str:
        self.ctx.log.latency_check(
            machine_id=self.ctx.machine_id, camera_name=self.ctx.camera_name,
            clock_method=getattr(self.source, "clock_method", "unknown"),
            median_ms=result.median_ms, iqr_ms=result.iqr_ms, p10_ms=result.p10_ms,
            p90_ms=result.p90_ms, n=result.n, n_flashes=result.n_flashes,
            vsync_granted=self.ctx.vsync, app_version=__version__,
            detail=self.stored_detail())
        return "Saved for this computer and camera."
