"""The quiet standing seen so far in this session, lent to each new level's sway model.

The first-movement test of a reaction time (measures/first_movement_gls.py) needs the
patient's sway, learnt from ``MIN_QUIET_S`` (5 s) of quiet standing (measures/sway_model.py).
A level alone has that only from its fourth trial with a 3 s countdown (the countdown, then
the 1.5 s before each stimulus), so its first three trials were found without it.  Through
MediaPipe (benchmarks/reaction.py, results/reaction-2026-12-02-4 and -6.txt), those first
three trials of a hesitant start (3 camera delays: 9 trials) were 218-608 ms late in a
first level; with 10 s of quiet standing lent, 6 of 9 were within 37 ms (the others 128-219 ms).
Counter-movements: 117-170 ms late in all 9; lent, 6 of 9 within 19 ms (the 3 others had the
lent stretch refused, below, and stayed 140-147 ms late).  One early-peak trial of 9 was
put 118 ms early by the model it was lent (a false counter-movement).

So the session keeps what each level, each level's intro and the neutral stance learnt
from (same patient, camera and body scale, minutes apart), and the next level borrows it,
newest first.  The
level's own countdown stays the reference: a borrowed stretch whose sway differs from it by
more than a factor of 2 either way (another stance, fatigue; a session is played either
standing or seated throughout) is left out
(``learn_sway``'s ``borrowed``).  Each trial stores how many of its model's seconds were
borrowed (``detail.sway_model_borrowed_s``).  Nothing is kept beyond the session: sway
changes from day to day with MS.

A level's intro (5 s of its instructions, scenes/level_intro.py) lends its standing too, so
that the session's first level has a model from its first trial where no neutral stance came
before it (a clinic session whose calibration still holds; the demo with a window: headless
the intro lasts 0.5 s and lends nothing).  The patient reads, standing where the level will
be played; an intro that is not quiet (turning to the therapist, still stepping into place)
sways more than twice the countdown and is left out whole, by the same rule.
:class:`QuietRecorder` keeps a screen's present samples, cut where the screen was held or
the tracking had a gap.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from balancegame.messages import BodySignals

KEEP_S = 60.0  # of the newest quiet standing; a level borrows at most QUIET_MAX_S of it
GAP_S = 0.5  # a longer gap between present samples ends a stretch (a lost body, a hold)
MIN_STRETCH_S = 1.5  # shorter pieces are not kept (as long as a stimulus' quiet baseline)

Stretch = tuple[np.ndarray, np.ndarray]  # (t_capture_s, com_ml_raw_cm), present samples


def _span_s(stretch: Stretch) -> float:
    t = stretch[0]
    return float(t[-1] - t[0]) if t.size > 1 else 0.0


@dataclass
class SessionQuiet:
    """Quiet stretches of earlier levels and of the neutral stance, oldest first."""

    _stretches: deque = field(default_factory=deque)

    def add(self, stretches: Sequence[Stretch]) -> None:
        """A finished level's (or the neutral stance's) quiet stretches, in time order."""
        for t, x in stretches:
            t, x = np.asarray(t, dtype=float), np.asarray(x, dtype=float)
            if t.size >= 2:
                self._stretches.append((t, x))
        while sum(_span_s(s) for s in self._stretches) > KEEP_S and len(self._stretches) > 1:
            self._stretches.popleft()

    def newest(self, max_s: float) -> list[Stretch]:
        """The newest stretches, up to ``max_s`` in all, newest first."""
        kept, total_s = [], 0.0
        for stretch in reversed(self._stretches):
            total_s += _span_s(stretch)
            if total_s > max_s:
                break
            kept.append(stretch)
        return kept

    @property
    def seconds(self) -> float:
        return sum(_span_s(s) for s in self._stretches)


class QuietRecorder:
    """A screen's standing, as stretches for :meth:`SessionQuiet.add`: present samples in
    capture order, cut at a hold (``held``) or a gap longer than ``GAP_S``; pieces shorter
    than ``MIN_STRETCH_S`` are dropped."""

    def __init__(self) -> None:
        self._pieces: list[list[tuple[float, float]]] = [[]]

    def add(self, signals: Sequence[BodySignals], held: bool = False) -> None:
        if held:
            self._cut()
            return
        for s in signals:
            piece = self._pieces[-1]
            if not s.present or not np.isfinite(s.com_ml_raw_cm):
                continue
            if piece and s.t_capture_s <= piece[-1][0]:
                continue  # not after the last one: it cannot be placed in time
            if piece and s.t_capture_s - piece[-1][0] > GAP_S:
                self._cut()
            self._pieces[-1].append((s.t_capture_s, s.com_ml_raw_cm))

    def _cut(self) -> None:
        if self._pieces[-1]:
            self._pieces.append([])

    def stretches(self) -> list[Stretch]:
        out = []
        for piece in self._pieces:
            if len(piece) >= 2 and piece[-1][0] - piece[0][0] >= MIN_STRETCH_S:
                arr = np.array(piece, dtype=float)
                out.append((arr[:, 0], arr[:, 1]))
        return out
