"""Rules of stepping in place: march on the spot for a set time; cadence and regularity.

During the countdown the patient stands still on both feet and each ankle's
standing height is measured.  Then one bout of ``duration_s`` (one trial,
outcome "completed", :mod:`balancegame.challenges.bout`), with an optional
metronome at ``target_cadence_spm``.

Step detection (:func:`detect_steps`) works on the difference of the two
ankles' rises above standing (left minus right, cm; ``BodySignals.
left_ankle_up_cm``/``right_ankle_up_cm``): marching on the spot lifts one
foot while the other stands, and the difference cancels whatever moves both
(the body bobbing, walking nearer the camera, which lowers both feet in the
image).  A step of the left foot counts when the difference reaches
``lift_cm``; it is over when it falls back below ``RELEASE_SHARE`` x
``lift_cm`` (hysteresis), and its time is when it rose through that lower
level (close to the foot leaving the floor, whatever the step's height).
The right foot likewise with the difference's negative.

Measures: steps (each foot), cadence (steps/min = 60 / mean step time),
step time (s between successive steps, either foot) and its variability
(CV %), stride time CV (same foot), each foot's mean step height above the
standing foot (cm), and how often the same foot stepped twice in a row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.bout import BoutChallenge, mean_and_cv
from balancegame.messages import BodySignals
from balancegame.prescription.params import load_declarations

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "stepping"
# What a therapist can set (units, safe ranges, meanings, presets): data, in the .toml beside.
SUMMARY, PARAMS, CHOICES, EASIEST, HARDEST = load_declarations(__name__).as_tuple()
SIGNAL = ("left_ankle_up_cm - right_ankle_up_cm (balancegame.body.head_feet), MediaPipe Pose, "
          "single frontal camera")
RELEASE_SHARE = 0.4  # a step ends when the foot is back below this share of lift_cm



class StepDetector:
    """Finds steps in a stream of (time, left-minus-right rise) samples; see the module doc.

    The rise must be relative to standing (0 with both feet down).  Samples
    pass a centred 3-sample median first (so each is judged one sample late);
    :meth:`finish` judges the last one.  ``steps``: (time of lift-off, "left"
    or "right", step height cm above the other foot), in order.
    """

    def __init__(self, lift_cm: float) -> None:
        self.lift_cm = float(lift_cm)
        self.release_cm = RELEASE_SHARE * self.lift_cm
        self.steps: list[tuple[float, str, float]] = []
        self._raw: list[tuple[float, float]] = []  # the last 3 samples
        self._prev: tuple[float, float] | None = None  # the last judged (time, diff)
        self._active: str | None = None  # the foot in the air
        self._t_low = {"left": math.nan, "right": math.nan}  # last rise through release level

    def add(self, t_s: float, diff_cm: float) -> None:
        self._raw = [*self._raw[-2:], (t_s, diff_cm)]
        if len(self._raw) == 1:
            self._judge(t_s, diff_cm)
        elif len(self._raw) == 3:
            self._judge(self._raw[1][0], float(np.median([d for _, d in self._raw])))

    def finish(self) -> list[tuple[float, str, float]]:
        if len(self._raw) >= 2:
            self._judge(*self._raw[-1])
        self._raw = []
        return self.steps

    def _judge(self, t_s: float, diff_cm: float) -> None:
        for foot, sign in (("left", 1.0), ("right", -1.0)):
            rise = sign * diff_cm
            if self._prev is not None:
                t0, prev = self._prev[0], sign * self._prev[1]
                if prev <= self.release_cm < rise:  # interpolate the crossing
                    self._t_low[foot] = t0 + (self.release_cm - prev) / (rise - prev) * (t_s - t0)
            if self._active == foot:
                t_step, _, height = self.steps[-1]
                self.steps[-1] = (t_step, foot, max(height, rise))
                if rise < self.release_cm:
                    self._active = None
            elif self._active is None and rise >= self.lift_cm:
                t_low = self._t_low[foot]
                self.steps.append((t_low if math.isfinite(t_low) else t_s, foot, rise))
                self._active = foot
        self._prev = (t_s, diff_cm)


def detect_steps(t_s: np.ndarray, diff_cm: np.ndarray, lift_cm: float
                 ) -> list[tuple[float, str, float]]:
    """Every step in a whole trace (see :class:`StepDetector`)."""
    detector = StepDetector(lift_cm)
    for t, d in zip(t_s, diff_cm, strict=True):
        if math.isfinite(d):
            detector.add(float(t), float(d))
    return detector.finish()


def step_measures(steps: list[tuple[float, str, float]], target_spm: float,
                  duration_s: float) -> dict[str, Any]:
    """Cadence, counts and variability of detected steps; None where undefined."""
    times = [s[0] for s in steps]
    step_times = list(np.diff(times))
    mean_step, step_cv = mean_and_cv(step_times)
    strides = [float(d) for foot in ("left", "right")
               for d in np.diff([s[0] for s in steps if s[1] == foot])]
    cadence = 60.0 / mean_step if mean_step else None
    return {
        "n_steps": len(steps),
        "n_left": sum(s[1] == "left" for s in steps),
        "n_right": sum(s[1] == "right" for s in steps),
        "cadence_spm": cadence,
        "cadence_pct_of_target": cadence / target_spm * 100 if cadence else None,
        "steps_per_min_overall": len(steps) / duration_s * 60 if duration_s > 0 else None,
        "step_time_s_mean": mean_step,
        "step_time_cv_pct": step_cv,
        "stride_time_cv_pct": mean_and_cv(strides)[1],
        "step_height_left_cm": mean_and_cv([s[2] for s in steps if s[1] == "left"])[0],
        "step_height_right_cm": mean_and_cv([s[2] for s in steps if s[1] == "right"])[0],
        "same_foot_repeats": sum(a[1] == b[1] for a, b in zip(steps, steps[1:], strict=False)),
        "target_cadence_spm": target_spm,
    }


def _rise(s: BodySignals) -> tuple[float, float]:
    if not s.present:
        return math.nan, math.nan
    return s.left_ankle_up_cm, s.right_ankle_up_cm


@dataclass(frozen=True)
class SteppingView:
    phase: str  # countdown | bout | ready | done
    beat_foot: str | None  # with the metronome on, the foot whose turn it is
    lift_cm: tuple[float, float]  # (left, right) above standing (NaN: not seen)
    threshold_cm: float  # the lift that counts as a step
    n_steps: int
    cadence_recent_spm: float | None


class SteppingChallenge(BoutChallenge):
    """The stepping-in-place rules for one level run (rule time starts at 0)."""

    kind = KIND
    trial_kind = "stepping"

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        super().__init__(level, rng, level["target_cadence_spm"])
        self.metronome_on = level.option("metronome") == "on"
        self._standing: list[tuple[float, float]] = []  # (left, right) in the countdown
        self._base: tuple[float, float] | None = None  # standing heights for this bout
        self._detector = StepDetector(self.p["lift_cm"])
        self._n_frames = self._n_feet = 0
        self.lift_now_cm = (math.nan, math.nan)  # (left, right) above standing, for the view
        self._t_now_s = -math.inf  # capture time of the newest signal of the bout

    @property
    def steps(self) -> list[tuple[float, str, float]]:
        return self._detector.steps

    def recent_cadence_spm(self, window_s: float = 10.0) -> float | None:
        """Cadence over the steps of the last ``window_s`` (capture clock), for the screen."""
        recent = [t for t, _, _ in self.steps if t >= self._t_now_s - window_s]
        return 60.0 * (len(recent) - 1) / (recent[-1] - recent[0]) if len(recent) >= 3 else None

    def standing_cm(self) -> tuple[float, float] | None:
        """Median (left, right) ankle height while standing in the countdown."""
        pairs = [p for p in self._standing if all(map(math.isfinite, p))]
        if not pairs:
            return None
        left, right = np.median(np.array(pairs), axis=0)
        return float(left), float(right)

    def countdown_restarted(self) -> None:
        self._standing = []

    def countdown_sample(self, s: BodySignals) -> None:
        self._standing.append(_rise(s))

    def bout_started(self) -> None:
        self._base = self.standing_cm()
        self._detector = StepDetector(self.p["lift_cm"])
        self._n_frames = self._n_feet = 0

    def bout_sample(self, s: BodySignals) -> None:
        self._n_frames += 1
        self._t_now_s = s.t_capture_s
        left, right = _rise(s)
        if not (math.isfinite(left) and math.isfinite(right)):
            return
        if self._base is None:  # feet not seen in the countdown: the first frame seen
            self._base = (left, right)
        self._n_feet += 1
        self.lift_now_cm = (left - self._base[0], right - self._base[1])
        self._detector.add(s.t_capture_s, self.lift_now_cm[0] - self.lift_now_cm[1])

    def task(self, duration_s: float) -> dict[str, Any]:
        return {"task": "march", "duration_s": duration_s,
                "cadence_spm": self.p["target_cadence_spm"], "lift_cm": self.p["lift_cm"]}

    def beat_count(self) -> int:
        """With the metronome on, a tick at the start of each step (the first at once)."""
        return int(self.beats()) + 1 if self.metronome_on else 0

    def measure(self, t_onset_s: float | None) -> dict[str, Any]:
        steps = self._detector.finish()
        return {**step_measures(steps, self.p["target_cadence_spm"],
                                self.t_s - self.phase_start_s),
                "lift_threshold_cm": self.p["lift_cm"],
                "metronome": self.level.option("metronome"), "signal": SIGNAL,
                "n_frames": self._n_frames,
                "feet_seen_pct": 100 * self._n_feet / max(1, self._n_frames),
                "standing_left_right_cm": list(self._base) if self._base else None}

    def summary(self) -> dict[str, Any]:
        last = self.bouts[-1] if self.bouts else {}
        keys = ("n_steps", "n_left", "n_right", "cadence_spm", "cadence_pct_of_target",
                "step_time_s_mean", "step_time_cv_pct", "stride_time_cv_pct",
                "step_height_left_cm", "step_height_right_cm", "same_foot_repeats",
                "feet_seen_pct")
        return {"target_cadence_spm": self.p["target_cadence_spm"],
                "metronome": self.level.option("metronome"), "lift_threshold_cm": self.p["lift_cm"],
                "n_bouts": len(self.bouts), **{k: last.get(k) for k in keys}, "signal": SIGNAL}

    def view(self) -> SteppingView:
        bout = self.phase == "bout"
        # Beat k (from 0 at the start of the bout) is for the left foot when k is even.
        foot = (("left", "right")[int(self.beats()) % 2] if bout and self.metronome_on else None)
        return SteppingView(self.phase, foot, self.lift_now_cm if bout else (math.nan, math.nan),
                            self.p["lift_cm"], len(self.steps), self.recent_cadence_spm())


CHALLENGE = SteppingChallenge
