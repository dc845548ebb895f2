"""The limits-of-stability test as a pure state machine: home, reach, back; three tries a
direction; stopped at once by a step out of view.

Each try: **home** (back in the middle circle, still for ``HOME_STILL_S``; at most
``HOME_MAX_S``, then the try starts anyway), **reach** (the target is shown: lean as far
as is safe without stepping; it ends ``LIMIT_HOLD_S`` after the furthest point stopped
growing, or after ``REACH_MAX_S``), **back** (``BACK_S`` to come back to the middle, with
a word on that try).  The scene feeds it displacements from the neutral-stance middle
(cm, + = the patient's right) with their capture times; it never reads a clock.  A loss of
balance is the scene's to see (the safety monitor) and stops the test by :meth:`stop`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from balancegame.calibrating.limits import TRIES, LimitsOutcome, limits_outcome
from balancegame.calibrating.reach import TryResult, judge_try
from balancegame.messages import BodySignals

HOME_STILL_S = 1.0
HOME_MAX_S = 8.0
AWAY_MAX_S = 5.0  # out of view this long between tries: the test stops
REACH_MAX_S = 8.0
LIMIT_HOLD_S = 1.0
LIMIT_GROWTH_CM = 0.3  # the furthest point "still growing" by more than this
BACK_S = 2.5
BASELINE_S = 1.5  # quiet standing kept before the target (the reaction time's baseline)
SIGN = {"left": -1.0, "right": 1.0}


@dataclass
class LosProtocol:
    directions: tuple[str, ...]
    middle_cm: float
    threshold_cm: float
    target_cm: dict[str, float]  # where each direction's target is drawn (cm from the middle)
    check_feet: bool  # standing with the feet in view: a step voids the try
    neutral: dict = field(default_factory=dict)  # the neutral stance's results (stored with)
    side: str = "both"
    phase: str = "home"  # home, reach, back, done
    index: int = 0  # the try in progress: direction index * TRIES + try
    tries: dict[str, list[TryResult]] = field(default_factory=dict)
    outcome: LimitsOutcome | None = None
    last: TryResult | None = None  # the latest try (the back phase's word on it)
    t_phase_s: float = 0.0  # rule time in the phase
    home_s: float = 0.0
    away_s: float = 0.0
    t_stimulus_s: float | None = None  # the flip that showed the target (capture clock)
    t_shown_pending: bool = False  # a target to stamp at the next flip
    _rows: list[tuple] = field(default_factory=list)  # t, along, along raw, present, feet x3
    best_cm: float = 0.0
    _best_since_s: float = 0.0

    @property
    def direction(self) -> str:
        return self.directions[min(self.index // TRIES, len(self.directions) - 1)]

    @property
    def try_number(self) -> int:
        return self.index % TRIES + 1

    @property
    def n_tries(self) -> int:
        return TRIES * len(self.directions)

    def stop(self, problem: str) -> None:
        """End the test now (a loss of balance, someone else in view): nothing measured."""
        self.phase, self.outcome = "done", LimitsOutcome(problem, self.direction)

    def shown(self, t_flip_s: float) -> None:
        """The target reached the screen at ``t_flip_s`` (capture clock)."""
        if self.t_shown_pending:
            self.t_stimulus_s, self.t_shown_pending = t_flip_s, False

    def along_cm(self, ml_cm: float) -> float:
        return (ml_cm - self.middle_cm) * SIGN[self.direction]

    def step(self, dt_s: float, new: list[BodySignals]) -> None:
        if self.phase == "done":
            return
        self.t_phase_s += dt_s
        for s in new:
            self._keep(s)
        if new:  # away: since the newest sample showed nobody (none new: as it was)
            self.away_s = 0.0 if new[-1].present else self.away_s + dt_s
        elif self.away_s > 0.0:
            self.away_s += dt_s
        if self.phase == "home":
            self._home(dt_s, new)
        elif self.phase == "reach":
            self._reach()
        elif self.phase == "back" and self.t_phase_s >= BACK_S:
            self._next_try()

    def _keep(self, s: BodySignals) -> None:
        along = self.along_cm(s.com_ml_cm) if s.present else np.nan
        raw = self.along_cm(s.com_ml_raw_cm) if s.present else np.nan
        self._rows.append((s.t_capture_s, along, raw, s.present, s.left_ankle_up_cm,
                           s.right_ankle_up_cm, s.bos_width_cm))
        if self.phase == "home":  # keep only the last BASELINE_S of quiet standing
            while self._rows and s.t_capture_s - self._rows[0][0] > BASELINE_S:
                self._rows.pop(0)

    def _home(self, dt_s: float, new: list[BodySignals]) -> None:
        if self.away_s >= AWAY_MAX_S:
            self.stop("out_of_view")
            return
        latest = new[-1] if new else None
        if latest is not None and latest.present:
            near = abs(latest.com_ml_cm - self.middle_cm) <= max(2.0, self.threshold_cm)
            self.home_s = self.home_s + dt_s if near else 0.0
        if self.home_s >= HOME_STILL_S or (self.t_phase_s >= HOME_MAX_S and self.away_s == 0):
            self.phase, self.t_phase_s = "reach", 0.0
            self.t_stimulus_s, self.t_shown_pending = None, True
            self.best_cm, self._best_since_s = 0.0, 0.0

    def _reach(self) -> None:
        rows = [r for r in self._rows if self.t_stimulus_s is not None
                and r[0] >= self.t_stimulus_s and r[3]]
        if rows:
            furthest = max(r[1] for r in rows)
            if furthest > self.best_cm + LIMIT_GROWTH_CM:
                self.best_cm, self._best_since_s = furthest, self.t_phase_s
        moved = self.best_cm >= max(self.threshold_cm, 2.0)
        if (moved and self.t_phase_s - self._best_since_s >= LIMIT_HOLD_S) \
                or self.t_phase_s >= REACH_MAX_S:
            self._judge()

    def _judge(self) -> None:
        rows = np.array(self._rows, dtype=float).reshape(-1, 7)
        t_stim = self.t_stimulus_s if self.t_stimulus_s is not None else rows[0, 0]
        result = judge_try(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3].astype(bool),
                           t_stim, threshold_cm=self.threshold_cm,
                           target_cm=self.target_cm[self.direction],
                           feet=rows[:, 4:7] if self.check_feet else None)
        self.tries.setdefault(self.direction, []).append(result)
        self.last = result
        self._rows.clear()
        if result.outcome == "out_of_view":
            self.stop("out_of_view")
            return
        self.phase, self.t_phase_s = "back", 0.0

    def _next_try(self) -> None:
        self.index += 1
        direction_done = self.index % TRIES == 0
        done_dir = self.directions[(self.index - 1) // TRIES]
        if direction_done and not any(t.measured for t in self.tries.get(done_dir, [])):
            self._finish()  # three tries and nothing measured: say why now
            return
        if self.index >= self.n_tries:
            self._finish()
            return
        self.phase, self.t_phase_s, self.home_s = "home", 0.0, 0.0

    def _finish(self) -> None:
        self.phase = "done"
        self.outcome = limits_outcome(self.tries, neutral=self.neutral, side=self.side,
                                      target_cm=self.target_cm)
