"""Rules of gaze stabilisation (VOR x1): eyes on a letter, head turning with a metronome.

One bout per level (``duration_s``, 30 s is usual): for several bouts with
rests, put the level in a program with ``bouts`` and ``rest_s``, which also
gives the rest screen and the session cap.  During the countdown the patient
looks at the letter with the head still: the head's straight-ahead yaw is
measured then.  Then the metronome runs: the head goes from one side to the
other on every beat (a "turn"; a full left-right-left cycle is two beats), to
``amplitude_deg`` each side, the patient's right first; the letter changes
every ``letter_change_s`` so the eyes have something to read.  The bout is
one trial, outcome "completed" (:mod:`balancegame.challenges.bout`).

Measures (:func:`head_turn_measures`), on ``BodySignals.head_yaw_deg`` at
capture times (:mod:`balancegame.body.head_feet`: nose between the ears; a
single frontal camera, so the figures are approximate and best compared
within a patient): turns (crossings of the bout's median yaw, with
hysteresis), turn rate and its % of the metronome, amplitude (mean peak-to-peak / 2) and its %
of the prescription, each side's peak from straight ahead, regularity (CV of
the turn intervals), and the lag of the middle crossings behind the
metronome's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from balancegame.challenges.bout import BoutChallenge, mean_and_cv, median3
from balancegame.messages import BodySignals
from balancegame.prescription.params import load_declarations

if TYPE_CHECKING:
    from balancegame.prescription.levels import Level

KIND = "gaze_stabilisation"
# What a therapist can set (units, safe ranges, meanings, presets): data, in the .toml beside.
SUMMARY, PARAMS, CHOICES, EASIEST, HARDEST = load_declarations(__name__).as_tuple()
LETTERS = "CDHKNORSVZ"  # Sloan letters (acuity charts): equally legible, easy to tell apart
SIGNAL = ("head_yaw_deg: nose between the ears (balancegame.body.head_feet), MediaPipe Pose, "
          "single frontal camera")
MIN_HYSTERESIS_DEG = 3.0  # a turn must pass this far beyond the middle (yaw jitter SD ~1 deg)
MAX_HEAD_SPEED_DEG_S = 300.0



def check(values: dict[str, Any]) -> list[str]:
    speed = math.pi * values["amplitude_deg"] * values["metronome_bpm"] / 60.0
    if speed > MAX_HEAD_SPEED_DEG_S:
        return [f"[difficulty] metronome_bpm = {values['metronome_bpm']:g} with amplitude_deg = "
                f"{values['amplitude_deg']:g} asks for a head speed of {speed:.0f} deg/s in the "
                f"middle of each turn; keep it under {MAX_HEAD_SPEED_DEG_S:.0f} deg/s (a 30 fps "
                "camera then sees a blurred face): lower the rate or the amplitude."]
    return []


def turn_crossings(t_s: np.ndarray, yaw_deg: np.ndarray, hysteresis_deg: float
                   ) -> list[tuple[float, int]]:
    """(time, direction) of each turn: when the head crosses the middle (yaw 0).

    A turn counts once the yaw passes ``hysteresis_deg`` beyond the middle on
    the side opposite the previous one; its time is the last interpolated
    zero crossing before that.  Direction +1 = towards the patient's right.
    The first movement away from the middle is half a turn and is not counted.
    """
    out: list[tuple[float, int]] = []
    side, t_zero = 0, float(t_s[0]) if len(t_s) else 0.0
    for i in range(len(t_s)):
        if i and (yaw_deg[i - 1] <= 0.0) != (yaw_deg[i] <= 0.0):
            frac = yaw_deg[i - 1] / (yaw_deg[i - 1] - yaw_deg[i])
            t_zero = float(t_s[i - 1] + frac * (t_s[i] - t_s[i - 1]))
        now = 1 if yaw_deg[i] > hysteresis_deg else -1 if yaw_deg[i] < -hysteresis_deg else 0
        if now and now != side:
            if side:
                out.append((t_zero, now))
            side = now
    return out


def head_turn_measures(t_s: np.ndarray, yaw_deg: np.ndarray, bpm: float, amplitude_deg: float,
                       straight_deg: float | None = None,
                       t_metronome_s: float | None = None) -> dict[str, Any]:
    """Turn rate, amplitude and regularity of a yaw trace (deg) at capture times (s).

    ``straight_deg``: the yaw when looking straight ahead (countdown), which
    each side's peak is measured from (the bout's median instead when not
    given or implausible); ``t_metronome_s``: when the metronome started
    (capture clock), for the lag.  Undefined figures are None.
    """
    ok = np.isfinite(yaw_deg)
    t, yaw = np.asarray(t_s, float)[ok], np.asarray(yaw_deg, float)[ok]
    out: dict[str, Any] = {"n_samples": int(ok.sum()), "signal": SIGNAL, "metronome_bpm": bpm,
                           "amplitude_prescribed_deg": amplitude_deg}
    if len(t) < 5:
        return out
    smooth = median3(yaw)  # one jittery frame neither crosses nor peaks
    spread = (np.percentile(smooth, 95) - np.percentile(smooth, 5)) / 2
    hysteresis = max(MIN_HYSTERESIS_DEG, 0.3 * spread)
    # Turns are timed where they cross the bout's median (it splits the time evenly
    # between the sides, so a head turned further one way does not skew the rhythm);
    # each side's peak is measured from straight ahead, when the countdown gave a
    # plausible one (within half the turns' amplitude of the median).
    centre = float(np.median(smooth))
    straight = centre
    if straight_deg is not None and abs(straight_deg - centre) < 0.5 * spread:
        straight = straight_deg
    crossings = turn_crossings(t, smooth - centre, hysteresis)
    times = [c[0] for c in crossings]
    intervals = list(np.diff(times))
    # Each excursion between two crossings: its peak towards its side.
    peaks: list[tuple[int, float]] = []
    for (t0, d), t1 in zip(crossings, times[1:], strict=False):
        seg = smooth[(t >= t0) & (t <= t1)]
        if seg.size:
            peaks.append((d, float(np.max((seg - straight) * d))))
    p2p = [a[1] + b[1] for a, b in zip(peaks, peaks[1:], strict=False)]
    mean_interval, interval_cv = mean_and_cv(intervals)
    amplitude = float(np.mean(p2p)) / 2 if p2p else None
    rate = 60.0 / mean_interval if mean_interval else None
    out.update({
        "n_turns": len(crossings),
        "turns_per_min": rate,
        "turn_rate_pct_of_prescribed": rate / bpm * 100 if rate else None,
        "amplitude_deg": amplitude,
        "amplitude_pct_of_prescribed": amplitude / amplitude_deg * 100 if amplitude else None,
        "amplitude_cv_pct": mean_and_cv([p for _, p in peaks])[1],
        "peak_right_deg": mean_and_cv([p for d, p in peaks if d > 0])[0],
        "peak_left_deg": mean_and_cv([p for d, p in peaks if d < 0])[0],
        "turn_interval_cv_pct": interval_cv,
        "hysteresis_deg": hysteresis,
    })
    if t_metronome_s is not None and times:
        period = 60.0 / bpm  # the metronome passes the middle every beat period
        lags = [((tc - t_metronome_s + period / 2) % period - period / 2) * 1e3 for tc in times]
        out["lag_ms_median"] = float(np.median(lags))
    return out


@dataclass(frozen=True)
class GazeView:
    phase: str  # countdown | bout | ready | done
    checkerboard: bool
    letter: str
    letter_height_pct: float
    metronome: float  # where the head should be: -1..1 of the amplitude, + = right
    head_share: float  # where the head is, same scale (NaN: not seen)


class GazeChallenge(BoutChallenge):
    """The gaze-stabilisation rules for one level run (rule time starts at 0)."""

    kind = KIND
    trial_kind = "gaze"

    def __init__(self, level: Level, rng: np.random.Generator) -> None:
        super().__init__(level, rng, level["metronome_bpm"])
        self._straight: list[float] = []  # yaw during the countdown
        self._yaw: list[tuple[float, float]] = []  # (t_capture_s, yaw) of the bout
        self._n_frames = 0
        self._straight_deg: float | None = None
        self.yaw_now_deg = math.nan  # from straight ahead, for the view
        n = int(self.t_end_s / self.p["letter_change_s"]) + 2
        picks = [int(rng.integers(len(LETTERS)))]
        for _ in range(n):  # never the same letter twice in a row
            picks.append((picks[-1] + 1 + int(rng.integers(len(LETTERS) - 1))) % len(LETTERS))
        self.letters = "".join(LETTERS[i] for i in picks)

    @property
    def letter(self) -> str:
        return self.letters[int(self.t_s / self.p["letter_change_s"]) % len(self.letters)]

    def metronome(self) -> tuple[float, int]:
        """(where the head should be, -1..1 of the amplitude, + = right; beats so far)."""
        tau = self.beats()
        return math.sin(math.pi * tau), int(tau + 0.5)

    def straight_deg(self) -> float | None:
        return float(np.median(self._straight)) if self._straight else None

    def countdown_restarted(self) -> None:
        self._straight = []

    def countdown_sample(self, s: BodySignals) -> None:
        if s.present and math.isfinite(s.head_yaw_deg):
            self._straight.append(s.head_yaw_deg)

    def bout_started(self) -> None:
        self._yaw, self._n_frames = [], 0
        self._straight_deg = self.straight_deg()

    def bout_sample(self, s: BodySignals) -> None:
        self._n_frames += 1
        if s.present and math.isfinite(s.head_yaw_deg):
            self._yaw.append((s.t_capture_s, s.head_yaw_deg))
            straight = self._straight_deg if self._straight_deg is not None else 0.0
            self.yaw_now_deg = s.head_yaw_deg - straight

    def task(self, duration_s: float) -> dict[str, Any]:
        return {"task": "head_turns", "duration_s": duration_s,
                "turns_per_min": self.p["metronome_bpm"], "amplitude_deg": self.p["amplitude_deg"]}

    def beat_count(self) -> int:
        """A tick as the head should reach each side (the metronome's extremes)."""
        return self.metronome()[1] if self.level.option("metronome_sound") == "on" else 0

    def measure(self, t_onset_s: float | None) -> dict[str, Any]:
        t = np.array([s[0] for s in self._yaw])
        yaw = np.array([s[1] for s in self._yaw])
        detail = head_turn_measures(t, yaw, self.p["metronome_bpm"], self.p["amplitude_deg"],
                                    self.straight_deg(), t_onset_s)
        return {**detail, "n_frames": self._n_frames,
                "head_seen_pct": 100 * len(self._yaw) / max(1, self._n_frames),
                "straight_ahead_deg": self.straight_deg(),
                "background": self.level.option("background")}

    def summary(self) -> dict[str, Any]:
        last = self.bouts[-1] if self.bouts else {}
        keys = ("turns_per_min", "turn_rate_pct_of_prescribed", "amplitude_deg",
                "amplitude_pct_of_prescribed", "peak_right_deg", "peak_left_deg",
                "turn_interval_cv_pct", "n_turns", "lag_ms_median", "head_seen_pct")
        return {"metronome_bpm": self.p["metronome_bpm"],
                "amplitude_prescribed_deg": self.p["amplitude_deg"],
                "n_bouts": len(self.bouts), **{k: last.get(k) for k in keys}, "signal": SIGNAL}

    def view(self) -> GazeView:
        return GazeView(self.phase, self.level.option("background") == "checkerboard",
                        self.letter, self.p["letter_height_pct"], self.metronome()[0],
                        self.yaw_now_deg / self.p["amplitude_deg"])


CHALLENGE = GazeChallenge
