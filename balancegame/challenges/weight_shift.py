"""Rules of the weight-shift reaching challenge: targets at the patient's limits of stability.

A target appears in one of the compass directions the level allows, at
``target_min_pct``-``target_max_pct`` % of the patient's limit of stability
(LoS) in that direction; the patient shifts their centre of mass (CoM) onto it
and holds it there for ``hold_s``.  Directions come in shuffled blocks (each
allowed direction once per block), so every direction gets the same number of
trials.  The next target appears ``rest_s`` after the last one, once the CoM is
back in the middle circle and has stayed there 1 s, so that every reaction starts
from quiet standing (or 5 s later regardless, so the game never stalls).

**Forward/back is not measured.**  One camera in front sees the body in the
frontal plane only: trunk lean is frontal-plane, and MediaPipe's depth is too
noisy to score a lean of a few centimetres.  The 8-direction data model stays
(levels, storage, targets placed in 2-D on an elliptic LoS), but only the
medio-lateral (ML) component is scored: straight forward/back targets are
refused by :func:`check`, and a diagonal target is reached by its ML component
alone (the patient is asked to lean diagonally, only the sideways part counts).

**Reached** = the CoM has been, without interruption for ``hold_s``, at or
beyond the target ring's near edge along the target direction (target distance
- radius).  Going further than the target counts: the target asks for at least
that much weight shift, a share of the patient's own limit, as in the LoS
test, where how far the patient goes is itself the outcome; accuracy is
reported apart (end-point excursion against target distance).  **Missed** = not
reached within ``time_limit_s``.

Target geometry and the measures per trial: :mod:`balancegame.measures.limits_of_stability`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.base import Body, Event, TrialEnd, TrialStart
from balancegame.challenges.lifecycle import FIXED_DURING_A_RUN, ChallengeBase, success_rate
from balancegame.measures.limits_of_stability import (
    COMPASS,
    los_cm,
    reach_measures,
    target_point_cm,
)
from balancegame.messages import Side
from balancegame.prescription.params import load_declarations

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "weight_shift"
# What a therapist can set (units, safe ranges, meanings, presets): data, in the .toml beside.
SUMMARY, PARAMS, CHOICES, EASIEST, HARDEST = load_declarations(__name__).as_tuple()
MIN_SHIFT_CM = 1.0  # a target's near edge at least this far out: standing still never reaches it
HOME_WAIT_MAX_S = 5.0  # after rest_s, wait at most this long for the CoM to be back home
HOME_STILL_S = 1.0  # in the middle circle this long first: the reaction-time baseline



def check(values: dict[str, Any]) -> list[str]:
    """Rules across parameters and the directions choice."""
    problems = []
    pure_ap = [d for d in values.get("directions", ()) if COMPASS[d][0] == 0.0]
    if pure_ap:
        problems.append(
            f"directions includes {', '.join(repr(d) for d in pure_ap)}: a single camera in "
            "front cannot measure forward/back lean reliably yet, so such targets cannot be "
            "scored. Use \"left\", \"right\" or the diagonals (only their sideways part counts).")
    if values["target_min_pct"] > values["target_max_pct"]:
        problems.append("[difficulty] target_min_pct is larger than target_max_pct: swap them.")
    if values["time_limit_s"] < values["hold_s"] + 1.0:
        problems.append("[difficulty] time_limit_s must be at least hold_s + 1 s, to leave time "
                        "to get to the target before holding it.")
    for d in values.get("directions", ()):
        if d in pure_ap:
            continue
        near_cm = abs(target_point_cm(values, d, values["target_min_pct"])[0])
        if near_cm - values["target_radius_cm"] < MIN_SHIFT_CM:
            problems.append(
                f"[difficulty] the nearest {d} target ({near_cm:.1f} cm sideways) is within "
                f"target_radius_cm + {MIN_SHIFT_CM:g} cm of the middle: standing still would "
                "reach it. Make target_min_pct larger or target_radius_cm smaller.")
            break
    return problems


@dataclass
class Target:
    trial_id: int
    label: str  # compass direction, one of COMPASS
    side: Side  # its ML side: what is scored, and what the demo puppet leans towards
    pct: float  # % of the LoS
    los_cm: float  # the LoS in this direction
    point_cm: tuple[float, float]  # centre (ML, AP), cm from the middle
    t_start_s: float  # rule time it appeared
    centre_cm: float  # the scene's middle (absolute CoM ML) when it appeared
    t_seen_s: float = 0.0  # capture time of the newest sample when it appeared
    t_onset_s: float | None = None  # the flip that showed it (capture clock)
    held_s: float = 0.0  # current uninterrupted time on the target
    samples: list[tuple[float, float, float]] = field(default_factory=list)  # t, filt, raw

    @property
    def distance_cm(self) -> float:
        return abs(self.point_cm[0])


@dataclass(frozen=True)
class WeightShiftView:
    los_left_cm: float
    los_right_cm: float
    target_radius_cm: float
    target: str | None  # compass label of the target on screen, or None between targets
    target_point_cm: tuple[float, float] | None
    hold_share: float  # 0..1 of the hold time done (0 while off the target)


class WeightShiftChallenge(ChallengeBase):
    """The weight-shift rules for one level run (rule time starts at 0)."""

    kind = KIND

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        super().__init__(level, rng)
        self.directions = tuple(d for d in level.option("directions") if COMPASS[d][0] != 0.0)
        self.active: Target | None = None
        self.next_start_s = self.countdown_s
        self._queue: list[str] = []
        self._recent: list[tuple[float, float, float]] = []  # last 2 s of samples (baseline)
        self.centre_cm = 0.0
        self.home_s = 0.0  # how long the CoM has been in the middle circle
        self.results: list[dict[str, Any]] = []

    def set_difficulty(self, values: dict[str, Any]) -> None:
        """New values from the next target on; the level's length never changes mid-run."""
        self.p.update({k: v for k, v in values.items() if k not in FIXED_DURING_A_RUN})

    def stimulus_shown(self, trial_id: int, t_onset_s: float) -> None:
        if self.active is not None and self.active.trial_id == trial_id:
            self.active.t_onset_s = t_onset_s

    def _collect(self, body: Body) -> None:
        s = body.signals
        if body.present and s is not None and math.isfinite(s.com_ml_cm):
            self.centre_cm = s.com_ml_cm - body.ml_cm  # the scene's middle
        for s in body.new_signals:
            if s.present and math.isfinite(s.com_ml_cm):
                row = (s.t_capture_s, s.com_ml_cm, s.com_ml_raw_cm)
                self._recent.append(row)
                if self.active is not None:
                    self.active.samples.append(row)
        while self._recent and self._recent[-1][0] - self._recent[0][0] > 2.0:
            self._recent.pop(0)

    def _start(self) -> TrialStart:
        if not self._queue:
            self._queue = [str(d) for d in self.rng.permutation(self.directions)]
        label = self._queue.pop(0)
        pct = float(self.rng.uniform(self.p["target_min_pct"], self.p["target_max_pct"]))
        point = target_point_cm(self.p, label, pct)
        tg = Target(self.new_trial_id(), label, Side.RIGHT if point[0] > 0 else Side.LEFT, pct,
                    los_cm(self.p, label), point, self.t_s, self.centre_cm,
                    self._recent[-1][0] if self._recent else 0.0, samples=list(self._recent))
        self.active = tg
        # Asked of the patient: get there, then hold for hold_s (within time_limit_s).
        return TrialStart(tg.trial_id, "weight_shift", tg.side, tg.distance_cm,
                          hold_s=self.p["hold_s"], hold_from="arrival",
                          extra={"direction_label": label, "target_pct_los": pct,
                                 "time_limit_s": self.p["time_limit_s"]})

    def _end(self, tg: Target, outcome: str) -> TrialEnd:
        self.active = None
        self.next_start_s = self.t_s + self.p["rest_s"]
        rows = np.array(tg.samples, dtype=float).reshape(-1, 3)
        sign = tg.side.value
        t_stim = tg.t_onset_s if tg.t_onset_s is not None else tg.t_seen_s
        m = reach_measures(rows[:, 0], (rows[:, 1] - tg.centre_cm) * sign,
                           (rows[:, 2] - tg.centre_cm) * sign, t_stim,
                           tg.distance_cm - self.p["target_radius_cm"])
        los_ml_cm = abs(tg.los_cm * COMPASS[tg.label][0])
        for key in ("endpoint_excursion", "max_excursion"):
            v = m[f"{key}_cm"]
            m[f"{key}_pct_los"] = None if v is None else v / los_ml_cm * 100.0
        detail = {**m, "target_pct_los": tg.pct, "los_cm": tg.los_cm, "los_ml_cm": los_ml_cm,
                  "target_ml_cm": tg.point_cm[0], "target_ap_cm": tg.point_cm[1],
                  "target_radius_cm": self.p["target_radius_cm"], "hold_s": self.p["hold_s"],
                  "axis": "ML only (forward/back not measured with one frontal camera)",
                  "stimulus_time": "flip" if tg.t_onset_s is not None else "newest sample"}
        self.results.append({"direction": tg.label, "outcome": outcome, **detail})
        return TrialEnd(tg.trial_id, outcome, tg.side, tg.distance_cm, rt="movement",
                        detail=detail, direction_label=tg.label)

    def advance(self, dt_s: float, body: Body) -> list[Event]:
        self._collect(body)
        home = body.present and abs(body.ml_cm) <= self.p["target_radius_cm"]
        self.home_s = home_s = self.home_s + dt_s if home else 0.0
        events: list[Event] = []
        tg = self.active
        if tg is not None:
            along_cm = body.ml_cm * tg.side.value
            on = body.present and along_cm >= tg.distance_cm - self.p["target_radius_cm"]
            tg.held_s = tg.held_s + dt_s if on else 0.0
            if tg.held_s >= self.p["hold_s"] - 1e-9:
                events.append(self._end(tg, "reached"))
            elif self.t_s - tg.t_start_s >= self.p["time_limit_s"]:
                events.append(self._end(tg, "missed"))
        elif (self.t_s >= self.next_start_s and self.t_s + self.p["time_limit_s"] <= self.t_end_s
              and (home_s >= HOME_STILL_S or self.t_s >= self.next_start_s + HOME_WAIT_MAX_S)):
            events.append(self._start())
        return events

    def idle(self) -> bool:
        return self.active is None

    def cancel_active(self) -> list[int]:
        """Drop the target on screen (a pause); the next comes after a rest."""
        cancelled = [self.active.trial_id] if self.active else []
        self.active = None
        self.next_start_s = self.t_s + self.p["rest_s"]
        return cancelled

    def summary(self) -> dict[str, Any]:
        per: dict[str, dict[str, Any]] = {}
        for label in dict.fromkeys(r["direction"] for r in self.results):
            rs = [r for r in self.results if r["direction"] == label]

            def mean(key: str, how=np.mean, rs=rs) -> float | None:
                vals = [r[key] for r in rs if r[key] is not None]
                return float(how(vals)) if vals else None

            per[label] = {
                "n_targets": len(rs), "n_reached": sum(r["outcome"] == "reached" for r in rs),
                "reaction_time_ms_median": mean("reaction_time_ms", np.median),
                "movement_time_s_median": mean("movement_time_s", np.median),
                "endpoint_excursion_cm_mean": mean("endpoint_excursion_cm"),
                "endpoint_excursion_pct_los_mean": mean("endpoint_excursion_pct_los"),
                "max_excursion_cm_mean": mean("max_excursion_cm"),
                "max_excursion_pct_los_mean": mean("max_excursion_pct_los"),
                "directional_control_pct_mean": mean("directional_control_pct")}
        outcomes = [r["outcome"] for r in self.results]
        reached = outcomes.count("reached")
        return {"n_reached": reached, "n_missed": len(outcomes) - reached,
                "success_rate": success_rate(outcomes, "reached"), "per_direction": per,
                "los_cm": {k: self.p[f"los_{k}_cm"] for k in ("left", "right", "forward", "back")},
                "axis": "ML only: forward/back lean is not measured with one frontal camera"}

    def view(self) -> WeightShiftView:
        tg = self.active
        return WeightShiftView(
            self.p["los_left_cm"], self.p["los_right_cm"], self.p["target_radius_cm"],
            tg.label if tg else None, tg.point_cm if tg else None,
            min(1.0, tg.held_s / self.p["hold_s"]) if tg else 0.0)


CHALLENGE = WeightShiftChallenge
