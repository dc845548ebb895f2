"""A one-line progress bar for ``balancegame analyze``, on a terminal only.

A hand-written writer rather than tqdm: it needs a dozen lines (carriage
return, percent, frames, elapsed, remaining), and tqdm would be a new
dependency of the installed package for that.  It writes only when the
stream is a terminal and the recording is long enough to wait for
(:data:`MIN_DURATION_S`); otherwise :func:`progress_bar` returns ``None`` and
``analyze`` is quiet, so logs and pipes get no carriage-return clutter.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

MIN_DURATION_S = 10.0  # shorter recordings are analysed in a few seconds: no bar
BAR_WIDTH = 24


def _clock_text(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:d}:{seconds % 60:02d}"


class ProgressBar:
    """``bar(done)`` redraws at most every ``min_interval_s``; ``bar(done, final=True)`` ends
    the line.  Remaining time is estimated from the rate since the first frame was done
    (the start-up of the pose model is not a rate)."""

    def __init__(self, label: str, total_frames: int, stream: TextIO,
                 min_interval_s: float = 0.25, clock=time.monotonic) -> None:
        self.label, self.total = label, max(1, total_frames)
        self.stream, self.min_interval_s, self._clock = stream, min_interval_s, clock
        self._t0_s = clock()
        self._first: tuple[float, int] | None = None  # (time, frames) of the first report > 0
        self._t_drawn_s = float("-inf")
        self._line_open = False  # drawn, and not yet ended with a newline

    def text(self, done: int, now_s: float) -> str:
        frac = min(1.0, done / self.total)
        filled = int(frac * BAR_WIDTH)
        eta = "--:--"
        if self._first is not None and done > self._first[1]:
            rate = (done - self._first[1]) / max(1e-9, now_s - self._first[0])  # frames / s
            eta = _clock_text((self.total - done) / rate)
        return (f"{self.label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {frac:4.0%} "
                f"{done}/{self.total} frames, {_clock_text(now_s - self._t0_s)} elapsed, "
                f"{eta} left")

    def __call__(self, done: int, final: bool = False) -> None:
        now_s = self._clock()
        if done > 0 and self._first is None:
            self._first = (now_s, done)
        if not final and now_s - self._t_drawn_s < self.min_interval_s:
            return
        self._t_drawn_s = now_s
        self.stream.write("\r" + self.text(done, now_s) + ("\n" if final else ""))
        self.stream.flush()
        self._line_open = not final

    def close(self) -> None:
        """End the line if the bar was cut short, so an error message starts on its own."""
        if self._line_open:
            self.stream.write("\n")
            self.stream.flush()
            self._line_open = False


def progress_bar(label: str, total_frames: int, duration_s: float,
                 stream: TextIO | None = None) -> ProgressBar | None:
    """A bar on ``stream`` (default stderr) if it is a terminal and the recording lasts
    more than MIN_DURATION_S; else None (quiet)."""
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if duration_s <= MIN_DURATION_S or not (isatty and isatty()):
        return None
    return ProgressBar(label, total_frames, stream)
