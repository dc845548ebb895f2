"""A scripted person for the calibration screens: quiet sway, then leans to their own limits.

The tracker publishes what such a person would give: body signals at 30 Hz with the
filtered CoM lagging the raw one a little, sway of a few millimetres, and a lean of the
person's own size towards each target the screen shows (after a reaction time, a
minimum-jerk movement, a hold, a return), or, for the bad-input cases, no lean, a lean the
other way, a step, or leaving the view.  It reads only the stimuli the game announces
(``on_stimulus``), never the calibration's state.
"""

from __future__ import annotations

import math

from balancegame.messages import Stimulus
from helpers.scripted_tracker import SignalTracker, signals


class LeaningPerson(SignalTracker):
    def __init__(self, clock, *, limit_cm: dict[str, float], behaviour: str = "leans",
                 rt_s: float = 0.5, move_s: float = 1.2, sway_cm: float = 0.3,
                 away_from_s: float | None = None) -> None:
        super().__init__(clock)
        self.limit_cm = limit_cm
        self.behaviour = behaviour  # leans, still, wrong_way, steps
        self.rt_s, self.move_s, self.sway_cm = rt_s, move_s, sway_cm
        self.away_from_s = away_from_s  # out of view from then on
        self.leans: list[tuple[float, float]] = []  # (t_start, signed cm)
        self.hold_s = 2.0

    def react(self, stimulus: Stimulus) -> None:
        label = stimulus.extra.get("direction_label", "right")
        sign = stimulus.direction.value
        if self.behaviour == "still":
            return
        if self.behaviour == "wrong_way":
            sign = -sign
        self.leans.append((stimulus.t_onset_s + self.rt_s, sign * self.limit_cm[label]))

    def _lean_cm(self, t: float) -> float:
        x = 0.0
        for t0, cm in self.leans:
            u = (t - t0) / self.move_s
            if u <= 0:
                continue
            back = (t - t0 - self.move_s - self.hold_s) / self.move_s
            share = 1.0 if u >= 1 else 10 * u**3 - 15 * u**4 + 6 * u**5
            if back > 0:
                share = 0.0 if back >= 1 else 1 - (10 * back**3 - 15 * back**4 + 6 * back**5)
            x += share * cm
        return x

    def signals_at(self, t: float):
        if self.away_from_s is not None and t >= self.away_from_s:
            return None
        sway = self.sway_cm * (math.sin(2.1 * t) + 0.6 * math.sin(5.3 * t + 1.0))
        lean = self._lean_cm(t)
        x_raw = 3.0 + sway + lean  # an arbitrary image-fixed origin: the middle is 3 cm
        x = 3.0 + 0.9 * sway + self._lean_cm(t - 0.05)  # filtered: smoother, a little late
        stepping = self.behaviour == "steps" and abs(lean) > 2.0
        return signals(t, com_ml_cm=x, com_ml_raw_cm=x_raw, bos_width_cm=25.0 + (
            12.0 if stepping else 0.0), left_ankle_up_cm=0.0, right_ankle_up_cm=0.0)
