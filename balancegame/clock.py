"""One monotonic clock for the whole program.

Every frame is stamped with ``clock.now_s()`` when it is grabbed, every stimulus
onset right after ``pygame.display.flip()``; reaction times are differences of
these stamps, so they must come from the same clock. ``time.time()`` is never
used for intervals (it jumps with NTP and daylight saving).
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """A monotonic source of seconds; values only ever increase."""

    def now_s(self) -> float:
        """Seconds since an arbitrary, fixed origin."""
        ...


class PacingClock(Clock, Protocol):
    """A clock a source can wait on: MonotonicClock and FakeClock both fit."""

    def sleep_until(self, t_s: float) -> None: ...


class MonotonicClock:
    """The real clock: ``time.perf_counter`` (monotonic, sub-microsecond)."""

    def now_s(self) -> float:
        return time.perf_counter()

    def sleep_until(self, t_s: float) -> None:
        delay = t_s - self.now_s()
        if delay > 0:
            time.sleep(delay)


class FakeClock:
    """A clock for tests and fast offline runs: time moves only when told to.

    Thread-safe, so a capture thread and a game loop may share it.
    """

    def __init__(self, start_s: float = 0.0) -> None:
        self._t = float(start_s)
        self._lock = threading.Lock()

    def now_s(self) -> float:
        with self._lock:
            return self._t

    def advance(self, dt_s: float) -> float:
        if dt_s < 0:
            raise ValueError(f"a clock cannot go back (dt_s={dt_s})")
        with self._lock:
            self._t += dt_s
            return self._t

    def sleep_until(self, t_s: float) -> None:
        with self._lock:
            if t_s > self._t:
                self._t = t_s
