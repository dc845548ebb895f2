"""Rules of the quiet-stance assessment: stand still in a given stance for a fixed time.

The patient takes the stance (feet apart, feet together, tandem = heel to toe,
single leg) during the instructions and the countdown, where the middle
position is measured; then one attempt of ``duration_s`` runs: no obstacles,
a calm screen, the time left.  The attempt is one trial; its sway measures
(:func:`balancegame.measures.sway.sway_summary`: the unfiltered CoM, ``com_ml_raw_cm``,
every camera sample at its capture time, filtered zero-phase as validated by
benchmarks/accuracy.py, whole and in 10 s windows) go into the trial's detail.

What is measured: the **medio-lateral** CoM only.  A single frontal camera has
no reliable forward/back (AP) position, so planar measures (ellipse area,
planar RMS) are absent, as the metrics module states.  Eyes open only: eyes
closed needs sound cues for the start and end and a supervisor at hand.

Loss of balance: a camera cannot tell reliably when the raised foot touches
down or a hand grabs a support.  Two signs end an attempt as ``"missed"``:
the CoM more than ``loss_cm`` from the middle for 0.25 s (a step, a big
sway; a light toe-touch goes unseen), or the supervisor's N key ("foot
down", "stepped", "held on").  The trial records the time in stance and the
sway until then.  The level then goes on: ``recover_s`` to get back into
position (the middle is measured again in its last 2 s), then a new attempt
for the rest of the time (if at least 5 s remain).  Otherwise the level
just runs: only the scene's safety pauses (out of view, a sudden drop) stop
it, and they cancel the attempt in progress, like any trial.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Event, TrialEnd, TrialStart
from balancegame.challenges.lifecycle import ChallengeBase
from balancegame.measures.sway import sway_summary
from balancegame.prescription.params import load_declarations

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "quiet_stance"
# What a therapist can set (units, safe ranges, meanings, presets): data, in the .toml beside.
SUMMARY, PARAMS, CHOICES, EASIEST, HARDEST = load_declarations(__name__).as_tuple()
STANCE_WORDS = {
    "feet-apart": "Stand with your feet apart",
    "feet-together": "Stand with your feet together",
    "tandem": "Stand heel to toe",
    "single-leg": "Stand on one leg",
}
LOSS_CONFIRM_S = 0.25  # the CoM beyond loss_cm this long: one noisy frame never ends a test
RECENTRE_S = 2.0  # the last seconds of recovery give the new middle
MIN_ATTEMPT_S = 5.0  # no new attempt shorter than this
SIGNAL = "com_ml_raw_cm (CoM, medio-lateral), zero-phase filtered for the measures"



@dataclass(frozen=True)
class QuietStanceView:
    stance: str
    words: str
    phase: str  # countdown | attempt | recover | done
    time_left_s: float
    recover_left_s: float
    marker: bool  # show the sway marker (feedback = "marker")
    ml_cm: float  # displacement from the middle, for the marker
    loss_cm: float


class QuietStanceChallenge(ChallengeBase):
    """The quiet-stance rules for one level run (rule time starts at 0)."""

    kind = KIND

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        super().__init__(level, rng)
        self.stance = str(level.option("stance"))
        self.phase = "countdown"  # countdown | attempt | recover | done
        self.phase_start_s = 0.0
        self.offset_cm = 0.0  # this challenge's middle, on top of the scene's (after a loss)
        self.ml_cm = 0.0  # displacement from that middle, for the marker
        self.beyond_s = 0.0
        self._samples: list[tuple[float, float]] = []  # (t_capture_s, com_ml_raw_cm), attempt
        self._bos_cm: list[float] = []
        self._recover: list[tuple[float, float]] = []  # (rule t, displacement) while recovering
        self.attempts: list[dict[str, Any]] = []

    @property
    def words(self) -> str:
        return STANCE_WORDS[self.stance]

    def _begin(self) -> TrialStart:
        self.phase, self.phase_start_s, self.beyond_s = "attempt", self.t_s, 0.0
        self._samples, self._bos_cm = [], []
        return TrialStart(self.new_trial_id(), "quiet_stance", hold_s=self.time_left_s(),
                          extra={"stance": self.stance})

    def _end(self, lost: str | None, interrupted: bool = False) -> TrialEnd:
        t = np.array([s[0] for s in self._samples])
        x = np.array([s[1] for s in self._samples])
        sway = sway_summary(t, x)
        detail = {
            "stance": self.stance, "eyes": self.level.option("eyes"),
            "feedback": self.level.option("feedback"), "signal": SIGNAL,
            "planned_s": self.t_end_s - self.phase_start_s,
            # On the capture clock (first to last sample): under load the rule clock may
            # run slow (the game loop drops steps rather than fast-forward).
            "time_in_stance_s": float(t[-1] - t[0]) if len(t) > 1 else 0.0,
            "rule_time_s": self.t_s - self.phase_start_s,
            "loss_of_balance": lost is not None, "loss_reason": lost or "",
            "interrupted_by_a_pause": interrupted,
            "loss_cm": self.p["loss_cm"],
            "bos_width_cm_median": float(np.median(self._bos_cm)) if self._bos_cm else None,
            "sway": sway}
        self.attempts.append(detail)
        if lost is None and not interrupted:
            self.phase = "done"
        else:
            self.phase, self.phase_start_s, self._recover = "recover", self.t_s, []
        outcome = "interrupted" if interrupted else "missed" if lost else "completed"
        return TrialEnd(self.next_trial_id - 1, outcome, rt="none", detail=detail,
                        direction_label="none")

    def advance(self, dt_s: float, body: Body) -> list[Event]:
        self.ml_cm = body.ml_cm - self.offset_cm
        events: list[Event] = []
        if self.phase == "attempt":
            for s in body.new_signals:
                if s.present and math.isfinite(s.com_ml_raw_cm):
                    self._samples.append((s.t_capture_s, s.com_ml_raw_cm))
                bos = getattr(s, "bos_width_cm", math.nan)  # base of support, if seen
                if math.isfinite(bos):
                    self._bos_cm.append(bos)
            self.beyond_s = self.beyond_s + dt_s if abs(self.ml_cm) > self.p["loss_cm"] else 0.0
            if self.beyond_s >= LOSS_CONFIRM_S:
                events.append(self._end(f"the centre of mass moved more than "
                                        f"{self.p['loss_cm']:g} cm from the middle"))
            elif self.t_s >= self.t_end_s:
                events.append(self._end(None))
        elif self.phase == "countdown" and self.t_s >= self.p["countdown_s"]:
            events.append(self._begin())
        elif self.phase == "recover":
            self._recover.append((self.t_s, body.ml_cm))
            if self.t_s - self.phase_start_s >= self.p["recover_s"]:
                recent = [x for t, x in self._recover if t > self.t_s - RECENTRE_S]
                self.offset_cm = float(np.median(recent)) if recent else self.offset_cm
                if self.time_left_s() >= MIN_ATTEMPT_S:
                    events.append(self._begin())
                else:
                    self.phase = "done"
        return events

    def idle(self) -> bool:
        return self.phase != "attempt"

    def interrupt(self) -> list[Event]:
        """A safety pause: the attempt so far is kept (time in stance, sway) as a trial
        "interrupted"; after the pause, time to get back into position, then a new one."""
        return [self._end(None, interrupted=True)] if self.phase == "attempt" else []

    def work_done(self) -> bool:
        return bool(self.attempts) and not self.attempts[-1]["interrupted_by_a_pause"]

    def handle_key(self, key: str) -> list[Event]:
        """N ("wrong") from the supervisor: a loss of balance the camera cannot see."""
        if key == "wrong" and self.phase == "attempt":
            return [self._end("the supervisor pressed N (foot down, a step or holding on)")]
        return []

    def summary(self) -> dict[str, Any]:
        times = [a["time_in_stance_s"] for a in self.attempts]
        best = max(range(len(times)), key=times.__getitem__) if times else None
        return {
            "stance": self.stance, "eyes": self.level.option("eyes"),
            "feedback": self.level.option("feedback"), "duration_planned_s": self.p["duration_s"],
            "n_attempts": len(self.attempts),
            "n_losses": sum(a["loss_of_balance"] for a in self.attempts),
            "time_in_stance_s": times, "longest_stance_s": max(times) if times else None,
            "completed_full_time": any(not a["loss_of_balance"] and a["time_in_stance_s"]
                                       >= self.p["duration_s"] - 0.5 for a in self.attempts),
            # The sway of the longest attempt: per-second measures (velocity, RMS, frequency)
            # compare across attempts of different length, path length and range do not.
            "sway_ml": self.attempts[best]["sway"] if best is not None else None,
            "sway_attempt_index": best, "signal": SIGNAL}

    def view(self) -> QuietStanceView:
        recover_left_s = self.p["recover_s"] - (self.t_s - self.phase_start_s)
        return QuietStanceView(self.stance, self.words, self.phase, self.time_left_s(),
                               max(0.0, recover_left_s), self.level.option("feedback") == "marker",
                               self.ml_cm, self.p["loss_cm"])


CHALLENGE = QuietStanceChallenge
