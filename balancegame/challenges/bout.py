"""A countdown, then one timed bout measured as one trial: shared by gaze and stepping.

Not a challenge type itself (no ``KIND``).  Phases: ``countdown`` (the
patient stands still; the subclass measures a baseline from every body
signal), ``bout`` (a metronome runs from its start; the subclass records
every body signal at its capture time), then ``done``; the bout's trial
ends with outcome "completed" at the level's end and the subclass's
measures as its detail.  A safety pause cancels the bout in progress; after
``READY_S`` a new bout runs for the time left if that is at least
``MIN_BOUT_S``, otherwise the level just runs out.

The bout's TrialStart carries ``extra["task"]`` (:meth:`task`): what the
bout asks of the patient, which the demo person performs when the scene
forwards it.  A metronome's beats are sound cues from the rules
(:meth:`beat_count`), on the rule clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Cue, Event, TrialEnd, TrialStart
from balancegame.challenges.lifecycle import ChallengeBase
from balancegame.messages import BodySignals

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

READY_S = 3.0  # after a safety pause, time to get ready before a new bout
MIN_BOUT_S = 10.0


def mean_and_cv(values: list[float]) -> tuple[float | None, float | None]:
    """(mean, coefficient of variation in % with the sample SD); None where undefined."""
    if not values:
        return None, None
    mean = float(np.mean(values))
    cv = float(np.std(values, ddof=1) / mean * 100) if len(values) >= 3 and mean > 0 else None
    return mean, cv


def median3(x: np.ndarray) -> np.ndarray:
    """Centred 3-sample running median (ends kept): one jittery frame is ignored."""
    out = np.array(x, dtype=np.float64)
    if out.size >= 3:
        out[1:-1] = np.median(np.stack([out[:-2], out[1:-1], out[2:]]), axis=0)
    return out


class BoutChallenge(ChallengeBase):
    """Rule time starts at 0; subclasses set ``kind``/``trial_kind`` and the hooks below."""

    trial_kind = ""

    def __init__(self, level: Level, rng: np.random.Generator, beats_per_min: float) -> None:
        super().__init__(level, rng)
        self.phase = "countdown"  # countdown | bout | ready | done
        self.phase_start_s = 0.0
        self._beats_cued = 0
        self.beats_per_s = beats_per_min / 60.0
        self.onsets_s: dict[int, float] = {}  # trial id -> stimulus onset (capture clock)
        self.bouts: list[dict[str, Any]] = []

    # ------------------------------------------------------------ subclass hooks
    def countdown_sample(self, s: BodySignals) -> None:
        """A body signal of the countdown (quiet standing)."""

    def bout_started(self) -> None:
        """A bout begins: clear what was recorded for the previous one."""

    def bout_sample(self, s: BodySignals) -> None:
        """A body signal during the bout."""

    def task(self, duration_s: float) -> dict[str, Any]:
        """What the bout asks of the patient for ``duration_s`` (see demo/moves.py)."""
        raise NotImplementedError

    def beat_count(self) -> int:
        """Beats that should have sounded so far in this bout; 0: no sound."""
        return 0

    def measure(self, t_onset_s: float | None) -> dict[str, Any]:
        """The bout's measures (the trial's detail); ``t_onset_s``: its flip time."""
        raise NotImplementedError

    # ------------------------------------------------------------------ shared
    def beats(self) -> float:
        """Metronome beats since the bout began (fractional); 0 outside a bout."""
        return (self.t_s - self.phase_start_s) * self.beats_per_s if self.phase == "bout" else 0.0

    def stimulus_shown(self, trial_id: int, t_onset_s: float) -> None:
        self.onsets_s[trial_id] = t_onset_s

    def _begin(self) -> TrialStart:
        self.phase, self.phase_start_s = "bout", self.t_s
        self.bout_started()
        self._beats_cued = 0
        left_s = self.time_left_s()
        return TrialStart(self.new_trial_id(), self.trial_kind, hold_s=left_s,
                          extra={"task": self.task(left_s)})

    def _end(self, outcome: str = "completed") -> TrialEnd:
        trial_id = self.next_trial_id - 1
        detail = {**self.measure(self.onsets_s.get(trial_id)),
                  "bout_s": self.t_s - self.phase_start_s, "bout_outcome": outcome}
        self.bouts.append(detail)
        self.phase = "done"
        return TrialEnd(trial_id, outcome, rt="none", detail=detail, direction_label="none")

    def advance(self, dt_s: float, body: Body) -> list[Event]:
        events: list[Event] = []
        for s in body.new_signals:
            if self.phase == "countdown":
                self.countdown_sample(s)
            elif self.phase == "bout":
                self.bout_sample(s)
        if self.phase == "countdown" and self.t_s >= self.p["countdown_s"]:
            events.append(self._begin())
        elif self.phase == "ready" and self.t_s - self.phase_start_s >= READY_S:
            if self.time_left_s() >= MIN_BOUT_S:
                events.append(self._begin())
            else:
                self.phase = "done"
        elif self.phase == "bout" and self.t_s >= self.t_end_s:
            events.append(self._end())
        if self.phase == "bout" and (beats := self.beat_count()) > self._beats_cued:
            self._beats_cued = beats
            events.append(Cue("tick"))
        return events

    def idle(self) -> bool:
        return self.phase == "done"

    def interrupt(self) -> list[Event]:
        """A safety pause: the bout so far is kept, as a trial "interrupted" with its
        measures; a new bout follows after READY_S if at least MIN_BOUT_S are left."""
        if self.phase != "bout":
            return []
        end = self._end("interrupted")
        self.phase, self.phase_start_s = "ready", self.t_s
        return [end]

    def work_done(self) -> bool:
        return bool(self.bouts) and self.bouts[-1]["bout_outcome"] == "completed"
