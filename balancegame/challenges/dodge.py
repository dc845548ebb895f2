"""Rules of the obstacle-dodge challenge, as pure state updates.

An obstacle is a wall that appears far away and approaches the patient.  It
covers the middle and one side; the gap is on the other side, at
``dodge_distance_cm`` or more from the patient's middle position.  While the
wall passes (``pass_time_s``) the patient's centre of mass must stay in the
gap; if it is ever short of the gap edge the obstacle counts as hit.
Obstacles come one at a time, with a rest after each
(:mod:`balancegame.challenges.walls`, shared with the dual task's gates).

Nothing here draws, reads a clock or touches pygame: :meth:`DodgeChallenge.step`
takes the time step and the patient's lateral displacement
(cm from the middle, + = the patient's right), so the same rules run live, in
replay and in tests.  Randomness comes from the injected generator only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Event, TrialEnd, TrialStart
from balancegame.challenges.lifecycle import FIXED_DURING_A_RUN, ChallengeBase, success_rate
from balancegame.challenges.walls import Wall, WallSchedule, WallView, interval_notes
from balancegame.messages import Side
from balancegame.prescription.params import load_declarations

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "obstacle_dodge"
# What a therapist can set (units, safe ranges, meanings, presets): data, in the .toml beside.
SUMMARY, PARAMS, CHOICES, EASIEST, HARDEST = load_declarations(__name__).as_tuple()


def check(values: dict[str, Any]) -> list[str]:
    """Rules that involve several parameters at once."""
    if values["spawn_interval_s"] - values["spawn_jitter_s"] < 1.0:
        return ["[difficulty] spawn_jitter_s is so large that two obstacles could come less "
                "than 1 s apart: make it smaller than spawn_interval_s - 1."]
    return []



def notes(values: dict[str, Any]) -> list[str]:
    """Values the rules will change: said at validation, with what will really be used."""
    return interval_notes(values, "walls")

@dataclass
class Obstacle(Wall):
    gap_side: Side = Side.RIGHT  # the side the patient must move to
    distance_cm: float = 10.0  # the gap edge, from the middle, for this obstacle
    closest_cm: float = float("inf")  # smallest signed displacement towards the gap while passing
    outcome: str | None = None  # None while pending, then "avoided" or "hit"


@dataclass(frozen=True)
class DodgeView:
    walls: tuple[WallView, ...]
    distance_cm: float  # the current gap edge: the screen's scale


class DodgeChallenge(ChallengeBase):
    """The obstacle-dodge rules for one level run (rule time starts at 0)."""

    kind = KIND

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        super().__init__(level, rng)
        sides = tuple(Side[s.upper()] for s in level.option("sides"))
        self.schedule = WallSchedule(self.p, self.countdown_s, rng, sides)
        self.obstacles: list[Obstacle] = []
        self.outcomes: list[str] = []

    def set_difficulty(self, values: dict[str, Any]) -> None:
        """New parameter values from the next obstacle on (adaptive difficulty)."""
        self.p.update({k: v for k, v in values.items() if k not in FIXED_DURING_A_RUN})

    def _spawn(self) -> TrialStart:
        side = self.schedule.pick_side()
        jitter = float(self.rng.uniform(-self.p["spawn_jitter_s"], self.p["spawn_jitter_s"]))
        wall = self.schedule.spawn(self.new_trial_id(), self.t_s, jitter)
        ob = Obstacle(wall.trial_id, wall.t_spawn_s, wall.t_arrive_s, wall.t_clear_s, side,
                      float(self.p["dodge_distance_cm"]))
        self.obstacles.append(ob)
        return TrialStart(ob.trial_id, "dodge", ob.gap_side, ob.distance_cm,
                          hold_s=ob.t_clear_s - ob.t_spawn_s)

    def advance(self, dt_s: float, body: Body) -> list[Event]:
        """The patient is at ``body.ml_cm`` from the middle."""
        events: list[Event] = []
        if self.schedule.due(self.t_s, self.t_end_s):
            events.append(self._spawn())
        for ob in self.obstacles:
            if ob.outcome is not None or self.t_s < ob.t_arrive_s:
                continue
            ob.closest_cm = min(ob.closest_cm, body.ml_cm * ob.gap_side.value)
            if ob.closest_cm < ob.distance_cm:
                ob.outcome = "hit"
            elif self.t_s >= ob.t_clear_s:
                ob.outcome = "avoided"
            if ob.outcome is not None:
                self.outcomes.append(ob.outcome)
                events.append(TrialEnd(
                    ob.trial_id, ob.outcome, ob.gap_side, ob.distance_cm,
                    detail={"closest_to_gap_edge_cm": ob.closest_cm - ob.distance_cm}))
        self.obstacles = [ob for ob in self.obstacles
                          if ob.outcome is None or self.t_s < ob.t_clear_s]
        return events

    def idle(self) -> bool:
        return all(ob.outcome for ob in self.obstacles)

    def cancel_active(self) -> list[int]:
        """Drop walls in flight; the next comes after a fresh approach, never at once."""
        cancelled = [ob.trial_id for ob in self.obstacles if ob.outcome is None]
        self.obstacles.clear()
        self.schedule.cancel(self.t_s)
        return cancelled

    def summary(self) -> dict[str, Any]:
        return {"n_avoided": self.outcomes.count("avoided"), "n_hit": self.outcomes.count("hit"),
                "success_rate": success_rate(self.outcomes, "avoided")}

    def view(self) -> DodgeView:
        return DodgeView(tuple(WallView(ob.gap_side, ob.progress(self.t_s), ob.pass_share,
                                        ob.outcome) for ob in self.obstacles),
                         float(self.p["dodge_distance_cm"]))


CHALLENGE = DodgeChallenge
