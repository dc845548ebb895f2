"""When a camera frame was exposed, on the one monotonic clock.

A webcam frame reaches the program (``grab()`` returns) after exposure, read-out, USB
transfer and decoding: typically 30-100 ms.  Stamped at its arrival, that delay would land
inside every movement onset and be counted as the patient's reaction time.
:class:`CaptureClock` turns (arrival time, the driver's own per-frame timestamp if any)
into ``t_capture_s``, by the best method the camera allows; the method and the delay
between capture and arrival are stored with every session.

Methods (``CaptureClock.method``):

``driver``
    The back-end gives a per-frame timestamp on the program's clock: on Linux, OpenCV's
    V4L2 back-end reports the kernel's buffer timestamp (``CAP_PROP_POS_MSEC``), taken on
    ``CLOCK_MONOTONIC`` when the frame's first data arrived from the camera, the clock of
    :class:`~balancegame.clock.MonotonicClock`.  Recognised by every arrival coming 0-1 s
    after its stamp; used as it is.  What remains uncounted is the exposure's own length
    and the sensor read-out before the first data (a few ms to a frame period).
``driver+offset``
    The back-end's stamps run on another clock (a stream-relative time): they keep the
    frames' true spacing, free of the arrival jitter, and are mapped onto the program's
    clock by the smallest arrival gap seen (over the last ``window`` frames).  The delay of
    that quickest frame is not known and not corrected (so the delay is underestimated by
    it, a few ms to tens of ms).
``estimated``
    No stamps: arrival time minus ``estimated_delay_s`` (default 1.5 frame periods at
    30 fps: half an exposure, a read-out, transfer; the typical figure for a USB webcam,
    not a measurement of this one).
``arrival``
    Stamped at arrival, nothing subtracted (``estimated_delay_s=0``): a simulated source
    with no delay, or a caller that wants the old behaviour.

A driver stamp equal to or earlier than the previous one would corrupt every interval
computed from it: that frame is dropped and counted (as Pupil's capture does).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

ESTIMATED_WEBCAM_DELAY_S = 1.5 / 30.0
SAME_CLOCK_MAX_GAP_S = 1.0


@dataclass(frozen=True)
class CaptureTiming:
    """What a session stores about how its frames were stamped."""

    method: str
    delay_ms_p50: float  # arrival - capture, median of the recent frames (nan: none yet)
    delay_ms_p95: float
    dropped_duplicate: int
    dropped_backwards: int

    def as_dict(self) -> dict[str, object]:
        """For a session's settings: no nan (JSON has none; a missing figure is null)."""
        return {"capture_clock": self.method,
                "capture_delay_ms_p50": _rounded_or_none(self.delay_ms_p50),
                "capture_delay_ms_p95": _rounded_or_none(self.delay_ms_p95),
                "timestamps_dropped_duplicate": self.dropped_duplicate,
                "timestamps_dropped_backwards": self.dropped_backwards}


def _rounded_or_none(value: float) -> float | None:
    return round(float(value), 1) if np.isfinite(value) else None


class CaptureClock:
    """Stamps the frames of one camera; call :meth:`stamp` from its capture thread."""

    def __init__(self, *, estimated_delay_s: float = ESTIMATED_WEBCAM_DELAY_S,
                 window: int = 300) -> None:
        if estimated_delay_s < 0:
            raise ValueError(f"estimated_delay_s={estimated_delay_s}: a delay is not negative")
        self.estimated_delay_s = float(estimated_delay_s)
        self._gaps_s: deque[float] = deque(maxlen=window)  # arrival - driver stamp
        self._delays_s: deque[float] = deque(maxlen=60)  # arrival - capture
        self._same_clock = True
        self._has_driver = False
        self._last_driver_s = float("-inf")
        self.dropped_duplicate = 0
        self.dropped_backwards = 0

    @property
    def method(self) -> str:
        if self._has_driver:
            return "driver" if self._same_clock else "driver+offset"
        return "estimated" if self.estimated_delay_s > 0 else "arrival"

    def stamp(self, t_arrival_s: float, t_driver_s: float | None) -> float | None:
        """``t_capture_s`` for a frame that arrived at ``t_arrival_s``; None: drop it.

        ``t_driver_s`` is the back-end's timestamp in seconds, or None when it gives
        none (OpenCV reports 0 or -1 then: pass None).
        """
        if t_driver_s is None or not np.isfinite(t_driver_s):
            if self._has_driver:  # stamps stopped: the back-end is not trustworthy now
                self._has_driver = False
            t_capture_s = t_arrival_s - self.estimated_delay_s
        else:
            if t_driver_s == self._last_driver_s:
                self.dropped_duplicate += 1
                return None
            if t_driver_s < self._last_driver_s:
                self.dropped_backwards += 1
                return None
            self._last_driver_s = t_driver_s
            self._has_driver = True
            gap_s = t_arrival_s - t_driver_s
            self._gaps_s.append(gap_s)
            if not 0.0 <= gap_s <= SAME_CLOCK_MAX_GAP_S:
                self._same_clock = False
            t_capture_s = (t_driver_s if self._same_clock
                           else t_driver_s + min(self._gaps_s))
        self._delays_s.append(t_arrival_s - t_capture_s)
        return t_capture_s

    def timing(self) -> CaptureTiming:
        d = np.array(self._delays_s) * 1e3
        return CaptureTiming(self.method,
                             float(np.percentile(d, 50)) if d.size else float("nan"),
                             float(np.percentile(d, 95)) if d.size else float("nan"),
                             self.dropped_duplicate, self.dropped_backwards)
