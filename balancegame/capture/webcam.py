"""A webcam through OpenCV, grabbed on its own thread, newest frame only."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import cv2

from balancegame.capture.base import SourceError
from balancegame.capture.threaded import ThreadedSource
from balancegame.capture.timing import CaptureClock, CaptureTiming
from balancegame.clock import Clock
from balancegame.messages import Frame

NO_CAMERA_HINT = (
    "Check that the webcam is plugged in and not in use by another program "
    "(video call, browser tab).  To try balancegame without a camera, run: balancegame demo"
)


def camera_model(index: int) -> str:
    """The camera's model name where the system tells it (Linux: V4L2's name for
    /dev/video<index>, the device OpenCV opens), else ''."""
    if not sys.platform.startswith("linux"):
        return ""
    try:
        return Path(f"/sys/class/video4linux/video{index}/name").read_text().strip()[:60]
    except OSError:
        return ""


class WebcamSource(ThreadedSource):
    """Camera ``index`` at the requested size; reconnects when it disappears.

    Frames are stamped by a :class:`~balancegame.capture.timing.CaptureClock`: with the
    driver's own buffer timestamp where the back-end gives one (V4L2 on Linux), else at
    ``grab()``'s return minus an estimated camera delay; ``capture_timing()`` says which
    and the delay measured between the two.  OpenCV's own buffer is set to one frame
    where the backend allows it, and our slot keeps only the newest, so a slow consumer
    never reads stale images (the classic OpenCV latency trap).
    """

    @property
    def clock_method(self) -> str:
        """How this camera's frames are stamped (capture/timing.py's method names)."""
        return self._stamps.method

    def __init__(self, index: int, clock: Clock, *, width_px: int = 640, height_px: int = 480,
                 fps: float = 30.0, lost_after_s: float = 1.0, retry_every_s: float = 1.0) -> None:
        super().__init__()
        self.index = index
        self.name = f"camera:{index}"
        self._clock = clock
        self._size = (width_px, height_px)
        self._fps = fps
        self._lost_after_s = lost_after_s
        self._retry_every_s = retry_every_s
        self._cap: cv2.VideoCapture | None = None
        self._lost = threading.Event()
        self._count = 0
        self._stamps = CaptureClock(estimated_delay_s=1.5 / fps)

    @property
    def capture_stamps(self) -> CaptureClock:
        """The stamper of this source's frames (its method and dropped counts are cheap)."""
        return self._stamps

    def capture_timing(self) -> CaptureTiming:
        return self._stamps.timing()

    def _open(self) -> cv2.VideoCapture | None:
        # OpenCV logs a WARN and an ERROR line for a missing camera; we say it
        # better ourselves, so its log is muted for the attempt.
        level = cv2.getLogLevel()
        cv2.setLogLevel(0)
        try:
            cap = cv2.VideoCapture(self.index)
        finally:
            cv2.setLogLevel(level)
        if not cap.isOpened():
            cap.release()
            return None
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        cap.set(cv2.CAP_PROP_FPS, self._fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return cap

    @property
    def label(self) -> str:
        """``camera:N``, with the model where the system tells it: the camera's name in
        the display-delay checks."""
        model = camera_model(self.index)
        return self.name + (f" ({model})" if model else "")

    def start(self) -> None:
        self._cap = self._open()
        if self._cap is None:
            raise SourceError(f"No camera found at index {self.index}.", NO_CAMERA_HINT)
        self._start_thread()

    def _run(self) -> None:
        last_ok_s = self._clock.now_s()
        while not self._stop.is_set():
            cap = self._cap
            if cap is None:
                self._stop.wait(self._retry_every_s)
                self._cap = self._open()
                continue
            if not cap.grab():
                if self._clock.now_s() - last_ok_s > self._lost_after_s:
                    self._lost.set()
                    cap.release()
                    self._cap = None
                else:
                    self._stop.wait(0.01)
                continue
            t_arrival_s = self._clock.now_s()
            driver_ms = cap.get(cv2.CAP_PROP_POS_MSEC)  # 0 or -1: the back-end has none
            t_capture_s = self._stamps.stamp(t_arrival_s,
                                             driver_ms / 1e3 if driver_ms > 0 else None)
            ok, image = cap.retrieve()
            if not ok or image is None or t_capture_s is None:
                continue
            last_ok_s = t_arrival_s
            self._lost.clear()
            self._slot.put(Frame(image, t_capture_s, self._count, self.name, t_arrival_s))
            self._count += 1

    def next_frame(self, timeout_s: float) -> Frame | None:
        frame = super().next_frame(timeout_s)
        if frame is None and self._lost.is_set():
            raise SourceError(f"The camera ({self.name}) stopped sending images.",
                              "Check its cable; the game resumes when it is back.")
        return frame

    def _release(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
