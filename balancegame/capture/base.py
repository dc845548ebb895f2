"""The frame-source contract and the newest-frame slot the live sources share."""

from __future__ import annotations

import threading
from typing import Protocol

from balancegame.errors import SourceError
from balancegame.messages import Frame

__all__ = ["FrameSource", "LatestFrameSlot", "SourceEnded", "SourceError"]


class SourceEnded(Exception):
    """A finite source (a video file, a scripted puppet) has no more frames."""


class FrameSource(Protocol):
    """Delivers camera images, each stamped with its capture time.

    Contract:
    - ``start()`` opens the source or raises :class:`SourceError` with a
      message a user can act on.
    - ``next_frame(timeout_s)`` returns the newest frame not returned before,
      waiting at most ``timeout_s``; ``None`` if none came in time (a camera
      that stalls or disappears; the caller decides when that means "lost").
      Live sources keep only the newest frame: stale frames are dropped and
      counted in ``frames_dropped``, never queued.  Raises
      :class:`SourceEnded` when a finite source is exhausted.
    - ``t_capture_s`` of successive frames strictly increases.
    - ``close()`` releases the device; calling it twice is harmless.
    """

    name: str

    def start(self) -> None: ...

    def next_frame(self, timeout_s: float) -> Frame | None: ...

    @property
    def frames_dropped(self) -> int: ...

    def close(self) -> None: ...


class LatestFrameSlot:
    """Holds only the newest frame; a producer thread puts, a consumer takes.

    A frame put before the previous one was taken replaces it and counts as
    dropped, which is what keeps latency bounded when pose runs slower than
    the camera.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._ended = False
        self._last_t_s = float("-inf")
        self.dropped = 0
        self.rejected_non_monotonic = 0

    def put(self, frame: Frame) -> None:
        with self._cond:
            if frame.t_capture_s <= self._last_t_s:
                # Pupil's uvc backend drops such frames too: a timestamp that
                # goes back would corrupt every interval computed from it.
                self.rejected_non_monotonic += 1
                return
            self._last_t_s = frame.t_capture_s
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify_all()

    def end(self) -> None:
        with self._cond:
            self._ended = True
            self._cond.notify_all()

    def take(self, timeout_s: float) -> Frame | None:
        """The newest frame, or None after ``timeout_s``; SourceEnded at end."""
        with self._cond:
            if self._frame is None and not self._ended:
                self._cond.wait(timeout=max(0.0, timeout_s))
            frame, self._frame = self._frame, None
            if frame is None and self._ended:
                raise SourceEnded()
            return frame
