"""What the live sources (webcam, paced video file) share: a capture thread and a newest-frame slot.

A subclass writes :meth:`ThreadedSource._run` (grab frames, ``self._slot.put``
each one, stop when ``self._stop`` is set) and ``_release`` (free the device);
starting the thread, handing out the newest frame, counting drops and closing
are here once.
"""

from __future__ import annotations

import threading

from balancegame.capture.base import LatestFrameSlot
from balancegame.messages import Frame


class ThreadedSource:
    name: str

    def __init__(self) -> None:
        self._slot = LatestFrameSlot()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _start_thread(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        raise NotImplementedError

    def _release(self) -> None:
        """Free the device or file; called once the thread has stopped."""

    def next_frame(self, timeout_s: float) -> Frame | None:
        return self._slot.take(timeout_s)

    @property
    def frames_dropped(self) -> int:
        return self._slot.dropped

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        self._release()
