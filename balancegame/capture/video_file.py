"""A video file as a frame source, paced like a camera or as fast as possible."""

from __future__ import annotations

from pathlib import Path

import cv2

from balancegame.capture.base import SourceEnded, SourceError
from balancegame.capture.threaded import ThreadedSource
from balancegame.clock import Clock
from balancegame.messages import Frame
from balancegame.native_logs import native_stderr_silenced

VIDEO_HINT = "Give a video file OpenCV can decode (for example .mp4 with H.264, or .avi)."


def probe_video(path: Path) -> tuple[cv2.VideoCapture, float, int]:
    """Open ``path``; return the capture, its frame rate and frame count.

    Raises SourceError naming the file and what is wrong with it.
    """
    if not path.exists():
        raise SourceError(f"Video file not found: {path}", "Check the path and spelling.")
    if not path.is_file():
        raise SourceError(f"Not a file: {path}", VIDEO_HINT)
    with native_stderr_silenced():  # FFmpeg's own line ("moov atom not found") for a bad
        cap = cv2.VideoCapture(str(path))  # file: ours, below, says what to do about it
    if not cap.isOpened():
        cap.release()
        raise SourceError(f"Cannot open {path} as a video.", VIDEO_HINT)
    fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
    n_frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    if not 1.0 <= fps <= 1000.0:
        cap.release()
        raise SourceError(f"{path} does not state a usable frame rate (got {fps}).",
                          "Re-encode it with a fixed frame rate, e.g. with ffmpeg -r 30.")
    return cap, fps, n_frames


class VideoFileSource(ThreadedSource):
    """Frames of a video file.

    ``paced=True`` delivers frame i at ``t0 + i / fps`` on the clock, on its own
    thread, newest frame only: the file behaves like a camera, and a slow
    consumer drops frames exactly as it would live.  ``t_capture_s`` is that
    delivery time.
    ``paced=False`` decodes on demand, every frame, as fast as the caller
    reads; ``t_capture_s`` is the file's own time of the frame (i / fps), for
    offline analysis.  ``first_frame`` starts there (index and time are still
    the file's), so that parts of one file can be read by several processes.
    """

    def __init__(self, path: str | Path, clock: Clock, *, paced: bool = True,
                 loop: bool = False, first_frame: int = 0) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = str(self.path)
        self._clock = clock
        self.paced = paced
        self.loop = loop
        self.first_frame = first_frame
        self.fps = 0.0
        self.n_frames = 0
        self._cap: cv2.VideoCapture | None = None
        self._index = 0
        self._pending: cv2.typing.MatLike | None = None  # read by start(), not yet delivered

    def start(self) -> None:
        if self.paced and self.first_frame:
            raise ValueError("first_frame is for paced=False (offline) reading only")
        self._cap, self.fps, self.n_frames = probe_video(self.path)
        image = self._read_first() if self.first_frame > 0 else self._cap.read()[1]
        if image is None:
            self._cap.release()
            if self.first_frame > 0:
                raise SourceError(f"{self.path} has no frame {self.first_frame}.", VIDEO_HINT)
            raise SourceError(f"{self.path} opens but holds no readable frame.", VIDEO_HINT)
        # Kept for the first next_frame(), rather than seeking back and decoding it again.
        self._pending = image
        self._index = self.first_frame
        if self.paced:
            self._start_thread()

    def _read_first(self) -> cv2.typing.MatLike | None:
        """Frame ``first_frame``, exactly.

        OpenCV seeks to the key frame before and decodes forward by timestamp.
        That is exact for every file in ../shared/data, but not for every file
        (edit lists, variable frame rates): the frame reached is checked against
        its time in the file, and if that is not first_frame / fps the frames
        before are grabbed one by one from the start (decoded, not converted).
        """
        assert self._cap is not None
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, self.first_frame)
        ok, image = self._cap.read()
        t_ms = self._cap.get(cv2.CAP_PROP_POS_MSEC)
        if ok and abs(t_ms - 1000.0 * self.first_frame / self.fps) < 500.0 / self.fps:
            return image
        self._cap.release()
        self._cap, _, _ = probe_video(self.path)
        for _ in range(self.first_frame):
            if not self._cap.grab():
                return None
        ok, image = self._cap.read()
        return image if ok else None

    def _read(self) -> cv2.typing.MatLike | None:
        assert self._cap is not None
        if self._pending is not None:
            image, self._pending = self._pending, None
            return image
        ok, image = self._cap.read()
        if not ok and self.loop and self._index > 0:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, image = self._cap.read()
        return image if ok else None

    def _run(self) -> None:  # paced: like a camera
        t0_s = self._clock.now_s()
        i = 0
        while not self._stop.is_set():
            image = self._read()
            if image is None:
                self._slot.end()
                return
            t_s = t0_s + i / self.fps
            self._clock.sleep_until(t_s)
            self._slot.put(Frame(image, t_s, i, self.name))
            self._index = i = i + 1

    def next_frame(self, timeout_s: float) -> Frame | None:
        if self.paced:
            return super().next_frame(timeout_s)
        image = self._read()
        if image is None:
            raise SourceEnded()
        frame = Frame(image, self._index / self.fps, self._index, self.name)
        self._index += 1
        return frame

    def _release(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
