"""Is anyone else in view?  A slow second look beside the tracking worker.

A few times a second (``interval_s``), on its own thread, the watch takes the tracking
worker's newest frame and the patient's landmarks, runs MediaPipe's pose detector
(pose/people.py) on the whole frame and on the strips beside the patient, and counts the
other people.  A second person is reported when 2 of the last 3 checks found one (one check
can be fooled by a poster or a coat on a chair), and cleared when 2 of the last 3 found
none.  The game pauses on it (game/scenes/level.py); the detector never slows the game: it
runs here, and MediaPipe releases the GIL while it works.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from balancegame.messages import TrackedFrame
from balancegame.pose.people import Person, other_people, patient_box, strips_beside
from balancegame.priority import BACKGROUND_NICE, lower_this_thread

INTERVAL_S = 0.4  # 2.5 checks a second: 2 of 3 agree within about a second
VOTES, NEEDED = 3, 2
NICE = BACKGROUND_NICE  # the watch's threads: after pose and the game


@dataclass(frozen=True)
class PeopleState:
    second_person: bool = False
    others_last_check: int = 0
    checks: int = 0
    check_ms_p50: float = float("nan")  # what one check costs (detector calls)


def count_others(detector, tracked: TrackedFrame) -> list[Person]:
    """The other people in one frame: the whole frame, then the strips beside the patient."""
    rgb = cv2.cvtColor(tracked.frame.image_bgr, cv2.COLOR_BGR2RGB)
    h, w = rgb.shape[:2]
    box = patient_box(tracked.pose.landmarks_px)
    found = detector.detect(rgb)
    for x0, x1 in strips_beside(box, w):
        found += detector.detect(rgb[:, x0:x1], (x0, 0))
    return other_people(found, box, h)


class Vote:
    """2 of the last 3 checks decide, both ways."""

    def __init__(self) -> None:
        self._last: deque[bool] = deque(maxlen=VOTES)
        self.present = False

    def add(self, someone_else: bool) -> bool:
        self._last.append(someone_else)
        hits = sum(self._last)
        if hits >= NEEDED:
            self.present = True
        elif len(self._last) - hits >= NEEDED:
            self.present = False
        return self.present


def _lower_priority() -> None:
    """Make this thread yield to pose and the game when the cores are busy (its detector's
    threads inherit it).  Measured on 2 quiet cores: the watch costs no game frame rate or
    pose rate (61 FPS, 30 Hz either way) but about 2 ms of marker lag at 100 ms camera delay
    (median of 6 runs 20.7 ms against 18.9 without), with or without the lower priority."""
    lower_this_thread(NICE)


class PeopleWatch:
    """``latest`` gives the tracker's newest frame (TrackingWorker.latest); ``detector`` a
    :class:`~balancegame.pose.people.PersonDetector` (made on the watch's thread if a
    factory is given, so MediaPipe's graph lives where it is used)."""

    def __init__(self, latest: Callable[[], TrackedFrame | None], detector_factory,
                 interval_s: float = INTERVAL_S) -> None:
        self._latest = latest
        self._factory = detector_factory
        self.interval_s = interval_s
        self._vote = Vote()
        self._state = PeopleState()
        self._costs_ms: deque[float] = deque(maxlen=30)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_index = -1

    @classmethod
    def started(cls, latest: Callable[[], TrackedFrame | None]) -> PeopleWatch:
        """A watch with MediaPipe's detector, running."""
        from balancegame.pose.people import PersonDetector

        watch = cls(latest, PersonDetector)
        watch.start()
        return watch

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="people", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def state(self) -> PeopleState:
        with self._lock:
            return self._state

    def _run(self) -> None:
        _lower_priority()  # before the detector's graph makes its threads: they inherit it
        detector = self._factory()
        try:
            while not self._stop.wait(self.interval_s):
                self.check(detector)
        finally:
            detector.close()

    def check(self, detector) -> PeopleState | None:
        """One look at the newest frame (a frame already looked at is skipped)."""
        tracked = self._latest()
        if tracked is None or tracked.frame.index == self._last_index:
            return None
        self._last_index = tracked.frame.index
        t0 = time.perf_counter()
        others = count_others(detector, tracked)
        self._costs_ms.append((time.perf_counter() - t0) * 1e3)
        present = self._vote.add(bool(others))
        with self._lock:
            self._state = PeopleState(present, len(others), self._state.checks + 1,
                                      float(np.median(self._costs_ms)))
            return self._state
