"""Is there a tremor on top of the body's movement?  A weight from 0 (none) to 1 (a clear one).

The marker (body/prediction.py) is predicted 60-160 ms ahead, about three quarters of a 5 Hz
tremor's period.  Extrapolated, a tremor comes out in the wrong phase and larger: with a
0.45 cm tremor through the hold after a 14 cm reach (the demo's ``tremor`` movement), the
predicted marker overshot the reach by 48 % at 100 ms of camera delay, against 0 % for today's
One Euro marker.  Patients with MS often have such a tremor (cerebellar and postural tremor,
about 3-8 Hz).  While there is one, the marker goes back to the One Euro estimate.

The test, at each new sample, over the last ``window_s`` of samples on their capture times: a
cubic in time (the voluntary movement and sway within the window) plus one sinusoid, its
frequency the best of a grid over ``band_hz``, fitted by least squares (as tremor
estimation in hand-held surgical tools models the measurement: voluntary movement plus an
oscillation in the tremor band; Riviere, Rader & Thakor 1998, IEEE Trans Biomed Eng
45:839-846).  The sinusoid is taken for a tremor when it is both clear and large: its F
statistic against the cubic alone over ``min_f`` and its amplitude over
``min_amplitude_cm``, each rising gradually to full weight.

Why these numbers (benchmarks/feedback_replay.py on 33 recorded runs of the demo body at
rest and reaching with every other movement shape, and tests/unit/test_tremor.py): the best
sinusoid's F reaches 260 in those runs, but only where its amplitude is small (0.05 cm in the
99th percentile); the two gates together gave no sample a weight above 2e-8.  Twice a
webcam's noise at rest and a 6 cm counter-movement over 1 s reach F 22 with amplitudes over
0.08 cm, hence F from 30.  The demo's 5 Hz tremor gives F 700 in the median through the hold.
A 0.6-0.7 s window or a quintic trend would recognise a tremor 0.1-0.5 s sooner, but took
reaches of other shapes for one (F up to 1350).  Subtracting the fitted tremor from the
measurement instead, so that prediction could go on, made the marker worse where a tremor
starts or stops (the fit trails by most of a window).  About 0.15 ms a sample.

Pure state, no clock: the caller gives each sample's time.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from balancegame.body.filters import smoothstep


@dataclass
class TremorDetector:
    window_s: float = 0.8  # two periods of a 3.5 Hz tremor; longer than a reach's acceleration
    band_hz: tuple[float, float] = (3.5, 8.0)
    step_hz: float = 0.25
    min_f: tuple[float, float] = (30.0, 60.0)  # F statistic: no weight below, full above
    min_amplitude_cm: tuple[float, float] = (0.08, 0.15)  # the same for the amplitude
    min_samples: int = 14  # fewer in the window (a slow pose stream): no tremor is judged
    frequency_hz: float = math.nan  # of the newest fit's sinusoid (nan: no fit)
    amplitude_cm: float = 0.0
    f_stat: float = 0.0
    weight: float = 0.0
    _t: deque = field(default_factory=deque)
    _x: deque = field(default_factory=deque)

    def __post_init__(self) -> None:
        self._freqs = np.arange(self.band_hz[0], self.band_hz[1] + 1e-9, self.step_hz)

    def reset(self) -> None:
        self._t.clear()
        self._x.clear()
        self._no_fit()

    def _no_fit(self) -> None:
        self.frequency_hz, self.amplitude_cm, self.f_stat, self.weight = math.nan, 0.0, 0.0, 0.0

    def update(self, t_s: float, x_cm: float) -> float:
        """Take in one sample (times increasing); the tremor's weight, 0-1."""
        self._t.append(t_s)
        self._x.append(x_cm)
        while self._t[0] <= t_s - self.window_s:
            self._t.popleft()
            self._x.popleft()
        n = len(self._t)
        if n < self.min_samples:
            self._no_fit()
            return 0.0
        tt = np.fromiter(self._t, float, n) - t_s
        xx = np.fromiter(self._x, float, n)
        # The cubic's part projected out once (Frisch-Waugh-Lovell): each frequency is then a
        # two-column fit to what the cubic leaves.
        q, _ = np.linalg.qr(np.vander(tt / self.window_s, 4))
        r0 = xx - q @ (q.T @ xx)
        phase = 2.0 * np.pi * self._freqs[:, None] * tt[None, :]
        s = np.stack([np.sin(phase), np.cos(phase)], axis=-1)  # (frequencies, n, 2)
        s -= np.einsum("ij,fjk->fik", q, np.einsum("ij,fik->fjk", q, s))
        gram = np.einsum("fnk,fnl->fkl", s, s)
        rhs = np.einsum("fnk,n->fk", s, r0)
        coef = np.linalg.solve(gram + 1e-12 * np.eye(2), rhs[..., None])[..., 0]
        explained = np.einsum("fk,fk->f", coef, rhs)
        best = int(np.argmax(explained))
        rss = max(float(r0 @ r0 - explained[best]), 1e-12)
        self.f_stat = float(explained[best] / 2.0 / (rss / max(n - 6, 1)))
        self.frequency_hz = float(self._freqs[best])
        self.amplitude_cm = float(np.hypot(*coef[best]))
        self.weight = (smoothstep(self.f_stat, *self.min_f)
                       * smoothstep(self.amplitude_cm, *self.min_amplitude_cm))
        return self.weight
