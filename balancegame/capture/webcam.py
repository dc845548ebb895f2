"""A webcam through OpenCV, grabbed on its own thread, newest frame only."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import cv2

from balancegame.capture.base import SourceError
from balancegame.capture.threaded import ThreadedSource
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

    Frames are stamped right after ``grab()`` returns, i.e. when the driver
    handed the image over, which is as close to exposure as OpenCV lets us
    get portably (``clock_method``).  OpenCV's own buffer is set to one frame where the backend
    allows it, and our slot keeps only the newest, so a slow consumer never
    reads stale images (the classic OpenCV latency trap).
    """

    clock_method = "perf_counter right after grab() returns"

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
            t_capture_s = self._clock.now_s()
            ok, image = cap.retrieve()
            if not ok or image is None:
                continue
            last_ok_s = t_capture_s
            self._lost.clear()
            self._slot.put(Frame(image, t_capture_s, self._count, self.name))
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
