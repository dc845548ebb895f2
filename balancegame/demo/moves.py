"""Whole-bout movements the demo puppet can perform: head turns and marching on the spot.

A challenge describes the task it asks of the patient in ``extra["task"]`` of
a stimulus; :func:`move_for_task` decides how the demo person performs it (how
high it lifts its feet, for instance: that is the demo's choice, never the
rules'); :meth:`PuppetBody.react
<balancegame.demo.puppet.PuppetBody.react>` schedules it from the
stimulus' onset.  Like the rest of the puppet, a move is a pure function of
time and is the ground truth for the measures: the commanded yaw and foot
lifts, not what the pose model makes of them.  How they are drawn, and how
much of them MediaPipe sees, is in :mod:`balancegame.demo.body_warp`.

The puppet is an ideal patient: it turns in phase with the metronome (the
extremes on the beats) and marches at exactly the cadence asked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HeadTurns:
    """Head turned side to side: yaw = amplitude · sin(π · turns/s · (t - start)).

    One turn = from one side to the other, so a full left-right-left cycle is
    two turns; the first side reached is the patient's right (+).  The turns
    stop at the first pass through the middle after ``duration_s``.
    """

    t_start_s: float
    duration_s: float
    turns_per_min: float
    amplitude_deg: float

    @property
    def t_end_s(self) -> float:
        turns = math.ceil(self.duration_s * self.turns_per_min / 60.0 - 1e-9)
        return self.t_start_s + turns * 60.0 / self.turns_per_min

    def yaw_deg(self, t_s: float) -> float:
        if not self.t_start_s <= t_s < self.t_end_s:
            return 0.0
        return self.amplitude_deg * math.sin(math.pi * self.turns_per_min / 60.0
                                             * (t_s - self.t_start_s))


@dataclass(frozen=True)
class Marching:
    """Stepping on the spot, feet alternating, the patient's ``first`` foot first.

    Each step lasts 60 / ``steps_per_min`` s; its foot rises and falls as
    sin² over the first ``swing_share`` of it, to ``lift_cm`` at the top.
    """

    t_start_s: float
    duration_s: float
    steps_per_min: float
    lift_cm: float
    first: str = "left"
    swing_share: float = 0.7

    def step_times_s(self) -> list[float]:
        """When each step's foot leaves the floor: the truth for cadence."""
        period_s = 60.0 / self.steps_per_min
        n = int(self.duration_s / period_s + 1e-9)
        return [self.t_start_s + k * period_s for k in range(n)]

    def lift_cm_at(self, t_s: float) -> tuple[float, float]:
        """(left, right) foot lift (cm, + = up) at ``t_s``."""
        period_s = 60.0 / self.steps_per_min
        k, phase = divmod((t_s - self.t_start_s) / period_s, 1.0)
        if t_s < self.t_start_s or (k + 1) * period_s > self.duration_s + 1e-9 \
                or phase >= self.swing_share:
            return 0.0, 0.0
        lift = self.lift_cm * math.sin(math.pi * phase / self.swing_share) ** 2
        left_first = self.first == "left"
        return (lift, 0.0) if (int(k) % 2 == 0) == left_first else (0.0, lift)


Move = HeadTurns | Marching


# How the demo person performs a task.  A patient who marches lifts the feet well above
# the height the level counts as a step, so the demo lifts 1.6 x that height (8 cm at least).
MARCH_LIFT_SHARE = 1.6
MARCH_MIN_LIFT_CM = 8.0


def move_for_task(extra: dict[str, Any], t_onset_s: float) -> Move | None:
    """The move that performs a stimulus' ``extra["task"]``, starting at ``t_onset_s``.

    ``{"task": "head_turns", "duration_s", "turns_per_min", "amplitude_deg"}`` or
    ``{"task": "march", "duration_s", "cadence_spm", "lift_cm"}`` (``lift_cm``: the
    height the level counts as a step); None when there is no task (a reaching
    movement instead).  An unknown task is a programming error: ValueError.
    """
    task = extra.get("task")
    if task is None:
        return None
    kind = task.get("task")
    if kind == "head_turns":
        return HeadTurns(t_onset_s, float(task["duration_s"]), float(task["turns_per_min"]),
                         float(task["amplitude_deg"]))
    if kind == "march":
        lift_cm = max(MARCH_MIN_LIFT_CM, MARCH_LIFT_SHARE * float(task["lift_cm"]))
        return Marching(t_onset_s, float(task["duration_s"]), float(task["cadence_spm"]),
                        lift_cm, str(task.get("first", "left")))
    raise ValueError(f"unknown task {kind!r}: expected 'head_turns' or 'march'")
