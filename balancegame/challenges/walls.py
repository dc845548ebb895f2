"""Approaching walls, shared by obstacle dodge and the dual task's answer gates.

A wall appears far away at ``t_spawn_s``, reaches the patient ``approach_time_s``
later (``t_arrive_s``) and takes ``pass_time_s`` to pass (``t_clear_s``).
Walls come one at a time: the next appears ``spawn_interval_s`` (+/- jitter)
after the previous one, but never sooner than ``rest_s`` after it has passed,
so every reaction starts from quiet standing and belongs to one stimulus; no
wall appears that could not pass before the level ends.  The parameters are
read at each spawn, so adaptive difficulty applies from the next wall on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from balancegame.messages import Side


@dataclass
class Wall:
    """The timing of one approaching wall (rule clock, s)."""

    trial_id: int
    t_spawn_s: float
    t_arrive_s: float
    t_clear_s: float

    def progress(self, t_s: float) -> float:
        """0 when it appears, 1 when it reaches the patient, >1 while passing."""
        return (t_s - self.t_spawn_s) / (self.t_arrive_s - self.t_spawn_s)

    @property
    def pass_share(self) -> float:
        """Passing time as a share of the approach time (the wall's drawn thickness)."""
        return (self.t_clear_s - self.t_arrive_s) / (self.t_arrive_s - self.t_spawn_s)


@dataclass(frozen=True)
class WallView:
    """What the screen shows of a wall: where it is and how it ended."""

    side: Side  # the side the patient must move to (the gap, the right answer)
    progress: float
    pass_share: float
    outcome: str | None


class WallSchedule:
    """When the next wall appears, and on which side."""

    def __init__(self, p: dict[str, Any], first_spawn_s: float, rng: np.random.Generator,
                 sides: tuple[Side, ...] = (Side.LEFT, Side.RIGHT)) -> None:
        self.p = p  # the challenge's live values
        self.rng = rng
        self.sides = sides
        self.next_spawn_s = first_spawn_s
        self.recent_sides: list[Side] = []

    def due(self, t_s: float, t_end_s: float) -> bool:
        """A wall should appear now (and can pass before the level ends)."""
        last_spawn_s = t_end_s - self.p["approach_time_s"] - self.p["pass_time_s"]
        return self.next_spawn_s <= t_s <= last_spawn_s

    def spawn(self, trial_id: int, t_s: float, jitter_s: float = 0.0) -> Wall:
        """A wall appearing now; schedules the next one."""
        p = self.p
        wall = Wall(trial_id, t_s, t_s + p["approach_time_s"],
                    t_s + p["approach_time_s"] + p["pass_time_s"])
        self.next_spawn_s = max(t_s + p["spawn_interval_s"] + jitter_s,
                                wall.t_clear_s + p["rest_s"])
        return wall

    def pick_side(self) -> Side:
        """At random, but at most ``max_same_side`` in a row on the same side."""
        limit = int(self.p["max_same_side"])
        recent = self.recent_sides
        choices = list(self.sides)
        if len(choices) > 1 and len(recent) >= limit and len(set(recent[-limit:])) == 1:
            choices.remove(recent[-1])
        side = choices[int(self.rng.integers(len(choices)))]
        recent.append(side)
        return side

    def cancel(self, t_s: float) -> None:
        """Walls in flight were dropped (a pause): the next comes after a fresh approach,
        never sooner than planned (a pause in the countdown must not bring the first forward)."""
        self.next_spawn_s = max(self.next_spawn_s, t_s + self.p["approach_time_s"] / 2)


def interval_notes(values: dict[str, Any], thing: str) -> list[str]:
    """The wall interval a level asks for, when the one-at-a-time rule makes it longer."""
    shortest_s = values["approach_time_s"] + values["pass_time_s"] + values["rest_s"]
    jitter_s = values.get("spawn_jitter_s", 0.0)
    lo_s, hi_s = values["spawn_interval_s"] - jitter_s, values["spawn_interval_s"] + jitter_s
    if lo_s >= shortest_s - 1e-9:
        return []
    played = (f"{shortest_s:g} s" if hi_s <= shortest_s else
              f"{shortest_s:g} to {hi_s:g} s")
    return [f"[difficulty] spawn_interval_s = {values['spawn_interval_s']:g}"
            + (f" (+/- {jitter_s:g})" if jitter_s else "")
            + f": {thing} never come closer together than {shortest_s:g} s, because each "
            f"must pass and the rest follow first (approach_time_s "
            f"{values['approach_time_s']:g} + pass_time_s {values['pass_time_s']:g} + rest_s "
            f"{values['rest_s']:g}), so it plays as {played}. To say what is played, set it "
            f"to at least {shortest_s + jitter_s:g}, or shorten the others."]
