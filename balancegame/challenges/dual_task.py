"""Rules of the dual-task challenge: counting backwards while the body keeps working.

Serial subtraction (../shared/CLINICAL.md, dual tasks): by 3 from a random
start of 90-100, by 7 from 100, or by either from a random start of 300-900;
a series that would go below zero starts again from a new start number.

- ``gate`` mode: each trial asks "95 - 3 = ?"; two gates approach like the
  dodge walls (:mod:`~balancegame.challenges.walls`), a gap on each side,
  labelled with the answer and a plausible slip (off by 1 or 10).  From
  their arrival until they have passed, the side where the centre of mass is
  ``gate_distance_cm`` or more out is the answer chosen: "correct", "wrong",
  or "timeout" (stayed in the middle).  The series goes on from the correct
  answer, which the screen then shows.
- ``spoken`` mode: the patient counts out loud while standing; the
  supervisor presses Y (correct) or N (wrong) after each answer, one trial
  each, timed from the previous answer (or from the start of counting).

Pure in (state, body, dt, rng), like :mod:`balancegame.challenges.dodge`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Event, TrialEnd, TrialStart
from balancegame.challenges.lifecycle import ChallengeBase, success_rate
from balancegame.challenges.serial_subtraction import SUBTRACT_BY, distractor, start_number
from balancegame.challenges.walls import Wall, WallSchedule, WallView, interval_notes
from balancegame.messages import Side
from balancegame.prescription.params import load_declarations

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "dual_task"
# What a therapist can set (units, safe ranges, meanings, presets): data, in the .toml beside.
SUMMARY, PARAMS, CHOICES, EASIEST, HARDEST = load_declarations(__name__).as_tuple()
def chosen_side(ml_cm: float, distance_cm: float) -> Side | None:
    """The gate the body is in (CoM at least ``distance_cm`` out), or None (the middle)."""
    if abs(ml_cm) < distance_cm:
        return None
    return Side.RIGHT if ml_cm > 0 else Side.LEFT



def notes(values: dict[str, Any]) -> list[str]:
    """Values the rules will change: said at validation, with what will really be used."""
    return interval_notes(values, "questions")

@dataclass
class Gate(Wall):
    """One question: a pair of gates approaching, the answer on ``correct_side``."""

    shown: int = 0  # the number the patient subtracts from
    answer: int = 0
    distractor: int = 0
    correct_side: Side = Side.RIGHT
    distance_cm: float = 8.0
    zone: Side | None = None  # the gate the body is in now (None: the middle) ...
    zone_since_s: float = 0.0  # ... and since when: the response time of the answer
    chosen: Side | None = None
    outcome: str | None = None  # None while pending, then correct / wrong / timeout

    def number_on(self, side: Side) -> int:
        return self.answer if side is self.correct_side else self.distractor


@dataclass(frozen=True)
class GateView:
    wall: WallView
    left: int  # the number on each side
    right: int
    chosen: Side | None


@dataclass(frozen=True)
class DualTaskView:
    mode: str
    subtract_by: int
    first_number: int  # shown during the countdown
    gates: tuple[GateView, ...]
    question: tuple[int, int | None] | None  # (number, answer or None while asked)
    distance_cm: float
    n_correct: int
    correct_per_min: float | None  # None until 15 s of counting: too jumpy before


class DualTaskChallenge(ChallengeBase):
    """The dual-task rules for one level run (rule time starts at 0)."""

    kind = KIND

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        super().__init__(level, rng)
        # No presets or adaptive changes: a dual-task level and its single-task match must
        # keep the same demands for the dual-task cost to mean anything.
        self.mode: str = level.option("mode")
        self.series: str = level.option("series")
        self.start_rule: str = level.option("start")
        self.subtract_by = SUBTRACT_BY[self.series]
        self.start_numbers = [start_number(self.series, self.start_rule, rng)]
        self.current = self.start_numbers[0]  # gate: the number asked about next
        self.schedule = WallSchedule(self.p, self.countdown_s, rng)
        self.gates: list[Gate] = []
        self.last_gate: Gate | None = None  # the last resolved question, shown while resting
        self.open_since_s: float | None = None  # spoken: waiting for an answer since
        self.answers_in_series = 0  # spoken
        self.outcomes: list[str] = []
        self.response_times_s: list[float] = []

    @property
    def start(self) -> int:
        """The start number of the series in progress (what spoken mode shows)."""
        return self.start_numbers[-1]

    def _new_series_if_needed(self, upcoming_answer: int) -> None:
        if upcoming_answer < 0:
            self.start_numbers.append(start_number(self.series, self.start_rule, self.rng))
            self.current = self.start
            self.answers_in_series = 0

    # ------------------------------------------------------------ gate mode
    def _spawn(self) -> Gate:
        self._new_series_if_needed(self.current - self.subtract_by)
        answer = self.current - self.subtract_by
        side = self.schedule.pick_side()
        wall = self.schedule.spawn(self.new_trial_id(), self.t_s)
        gate = Gate(wall.trial_id, wall.t_spawn_s, wall.t_arrive_s, wall.t_clear_s,
                    self.current, answer, distractor(answer, self.rng), side,
                    float(self.p["gate_distance_cm"]))
        self.gates.append(gate)
        return gate

    def _resolve(self, gate: Gate, side: Side | None) -> TrialEnd:
        gate.chosen = side
        gate.outcome = ("timeout" if side is None else
                        "correct" if side is gate.correct_side else "wrong")
        self.outcomes.append(gate.outcome)
        entered_after_s = gate.zone_since_s - gate.t_spawn_s if side else None
        if entered_after_s is not None:
            self.response_times_s.append(entered_after_s)
        self.current = gate.answer  # the series goes on from the right answer
        self.last_gate = gate
        detail = {"shown_number": gate.shown, "subtract_by": self.subtract_by,
                  "answer": gate.answer, "distractor": gate.distractor,
                  "correct_side": gate.correct_side.name.lower(),
                  "chosen_side": side.name.lower() if side else None,
                  "chosen_number": gate.number_on(side) if side else None,
                  "entered_gate_after_s": entered_after_s}
        # RT: movement onset towards the gate actually chosen (the correct one on a timeout),
        # so wrong answers have a response time too; detail says which side was right.
        return TrialEnd(gate.trial_id, gate.outcome, side or gate.correct_side, gate.distance_cm,
                        rt="movement", detail=detail)

    def _step_gates(self, body: Body) -> list[Event]:
        events: list[Event] = []
        if self.schedule.due(self.t_s, self.t_end_s):
            gate = self._spawn()
            events.append(TrialStart(gate.trial_id, "gate", gate.correct_side, gate.distance_cm,
                                     hold_s=gate.t_clear_s - gate.t_spawn_s,
                                     extra={"shown": gate.shown, "answer": gate.answer}))
        for gate in self.gates:
            if gate.outcome is not None:
                continue
            side = chosen_side(body.ml_cm, gate.distance_cm)
            if side is not gate.zone:
                gate.zone, gate.zone_since_s = side, self.t_s
            if self.t_s >= gate.t_arrive_s and (side is not None or self.t_s >= gate.t_clear_s):
                events.append(self._resolve(gate, side))
        self.gates = [g for g in self.gates if g.outcome is None or self.t_s < g.t_clear_s]
        return events

    # ---------------------------------------------------------- spoken mode
    def _open_answer(self) -> TrialStart:
        self.open_since_s = self.t_s
        return TrialStart(self.next_trial_id, "spoken_answer", extra={"start": self.start})

    def _step_spoken(self) -> list[Event]:
        if self.t_s >= self.t_end_s:
            self.open_since_s = None  # an answer still being waited for is not counted
            return []
        if self.open_since_s is None and not self.counting_down():
            return [self._open_answer()]
        return []

    def handle_key(self, key: str) -> list[Event]:
        """Spoken mode: the supervisor's mark ("correct"/"wrong") for the answer just given."""
        if self.mode != "spoken" or self.open_since_s is None or key not in ("correct", "wrong"):
            return []
        response_s = self.t_s - self.open_since_s
        self.outcomes.append(key)
        self.response_times_s.append(response_s)
        self.answers_in_series += 1
        end = TrialEnd(self.next_trial_id, key, rt="response",
                       detail={"start_number": self.start, "subtract_by": self.subtract_by,
                               "answer_index_in_series": self.answers_in_series,
                               "response_time_rule_s": response_s})
        self.next_trial_id += 1
        # Another answer would go below zero: count on from a new start number.
        self._new_series_if_needed(self.start - (self.answers_in_series + 1) * self.subtract_by)
        return [end, self._open_answer()]

    # --------------------------------------------------------------- common
    def advance(self, dt_s: float, body: Body) -> list[Event]:
        """The patient is at ``body.ml_cm`` from the middle."""
        return self._step_gates(body) if self.mode == "gate" else self._step_spoken()

    def idle(self) -> bool:
        return all(g.outcome for g in self.gates)

    def cancel_active(self) -> list[int]:
        """Drop the question in progress; it is asked again after the pause."""
        if self.mode == "spoken":
            cancelled = [self.next_trial_id] if self.open_since_s is not None else []
            if cancelled:
                self.next_trial_id += 1  # the scene has seen this id start
            self.open_since_s = None  # a fresh answer is opened on the next step
            return cancelled
        cancelled = [g.trial_id for g in self.gates if g.outcome is None]
        self.gates.clear()
        self.schedule.cancel(self.t_s)
        return cancelled

    def active_minutes(self) -> float:
        """Rule time spent on the task (countdown and pauses excluded), in minutes."""
        return max(0.0, min(self.t_s, self.t_end_s) - self.p["countdown_s"]) / 60.0

    def correct_per_min(self) -> float | None:
        minutes = self.active_minutes()
        return self.outcomes.count("correct") / minutes if minutes > 0 else None

    def summary(self) -> dict[str, Any]:
        n_correct = self.outcomes.count("correct")
        rts_ms = np.array(self.response_times_s) * 1e3
        method = ("from the question appearing to the body entering a gate" if self.mode == "gate"
                  else "from the previous answer (or the start) to the supervisor's key")
        return {
            "mode": self.mode, "series": self.series, "subtract_by": self.subtract_by,
            "start_number": self.start_numbers[0], "start_numbers": list(self.start_numbers),
            "n_correct": n_correct, "n_wrong": self.outcomes.count("wrong"),
            "n_timeout": self.outcomes.count("timeout"),
            "accuracy": success_rate(self.outcomes, "correct"),
            "correct_per_min": self.correct_per_min(), "task_time_s": self.active_minutes() * 60,
            "response_time_ms_mean": float(np.mean(rts_ms)) if rts_ms.size else None,
            "response_time_ms_median": float(np.median(rts_ms)) if rts_ms.size else None,
            "response_time_method": f"rule clock, {method}",
        }

    def view(self) -> DualTaskView:
        gates = tuple(GateView(WallView(g.correct_side, g.progress(self.t_s), g.pass_share,
                                        g.outcome), g.number_on(Side.LEFT),
                               g.number_on(Side.RIGHT), g.chosen) for g in self.gates)
        pending = [g for g in self.gates if g.outcome is None]
        question = ((pending[0].shown, None) if pending else
                    (self.last_gate.shown, self.last_gate.answer) if self.last_gate else None)
        rate = self.correct_per_min()
        return DualTaskView(
            self.mode, self.subtract_by, self.start if self.mode == "spoken" else self.current,
            gates, question, float(self.p["gate_distance_cm"]), self.outcomes.count("correct"),
            rate if self.active_minutes() >= 0.25 else None)


CHALLENGE = DualTaskChallenge
