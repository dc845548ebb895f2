"""Where the body is when a frame reaches the screen: a Kalman filter predicted to the flip.

A frame shows the body as it was at its capture; by the time the marker drawn from it is on
the screen, the camera's delay, the pose call and the wait for the flip have passed (about
60-160 ms).  A patient steering by a marker that trails them over-corrects.  As in
DeepLabCut-Live's forward prediction, the marker is drawn where the body is estimated to be
*at the flip*, not where it was.

The estimator: a Kalman filter on the unfiltered CoM position, on the frames' capture
timestamps (never an assumed rate), with a constant-acceleration model driven by white jerk
(Bar-Shalom, Li & Kirubarajan 2001, "Estimation with Applications to Tracking and
Navigation", section 6.2).  A frame is predicted to its expected flip, at most
``max_horizon_s`` past the newest capture: position + speed x horizon + acceleration x
horizon^2 / 2, except that the speed is taken to decay with time constant
``velocity_decay_s``, because a standing person's movements end: a speed carried on unchanged
over 140 ms overshoots the end of a 0.6 s reach by about 20 % (measured).

At rest the marker is exactly today's One Euro estimate (body/signals.py's settings): a
prediction there would only carry noise over the horizon.  The prediction is shown in full
while a movement is under way (body/movement_latch.py: from the first sample whose speed
clears 4.5 x the speed's own noise at rest and 8 cm/s, to the sample where it falls back
below its noise; the One Euro estimate then goes on from the filter's position, so the
hand-over neither jumps nor drags the marker back).  Slower
motion goes over to the prediction smoothly as the estimated speed rises through
``gate_speed_cm_s``, raised to ``gate_noise_k`` x that noise, so that a noisier camera needs
a clearer movement before prediction switches on (it then trails more, but never shakes).

A tremor (3.5-8 Hz, body/tremor.py) is not extrapolated: predicted most of a period ahead it
comes out in the wrong phase and far larger (a 0.4 cm tremor in the hold after a reach swung
the marker by up to 5 cm at 100 ms of camera delay).  While one is seen the marker goes back to
the One Euro estimate.  It is recognised only once the reach has left the detector's 0.8 s
window: until then the marker still swings.

A decelerating body comes to rest rather than turning back: when the estimated acceleration
opposes the speed, the extrapolation stops where the speed would reach zero.  Without that,
the end of every reach showed the marker sliding back towards the start (about 1 cm at
100 ms of camera delay).  Tuning and figures: benchmarks/feedback_latency.py (live) and
feedback_replay.py (recorded runs, with real tracking noise from ../shared/data added; other
movement shapes and seeds held out).

Bad input never throws the marker: a sample whose time does not increase is ignored (and
counted); the speed is capped at ``max_speed_cm_s``; data older than the horizon fades the
extrapolation out, so the marker settles on the last estimate; a gap longer than
``reset_after_s`` or a new body scale restarts the filter; and the shown marker never moves
faster than ``max_marker_speed_cm_s`` from one frame to the next, so a restart or a late
sample glides it rather than making it jump.  Below ``slow_pose_hz`` (a busy laptop: 4-7 Hz is
seen) too few samples come to estimate a movement's speed: the marker goes back to the One
Euro estimate, which trails but does not fly off.

Prediction is only for what the patient sees: sway and reaction-time figures come from the
measured samples (messages.BodySignals), never from here.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from balancegame.body.filters import OneEuroFilter, smoothstep
from balancegame.body.movement_latch import MovementLatch
from balancegame.body.tremor import TremorDetector


@dataclass(frozen=True)
class PredictionSettings:
    """The tuning (benchmarks/feedback_latency.py measures it; see its README entry)."""

    jerk_density: float = 3.0e6  # white-jerk spectral density, cm^2/s^5
    noise_sd_cm: float = 0.35  # of one unfiltered CoM sample (MediaPipe on the demo: ~0.3)
    max_horizon_s: float = 0.25  # never predicted further past the newest capture
    max_speed_cm_s: float = 150.0  # faster than a standing person shifts the CoM
    gate_speed_cm_s: tuple[float, float] = (3.0, 9.0)  # One Euro below, prediction above
    gate_noise_k: float = 3.0  # the gate opens no lower than k x the speed's noise at rest
    noise_samples: int = 180  # that noise is learnt from this many recent samples (6 s)
    speed_noise_until_learnt_cm_s: float = 4.0  # and taken to be this until 30 are in
    speed_noise_max_cm_s: float = 10.0  # never learnt higher (a long movement is not noise)
    slow_pose_hz: tuple[float, float] = (6.0, 12.0)  # no prediction below, all of it above
    max_marker_speed_cm_s: float = 200.0  # the shown marker never moves faster (no jumps)
    stale_fade_s: float = 0.15  # data later than expected fades extrapolation out over this
    reset_after_s: float = 0.5  # a longer gap in tracking restarts the filter
    velocity_decay_s: float = 0.2  # the extrapolated speed decays with this time constant
    latch_noise_k: float = 4.5  # a movement starts above k x the speed's noise at rest
    latch_floor_cm_s: float = 8.0  # and above this speed (body/movement_latch.py)
    latch_release_k: float = 1.0  # and ends below k x that noise
    tremor_fallback: bool = True  # no prediction while a tremor is seen (body/tremor.py)
    one_euro_min_cutoff_hz: float = 0.5  # the live marker's (body/signals.py)
    one_euro_beta: float = 0.7


def _transition(dt_s: float) -> np.ndarray:
    return np.array([[1.0, dt_s, 0.5 * dt_s * dt_s], [0.0, 1.0, dt_s], [0.0, 0.0, 1.0]])


def _process_noise(dt_s: float, q: float) -> np.ndarray:
    d2, d3, d4, d5 = dt_s ** 2, dt_s ** 3, dt_s ** 4, dt_s ** 5
    return q * np.array([[d5 / 20, d4 / 8, d3 / 6], [d4 / 8, d3 / 3, d2 / 2],
                         [d3 / 6, d2 / 2, dt_s]])


def _decayed(h_s: float, tau_s: float) -> float:
    """How far a unit speed that decays with time constant ``tau_s`` carries in ``h_s``
    (h when it does not decay)."""
    return h_s if not math.isfinite(tau_s) else tau_s * -math.expm1(-h_s / tau_s)


@dataclass
class MotionPredictor:
    """One scalar position (cm) on capture times; ``update`` in capture order, ``at`` any time.

    Not thread-safe: the game thread feeds and reads it.
    """

    settings: PredictionSettings = field(default_factory=PredictionSettings)
    out_of_order: int = 0  # samples ignored because their time did not increase
    restarts: int = 0
    tremor_s: float = 0.0  # capture time with a tremor seen (weight >= 0.5): not predicted
    _t_s: float | None = None
    _x: np.ndarray = field(default_factory=lambda: np.zeros(3))
    _p: np.ndarray = field(default_factory=lambda: np.eye(3))
    _quiet: OneEuroFilter | None = None
    _latch: MovementLatch | None = None
    _tremor: TremorDetector = field(default_factory=TremorDetector)
    _quiet_cm: float = math.nan
    _speeds: deque = field(default_factory=deque)  # |estimated speed| of recent samples
    _speed_noise: float = math.nan  # learnt from them (speed_noise_cm_s)
    _shown: tuple[float, float] | None = None  # (time, position) last returned by at()
    _period_s: float = math.nan  # between samples, running mean
    _age_fresh_s: float = math.nan  # of a sample when first shown, running mean
    _fresh: bool = False  # a sample came in since the last at()

    def __post_init__(self) -> None:
        s = self.settings
        self._quiet = OneEuroFilter(min_cutoff_hz=s.one_euro_min_cutoff_hz, beta=s.one_euro_beta,
                                    reset_after_s=s.reset_after_s)
        self._speeds = deque(maxlen=s.noise_samples)
        self._latch = MovementLatch(s.latch_noise_k, s.latch_floor_cm_s, s.latch_release_k)

    @property
    def started(self) -> bool:
        return self._t_s is not None

    @property
    def t_last_s(self) -> float | None:
        """Capture time of the newest sample taken in."""
        return self._t_s

    def restart(self) -> None:
        """Forget the state (a new body scale, a new person in view)."""
        self._t_s = None
        self._quiet.reset()
        self._latch.reset()
        self._tremor.reset()
        self._period_s = self._age_fresh_s = math.nan
        self.restarts += 1

    def update(self, t_s: float, x_cm: float) -> bool:
        """Take in one measured sample; False (and nothing changes) when it is not usable."""
        if not (math.isfinite(t_s) and math.isfinite(x_cm)):
            return False
        if self._t_s is not None and t_s <= self._t_s:
            self.out_of_order += 1
            return False
        s = self.settings
        if s.tremor_fallback and self._tremor.update(t_s, x_cm) >= 0.5 and (
                self._t_s is not None and t_s - self._t_s <= s.reset_after_s):
            self.tremor_s += t_s - self._t_s
        r = s.noise_sd_cm ** 2
        if self._t_s is None or t_s - self._t_s > s.reset_after_s:
            self._latch.reset()
            self._x = np.array([x_cm, 0.0, 0.0])
            self._p = np.diag([r, 30.0 ** 2, 300.0 ** 2])  # a standing start, loosely held
        else:
            f = _transition(t_s - self._t_s)
            x = f @ self._x
            p = f @ self._p @ f.T + _process_noise(t_s - self._t_s, s.jerk_density)
            gain = p[:, 0] / (p[0, 0] + r)
            self._x = x + gain * (x_cm - x[0])
            self._p = p - np.outer(gain, p[0, :])
        if self._t_s is not None and t_s - self._t_s <= s.reset_after_s:
            dt_s = t_s - self._t_s
            self._period_s = dt_s if not math.isfinite(self._period_s) else (
                self._period_s + 0.1 * (dt_s - self._period_s))
        self._t_s = t_s
        self._fresh = True
        self._quiet_cm = self._quiet(x_cm, t_s)
        self._speeds.append(abs(float(self._x[1])))
        if len(self._speeds) >= 30:  # once a sample, not at every displayed frame
            self._speed_noise = min(float(np.percentile(self._speeds, 25)) / 0.3186,
                                    s.speed_noise_max_cm_s)
        if self._latch.update(float(self._x[1]), self.speed_noise_cm_s()) == "ended":
            # The One Euro estimate lags the body by a few cm at a movement's end: it goes on
            # from the filter's position instead, so the hand-over drags nothing back.
            self._quiet_cm = self._quiet.hold_at(float(self._x[0]), t_s)
        return True

    def speed_noise_cm_s(self) -> float:
        """The estimated speed's noise at rest (cm/s, as a Gaussian's SD), from the lower
        quartile of recent |speed| (0.32 SD for noise alone): movements, up to three quarters
        of the samples, do not raise it."""
        if not math.isfinite(self._speed_noise):
            return self.settings.speed_noise_until_learnt_cm_s
        return self._speed_noise

    def gate_cm_s(self) -> tuple[float, float]:
        """The speeds between which the marker goes over from the One Euro estimate to the
        prediction: as set, raised to k x the speed's noise at rest (a noisy camera would
        otherwise switch prediction on with noise alone, and shake the marker at rest)."""
        s = self.settings
        lo, hi = s.gate_speed_cm_s
        lo_noise = s.gate_noise_k * self.speed_noise_cm_s()
        return (lo, hi) if lo_noise <= lo else (lo_noise, lo_noise * hi / lo)

    def speed_cm_s(self) -> float:
        return abs(float(self._x[1])) if self._t_s is not None else math.nan

    def at(self, t_s: float) -> float | None:
        """The position to show at ``t_s`` (cm), or None before the first sample.

        Call with increasing times (one call per displayed frame): the marker moves no faster
        than ``max_marker_speed_cm_s`` between calls, so a restart, a late sample after a gap or a
        slow pose stream glides it to the new estimate instead of making it jump."""
        if self._t_s is None:
            return None
        x = self._estimate(t_s)
        if self._shown is not None:
            t_last, x_last = self._shown
            if t_s <= t_last:
                return x_last
            step = self.settings.max_marker_speed_cm_s * (t_s - t_last)
            x = max(x_last - step, min(x_last + step, x))
        self._shown = (t_s, x)
        return x

    def _estimate(self, t_s: float) -> float:
        s = self.settings
        ahead_s = max(t_s - self._t_s, 0.0)
        if self._fresh:  # how old samples usually are when first shown (camera + pose)
            self._fresh = False
            self._age_fresh_s = ahead_s if not math.isfinite(self._age_fresh_s) else (
                self._age_fresh_s + 0.1 * (ahead_s - self._age_fresh_s))
        # Data older than the next sample should have been is stale (frames lost, tracking
        # gone): extrapolation fades out, so the marker settles on the last estimate.
        period_s = self._period_s if math.isfinite(self._period_s) else 1 / 30
        fresh_s = self._age_fresh_s if math.isfinite(self._age_fresh_s) else ahead_s
        expected_s = min(s.max_horizon_s, fresh_s + 1.5 * period_s)
        fade = 1.0 - smoothstep(ahead_s, expected_s, expected_s + s.stale_fade_s)
        h = min(ahead_s, expected_s)
        p0, v, a = (float(c) for c in self._x)
        v = max(-s.max_speed_cm_s, min(s.max_speed_cm_s, v))
        # Slowing down, the body comes to rest where the speed reaches zero; it does not turn back.
        h_move = min(h, -v / a) if v * a < 0 else h
        step = v * _decayed(h_move, s.velocity_decay_s) + 0.5 * a * h_move * h_move
        limit = s.max_speed_cm_s * h  # no prediction faster than a person moves
        predicted = p0 + fade * max(-limit, min(limit, step))
        share = 1.0 if self._latch.moving else smoothstep(abs(v), *self.gate_cm_s())
        # A slow pose stream gives too few samples to estimate a movement's speed from.
        share *= smoothstep(1.0 / period_s, *s.slow_pose_hz)
        # A tremor extrapolated comes out in the wrong phase and larger (body/tremor.py).
        share *= 1.0 - self._tremor.weight
        return self._quiet_cm + share * (predicted - self._quiet_cm)
