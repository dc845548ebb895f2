"""The lifecycle every challenge type shares: countdown, trials, the end of the level.

A level run starts with ``countdown_s`` of quiet standing (the scene measures
the middle position then; a tick sounds on each second), then runs trials for
``duration_s``.  The level ends at ``countdown_s + duration_s`` once no trial
is in progress (:meth:`ChallengeBase.idle`), so a trial that started in time
is always resolved and recorded.  Subclasses write :meth:`advance` (their
rules for one step) and :meth:`summary`; the rest is here once.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Cue, Event, LevelEnd

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

FIXED_DURING_A_RUN = frozenset({"duration_s", "countdown_s"})


class ChallengeBase:
    """Rule time ``t_s`` starts at 0; ``p`` holds the current parameter values."""

    kind = ""

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        self.level = level
        self.rng = rng
        self.p: dict[str, Any] = dict(level.difficulty)
        self.t_s = 0.0
        self.finished = False
        self.next_trial_id = 0

    # ------------------------------------------------------------------ time
    @property
    def countdown_s(self) -> float:
        return float(self.p["countdown_s"])

    @property
    def t_end_s(self) -> float:
        return float(self.p["countdown_s"] + self.p["duration_s"])

    def counting_down(self) -> bool:
        return self.t_s < self.countdown_s

    def countdown_left_s(self) -> float:
        return max(0.0, self.countdown_s - self.t_s)

    def time_left_s(self) -> float:
        return max(0.0, self.t_end_s - self.t_s)

    def new_trial_id(self) -> int:
        trial_id, self.next_trial_id = self.next_trial_id, self.next_trial_id + 1
        return trial_id

    # ----------------------------------------------------------------- steps
    def step(self, dt_s: float, body: Body) -> list[Event]:
        """Advance by ``dt_s``: the countdown ticks, the type's rules, the end of the level."""
        if self.finished:
            return []
        before_s, self.t_s = self.t_s, self.t_s + dt_s
        events: list[Event] = []
        shown = _whole_seconds_left(self.t_s, self.countdown_s)
        if shown and (before_s == 0.0 or shown != _whole_seconds_left(before_s, self.countdown_s)):
            events.append(Cue("tick"))  # "3", "2", "1": one tick as each number shows
        events += self.advance(dt_s, body)
        if not self.finished and self.t_s >= self.t_end_s and self.idle():
            self.finished = True
            events.append(LevelEnd(self.t_s))
        return events

    def restart_countdown(self) -> None:
        """A pause interrupted the countdown: stand still again for all of it.

        Rule time goes back to 0 (nothing but the countdown has happened), and
        what was measured in it is dropped (:meth:`countdown_restarted`).
        """
        if self.counting_down():
            self.t_s = 0.0
            self.countdown_restarted()

    def countdown_restarted(self) -> None:
        """Forget what the interrupted countdown measured (a baseline, a straight-ahead)."""

    def advance(self, dt_s: float, body: Body) -> list[Event]:
        """The type's rules for one step (``t_s`` is already advanced)."""
        raise NotImplementedError

    def idle(self) -> bool:
        """No trial in progress: the level may end."""
        return True

    # ------------------------------------------------- optional, most ignore
    def interrupt(self) -> list[Event]:
        """A safety pause comes: trials whose work so far is worth keeping (a bout, a
        stance) end now as "interrupted"; the scene records them.  Then cancel_active."""
        return []

    def cancel_active(self) -> list[int]:
        return []

    def work_done(self) -> bool:
        """At the level's end: did the patient get to do what the level asked (no bout or
        stance left cut short by a pause)?  Only then is the level stored "completed"."""
        return True

    def handle_key(self, key: str) -> list[Event]:
        return []

    def stimulus_shown(self, trial_id: int, t_onset_s: float) -> None:
        """The flip time (capture clock) that first showed a trial's stimulus."""

    def summary(self) -> dict[str, Any]:
        return {}

    def view(self) -> Any:
        return None


def _whole_seconds_left(t_s: float, countdown_s: float) -> int:
    """The number the countdown shows at ``t_s`` (3, 2, 1; 0 after it)."""
    return max(0, math.ceil(countdown_s - t_s - 1e-9))


def success_rate(outcomes: list[str], good: str) -> float | None:
    """Share of ``good`` outcomes; None before any trial."""
    return outcomes.count(good) / len(outcomes) if outcomes else None
