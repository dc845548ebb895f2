"""Rules of the obstacle-dodge challenge, as pure state updates.

An obstacle is a wall that appears far away and approaches the patient.  It
covers the middle and one side; the gap is on the other side, at
``dodge_distance_cm`` or more from the patient's middle position.  While the
wall passes (``pass_time_s``) the patient's centre of mass must stay in the
gap; if it is ever short of the gap edge the obstacle counts as hit.
Obstacles come one at a time: the next appears ``spawn_interval_s``
(+/- jitter) after the previous one, but never sooner than ``rest_s`` after
the previous one has passed.

Nothing here draws, reads a clock or touches pygame: :meth:`DodgeRules.step`
takes the rule time, the time step and the patient's lateral displacement
(cm from the middle, + = the patient's right), so the same rules run live, in
replay and in tests.  Randomness comes from the injected generator only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Event, LevelEnd, TrialEnd, TrialStart
from balancegame.messages import Side
from balancegame.prescription.params import COMMON, Choice, Param

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "obstacle_dodge"
SUMMARY = "Walls approach; lean or step sideways into the gap to avoid them."
PARAMS: tuple[Param, ...] = COMMON + (
    Param("approach_time_s", "s", 1.0, 10.0, 3.0,
          "Obstacle speed, as the time from an obstacle appearing to it reaching you. "
          "Shorter is faster and harder."),
    Param("spawn_interval_s", "s", 1.5, 30.0, 5.0,
          "Time from one obstacle appearing to the next. Shorter is harder. Never less "
          "than the obstacle's approach and pass plus rest_s: one obstacle at a time."),
    Param("spawn_jitter_s", "s", 0.0, 5.0, 1.0,
          "Random variation of the interval, plus or minus, so obstacles are not predictable."),
    Param("dodge_distance_cm", "cm", 2.0, 40.0, 10.0,
          "How far the body's centre of mass must move sideways from the middle to avoid an "
          "obstacle. Larger asks for a bigger lean or a side step."),
    Param("pass_time_s", "s", 0.2, 3.0, 0.8,
          "How long an obstacle takes to pass: the time the patient must stay in the gap."),
    Param("rest_s", "s", 0.5, 10.0, 1.5,
          "After an obstacle has passed, at least this long before the next appears: time "
          "to come back to the middle and stand still, so each reaction is measured from "
          "rest."),
    Param("max_same_side", "obstacles", 1, 10, 3,
          "At most this many obstacles in a row ask for the same side.", integer=True),
)
# Presets 1-10 interpolate between these (integers are rounded).  Preset 1 is
# a slow, small lean with long rests; preset 10 a fast side step.
EASIEST = {"approach_time_s": 4.0, "spawn_interval_s": 7.0, "spawn_jitter_s": 0.5,
           "dodge_distance_cm": 5.0, "pass_time_s": 0.5, "rest_s": 2.5}
HARDEST = {"approach_time_s": 1.5, "spawn_interval_s": 3.0, "spawn_jitter_s": 1.0,
           "dodge_distance_cm": 20.0, "pass_time_s": 1.5, "rest_s": 1.0}
CHOICES: tuple[Choice, ...] = (
    Choice("sides", ("left", "right"), ("left", "right"),
           "Which way the patient must move: both, or one side only.", several=True),
)


def check(values: dict[str, Any]) -> list[str]:
    """Rules that involve several parameters at once."""
    if values["spawn_interval_s"] - values["spawn_jitter_s"] < 1.0:
        return ["[difficulty] spawn_jitter_s is so large that two obstacles could come less "
                "than 1 s apart: make it smaller than spawn_interval_s - 1."]
    return []


@dataclass
class Obstacle:
    trial_id: int
    gap_side: Side  # the side the patient must move to
    t_spawn_s: float  # rule time it appeared
    t_arrive_s: float  # rule time its front reaches the patient
    t_clear_s: float  # rule time its back has passed
    distance_cm: float = 10.0  # the gap edge, from the middle, for this obstacle
    closest_cm: float = float("inf")  # smallest signed displacement towards the gap while passing
    outcome: str | None = None  # None while pending, then "avoided" or "hit"

    def progress(self, t_s: float) -> float:
        """0 when it appears, 1 when it reaches the patient, >1 while passing."""
        return (t_s - self.t_spawn_s) / (self.t_arrive_s - self.t_spawn_s)


@dataclass
class DodgeState:
    t_s: float = 0.0
    next_spawn_s: float = 0.0
    next_trial_id: int = 0
    obstacles: list[Obstacle] = field(default_factory=list)
    finished: bool = False
    recent_sides: list[Side] = field(default_factory=list)


class DodgeChallenge:
    """The obstacle-dodge rules for one level run (rule time starts at 0)."""

    kind = KIND

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        self.level = level
        self.rng = rng
        self.p: dict[str, Any] = dict(level.difficulty)  # current values (adaptive changes them)
        self.state = DodgeState(next_spawn_s=float(level["countdown_s"]))
        self.sides = tuple(Side[s.upper()] for s in level.option("sides"))
        self.outcomes: list[str] = []

    @property
    def t_s(self) -> float:
        return self.state.t_s

    @property
    def finished(self) -> bool:
        return self.state.finished

    def set_difficulty(self, values: dict[str, Any]) -> None:
        """New parameter values from the next obstacle on (adaptive difficulty).

        The level's length and countdown never change mid-run.
        """
        fixed = {"duration_s", "countdown_s"}
        self.p.update({k: v for k, v in values.items() if k not in fixed})

    @property
    def t_end_s(self) -> float:
        return float(self.p["countdown_s"] + self.p["duration_s"])

    def _pick_side(self) -> Side:
        recent = self.state.recent_sides
        limit = int(self.p["max_same_side"])
        choices = list(self.sides)
        if len(choices) > 1 and len(recent) >= limit and len(set(recent[-limit:])) == 1:
            choices.remove(recent[-1])
        side = choices[int(self.rng.integers(len(choices)))]
        recent.append(side)
        return side

    def _spawn(self, t_s: float) -> Obstacle:
        lv = self.p
        ob = Obstacle(self.state.next_trial_id, self._pick_side(), t_s,
                      t_s + lv["approach_time_s"], t_s + lv["approach_time_s"] + lv["pass_time_s"],
                      float(lv["dodge_distance_cm"]))
        self.state.next_trial_id += 1
        jitter = float(self.rng.uniform(-lv["spawn_jitter_s"], lv["spawn_jitter_s"]))
        # One obstacle at a time, and a rest after it: every reaction then
        # starts from quiet standing and belongs to one stimulus.
        self.state.next_spawn_s = max(t_s + lv["spawn_interval_s"] + jitter,
                                      ob.t_clear_s + lv["rest_s"])
        self.state.obstacles.append(ob)
        return ob

    def _start_event(self, ob: Obstacle) -> TrialStart:
        return TrialStart(ob.trial_id, "dodge", ob.gap_side, ob.distance_cm,
                          hold_s=ob.t_clear_s - ob.t_spawn_s)

    def step(self, dt_s: float, body: Body) -> list[Event]:
        """Advance by ``dt_s`` with the patient at ``body.ml_cm`` from the middle."""
        st = self.state
        if st.finished:
            return []
        displacement_cm = body.ml_cm
        st.t_s += dt_s
        events: list[Event] = []
        # No new obstacle that could not finish passing before the end.
        last_spawn_s = self.t_end_s - self.p["approach_time_s"] - self.p["pass_time_s"]
        if st.t_s >= st.next_spawn_s and st.t_s <= last_spawn_s:
            events.append(self._start_event(self._spawn(st.t_s)))
        for ob in st.obstacles:
            if ob.outcome is not None or st.t_s < ob.t_arrive_s:
                continue
            towards_gap_cm = displacement_cm * ob.gap_side.value
            ob.closest_cm = min(ob.closest_cm, towards_gap_cm)
            if ob.closest_cm < ob.distance_cm:
                ob.outcome = "hit"
            elif st.t_s >= ob.t_clear_s:
                ob.outcome = "avoided"
            if ob.outcome is not None:
                self.outcomes.append(ob.outcome)
                events.append(TrialEnd(
                    ob.trial_id, ob.outcome, ob.gap_side, ob.distance_cm,
                    detail={"closest_to_gap_edge_cm": ob.closest_cm - ob.distance_cm}))
        st.obstacles = [ob for ob in st.obstacles if ob.outcome is None or st.t_s < ob.t_clear_s]
        if st.t_s >= self.t_end_s and all(ob.outcome for ob in st.obstacles):
            st.finished = True
            events.append(LevelEnd(st.t_s))
        return events

    def cancel_active(self) -> list[int]:
        """Drop walls in flight; the next comes after a fresh approach, never at once."""
        st = self.state
        cancelled = [ob.trial_id for ob in st.obstacles if ob.outcome is None]
        st.obstacles.clear()
        st.next_spawn_s = st.t_s + self.p["approach_time_s"] / 2
        return cancelled

    def handle_key(self, key: str) -> list[Event]:
        return []

    def summary(self) -> dict[str, Any]:
        n = len(self.outcomes)
        return {"n_avoided": self.outcomes.count("avoided"), "n_hit": self.outcomes.count("hit"),
                "success_rate": self.outcomes.count("avoided") / n if n else None}


CHALLENGE = DodgeChallenge
