"""The tracking worker: source -> pose -> body signals on a background thread.

The game never waits on the camera: it reads :meth:`TrackingWorker.latest`
every tick, which returns at once with the newest result (or ``None`` before
the first).  MediaPipe releases the GIL during inference (measured: a busy
Python loop on the main thread saw gaps of at most 4 ms while pose ran at
34 Hz beside it), so a thread is enough and a process would only add copies.
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from balancegame.body.signals import BodySignalExtractor
from balancegame.capture.base import FrameSource, LatestFrameSlot, SourceEnded, SourceError
from balancegame.clock import Clock
from balancegame.messages import BodySignals, Frame, TrackedFrame, TrackerHealth
from balancegame.pose.estimator import PoseEstimator

_WINDOW = 60  # samples in the rolling health figures (~2 s at 30 Hz)


class LentFrames:
    """The camera's frames, lent out by the worker instead of going to pose (the
    display-delay check needs every frame, and pose would only slow it): a
    :class:`~balancegame.capture.base.FrameSource` over a newest-frame slot, started
    already; ``close()`` gives the camera back to pose."""

    def __init__(self, source: FrameSource, worker: TrackingWorker) -> None:
        self.name = source.name
        self.clock_method = getattr(source, "clock_method", "unknown")
        self._slot = LatestFrameSlot()
        self._worker = worker

    def start(self) -> None:
        """Already started: the worker's camera is running."""

    def put(self, frame: Frame) -> None:
        self._slot.put(frame)

    def next_frame(self, timeout_s: float) -> Frame | None:
        return self._slot.take(timeout_s)

    @property
    def frames_dropped(self) -> int:
        return self._slot.dropped

    def close(self) -> None:
        self._worker._lent = None


class TrackingWorker:
    """Runs the pipeline until stopped; publishes the newest result and health.

    Consumers that need every sample, not just the newest (the session log,
    reaction-time detection), call :meth:`drain` each tick: it returns the
    body signals produced since the previous call, in capture order.
    """

    def __init__(
        self,
        source: FrameSource,
        estimator: PoseEstimator,
        extractor: BodySignalExtractor,
        clock: Clock,
        max_backlog: int = 3000,
    ) -> None:
        self._source = source
        self._estimator = estimator
        self.extractor = extractor
        self._clock = clock
        self._backlog: deque[BodySignals] = deque(maxlen=max_backlog)
        self._lock = threading.Lock()
        self._latest: TrackedFrame | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._latency_s: deque[float] = deque(maxlen=_WINDOW)
        self._arrival_delay_s: deque[float] = deque(maxlen=_WINDOW)
        self._done_t_s: deque[float] = deque(maxlen=_WINDOW)
        self._captured = 0
        self._processed = 0
        self._error = ""
        self._finished = False
        self._recalibrate = threading.Event()
        self._lent: LentFrames | None = None

    def start(self) -> None:
        """Start the worker thread; the source must have been started already."""
        self._thread = threading.Thread(target=self._run, name="tracking", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
        self._source.close()
        self._estimator.close()

    def latest(self) -> TrackedFrame | None:
        with self._lock:
            return self._latest

    def drain(self) -> list[BodySignals]:
        """Every body signal produced since the last call, oldest first."""
        with self._lock:
            out = list(self._backlog)
            self._backlog.clear()
            return out

    def lend_frames(self) -> LentFrames:
        """Hand every camera frame to the returned source instead of pose, until it is
        closed; meanwhile ``latest()`` and the body signals stand still."""
        self._lent = LentFrames(self._source, self)
        return self._lent

    def scale_ready(self) -> bool:
        """True once the body scale (cm per pixel) is measured and frozen."""
        return self.extractor.cm_per_px is not None

    def request_recalibration(self) -> None:
        """Ask the worker thread to restart the body scale (thread-safe)."""
        self._recalibrate.set()

    def health(self) -> TrackerHealth:
        with self._lock:
            lat = np.array(self._latency_s)
            done = np.array(self._done_t_s)
            pose_hz = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 2 else 0.0
            latest = self._latest
            arrival = np.array(self._arrival_delay_s)
            # Read each tick by the game: the stamper's attributes, not its percentiles.
            stamps = getattr(self._source, "capture_stamps", None)
            return TrackerHealth(
                source_ok=not self._error,
                source_error=self._error,
                frames_captured=self._captured,
                frames_processed=self._processed,
                frames_dropped=self._source.frames_dropped,
                pose_hz=float(pose_hz),
                latency_ms_p50=float(np.percentile(lat, 50) * 1e3) if len(lat) else float("nan"),
                latency_ms_p95=float(np.percentile(lat, 95) * 1e3) if len(lat) else float("nan"),
                t_last_frame_s=latest.frame.t_capture_s if latest else float("nan"),
                finished=self._finished,
                capture_clock=stamps.method if stamps else "",
                capture_delay_ms_p50=(float(np.median(arrival) * 1e3) if arrival.size
                                      else float("nan")),
                timestamps_dropped=(stamps.dropped_duplicate + stamps.dropped_backwards
                                    if stamps else 0),
            )

    def _run(self) -> None:
        while not self._stop.is_set() and self.step(timeout_s=0.1):
            pass

    def step(self, timeout_s: float) -> bool:
        """Take the newest frame (waiting at most ``timeout_s``) through pose; False when
        the source has ended.  The worker thread calls it in a loop; a single-threaded
        loop (the realtime benchmark's naive loop) may call it itself, without start()."""
        try:
            frame = self._source.next_frame(timeout_s=timeout_s)
        except SourceEnded:
            with self._lock:
                self._finished = True
            return False
        except SourceError as exc:
            with self._lock:
                self._error = exc.message
            # A camera that vanished: keep trying, the source reconnects.
            self._stop.wait(0.2)
            return True
        if frame is None:
            return True
        lent = self._lent
        if lent is not None:
            lent.put(frame)
            return True
        if self._recalibrate.is_set():
            self._recalibrate.clear()
            self.extractor.recalibrate()
        pose = self._estimator.estimate(frame)
        signals = self.extractor.update(pose, self._clock.now_s())
        result = TrackedFrame(frame, pose, signals)
        with self._lock:
            self._error = ""
            self._captured = frame.index + 1
            self._processed += 1
            self._latest = result
            self._latency_s.append(signals.t_ready_s - frame.t_capture_s)
            if np.isfinite(frame.t_arrival_s):
                self._arrival_delay_s.append(frame.t_arrival_s - frame.t_capture_s)
            self._done_t_s.append(signals.t_ready_s)
            self._backlog.append(signals)
        return True
