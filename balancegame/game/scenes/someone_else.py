"""The spans of a level run during which someone else was in view, or the tracker jumped to
someone else: their samples are left out of every measure (the trials then were cancelled by
the pause), and the level's summary lists them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from balancegame.messages import BodySignals


class OthersInView:
    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self._open_s: float | None = None

    def begin(self, t_s: float) -> None:
        if self._open_s is None:
            self._open_s = t_s

    def end(self, t_s: float) -> None:
        if self._open_s is not None:
            self.spans.append((self._open_s, t_s))
            self._open_s = None

    def _all(self) -> list[tuple[float, float]]:
        return self.spans + ([(self._open_s, math.inf)] if self._open_s is not None else [])

    def keep(self, samples: Sequence[BodySignals]) -> list[BodySignals]:
        """The samples captured outside every span."""
        spans = self._all()
        return [s for s in samples if not any(a <= s.t_capture_s <= b for a, b in spans)]

    def figures(self, t_level_start_s: float | None, t_end_s: float) -> dict:
        """For the level's summary: how often, how long, when (s from the level's start)."""
        t0 = t_level_start_s if t_level_start_s is not None else 0.0
        spans = [(a, min(b, t_end_s)) for a, b in self._all()]
        return {"n_second_person": len(spans),
                "second_person_s": round(sum(b - a for a, b in spans), 2),
                "second_person_spans_s": [[round(a - t0, 2), round(b - t0, 2)]
                                          for a, b in spans]}
