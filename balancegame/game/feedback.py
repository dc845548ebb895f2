"""The patient's marker: the CoM predicted to the moment the frame is shown.

The game loop says, before it draws, when the coming frame is expected on the screen (the
flip, plus the display's own delay where ``balancegame latency`` measured it); the level
scene asks :meth:`FeedbackMarker.at` for the CoM at that time (body/prediction.py).  Fed
with every body signal in capture order (``GameContext.pull_signals``), so the estimator
sees all samples, not only the newest.

It also keeps what the therapist is told: how old the newest measurement is when its frame
is shown (``delay_ms_p50``: camera, pose, waiting for the flip and the display), the delay
the prediction spans.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from balancegame.body.prediction import MotionPredictor, PredictionSettings
from balancegame.messages import BodySignals

_WINDOW = 120  # shown frames in the delay figure (2 s at 60 FPS)
_SCALE_CHANGE = 0.01  # a body scale changed by more than this restarts the estimator


class FeedbackMarker:
    def __init__(self, settings: PredictionSettings | None = None, *,
                 predict: bool = True) -> None:
        self.predictor = MotionPredictor(settings or PredictionSettings())
        self.predict = predict  # False: today's marker, the One Euro estimate (benchmarks)
        self._cm_per_px = math.nan
        self._filtered_cm = math.nan
        self._ages_s: deque[float] = deque(maxlen=_WINDOW)
        self._tremor_s_at_start = 0.0  # the predictor's tremor seconds when the level started

    def observe(self, signals: list[BodySignals]) -> None:
        """New body signals, oldest first; absent ones leave the estimate alone."""
        for s in signals:
            if not s.present:
                continue
            if (math.isfinite(self._cm_per_px) and math.isfinite(s.cm_per_px)
                    and abs(s.cm_per_px / self._cm_per_px - 1.0) > _SCALE_CHANGE):
                self.predictor.restart()  # the cm changed meaning (a new scale)
            self._cm_per_px = s.cm_per_px
            if self.predictor.update(s.t_capture_s, s.com_ml_raw_cm):
                self._filtered_cm = s.com_ml_cm

    @property
    def filtered_cm(self) -> float:
        """Today's marker: the One Euro estimate of the newest sample (NaN before one)."""
        return self._filtered_cm

    def at(self, t_shown_s: float) -> float | None:
        """The CoM (cm, the signals' image-fixed origin) to draw for a frame shown at
        ``t_shown_s``; None before any body was seen."""
        if not self.predictor.started:
            return None
        t_last_s = self.predictor.t_last_s
        self._ages_s.append(t_shown_s - t_last_s)
        if not self.predict:
            return self._filtered_cm
        return self.predictor.at(t_shown_s)

    def delay_ms_p50(self) -> float:
        """Median age (ms) of the newest measurement when its frame was shown; NaN if none."""
        return float(np.median(self._ages_s) * 1e3) if self._ages_s else math.nan

    def start_level(self) -> None:
        """A level starts: its figures count from here."""
        self._tremor_s_at_start = self.predictor.tremor_s

    def level_figures(self) -> dict:
        """What a level run's summary keeps: the delay spanned, whether the marker was
        predicted, and for how long it was not because a tremor was seen (s)."""
        delay = self.delay_ms_p50()
        tremor_s = self.predictor.tremor_s - self._tremor_s_at_start
        return {"feedback_delay_ms_p50": round(delay, 1) if math.isfinite(delay) else None,
                "feedback_predicted": self.predict,
                "feedback_tremor_s": round(tremor_s, 2) if self.predict else None}

    def describe(self) -> str:
        """What the therapist reads on the setup screen (lines split by newlines)."""
        delay = self.delay_ms_p50()
        if not math.isfinite(delay):
            return ""
        horizon_ms = self.predictor.settings.max_horizon_s * 1e3
        if not self.predict:
            return f"Camera to screen\n{delay:.0f} ms\n(marker not predicted)"
        covered = "predicted over it" if delay <= horizon_ms else (
            f"predicted over {horizon_ms:.0f} ms of it")
        return f"Camera to screen\n{delay:.0f} ms\n(marker {covered})"
