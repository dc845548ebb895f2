"""The patient's own quiet-standing sway as a Gaussian process, learnt from a quiet stretch.

A reaction's first small movement (a hesitant start, a counter-movement) can be the size of
the sway; whether the data need it is a test under the sway's real covariance, which the
second before a stimulus is too short to give.  Every level starts with a quiet-standing
countdown (``countdown_s``, 3-8 s); :func:`learn_sway` fits there, once per level, the
spectrum of the sway about its drift line: white noise (the camera's jitter) plus
``N_COMPONENTS`` Gaussian bumps of power (a spectral mixture, Wilson & Adams 2013), by
Whittle's likelihood on the Hann-tapered periodograms of the stretches (each sample in its
frame slot at the median frame interval, dropped frames filled in, split at gaps).  Its
covariance ``k(τ) = w·[τ = 0] + Σ a_q
exp(-2π² s_q² τ²) cos(2π μ_q τ)`` is positive definite at any sample times, jittered or
with dropped frames.  An autoregressive model was tried first: with 5-10 s to learn from,
Akaike's criterion chose orders 4-6, whose spectra smeared a 0.1-0.4 Hz sway over 1-1.5 Hz
(3-5 times the white level there), the band of a 0.3 s sub-movement, and halved the
evidence for one (docs/onset_detection.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

N_COMPONENTS = 3
MIN_QUIET_S = 5.0  # less quiet standing: no model.  Learnt from 4.5 s, the demo body's sway
# was taken for a first movement in 2 of 40 reactions (log ratio 21); from 6 s, in none of 40
# (none above 15: tests/unit/test_reaction.py)
QUIET_SD_RATIO = 2.0  # a later stretch swaying more than this times the first is not quiet
# A stretch lent from earlier in the session is also left out when it sways less than
# 1 / QUIET_SD_RATIO times the countdown (compared over windows as long as it).  One 3 s
# countdown is a rough reference: through MediaPipe (benchmarks/reaction.py
# --earlier-level-s 10) the same body's countdowns swayed 0.47-2.06 times the 10 s before
# them, and this left 6 of 168 trials without a model.  A factor of 3 gave them one, but in
# the two trials whose countdown swayed 2.1 times more than the lent stretch, that model
# took the sway for a counter-movement (87 and 328 ms early): factor 2 it stays.
MAX_GAP_FRAMES = 3.0  # a longer gap between samples splits a stretch
MAX_CENTRE_HZ = 3.0  # sway is slower than this; above it the jitter is taken as white
WIDTH_HZ = (0.02, 2.0)  # a component's spectral SD, at least and at most


@dataclass(frozen=True)
class SwayModel:
    """White noise ``white_cm2`` plus components (power cm², centre Hz, spectral SD Hz)."""

    white_cm2: float
    components: tuple[tuple[float, float, float], ...]
    dt_s: float
    n_samples: int  # quiet samples it was learnt from
    span_s: float  # total quiet time it was learnt from
    borrowed_s: float = 0.0  # of which from earlier in the session (learn_sway's borrowed)

    def autocovariance(self, lag_s: np.ndarray) -> np.ndarray:
        """k(τ) (cm²) at lags ``lag_s`` (any shape); the white part only at lag 0."""
        lag = np.abs(np.asarray(lag_s, dtype=float))
        k = np.where(lag < 1e-6, self.white_cm2, 0.0)
        for power, centre, width in self.components:
            k = k + power * np.exp(-2 * np.pi**2 * width**2 * lag**2) * np.cos(
                2 * np.pi * centre * lag)
        return k

    def covariance(self, t_s: np.ndarray) -> np.ndarray:
        """Covariance matrix (cm²) of the sway at the sample times ``t_s``."""
        t = np.asarray(t_s, dtype=float)
        return self.autocovariance(np.subtract.outer(t, t))

    @property
    def sd_cm(self) -> float:
        return float(np.sqrt(self.white_cm2 + sum(c[0] for c in self.components)))


def _uniform_pieces(t_s: np.ndarray, x_cm: np.ndarray, dt_s: float) -> list[np.ndarray]:
    """Runs of frame slots at ``dt_s`` (split at gaps), each with its line removed."""
    ok = np.isfinite(t_s) & np.isfinite(x_cm)
    t_s, x_cm = t_s[ok], x_cm[ok]
    if t_s.size < 2:
        return []
    cuts = np.flatnonzero(np.diff(t_s) > MAX_GAP_FRAMES * dt_s) + 1
    pieces = []
    for t, x in zip(np.split(t_s, cuts), np.split(x_cm, cuts), strict=True):
        if t.size < 16:
            continue
        # Each sample at its nearest frame slot, a dropped frame filled in between its
        # neighbours: interpolating every sample onto a grid would average the camera's
        # jitter away (a third of its variance at random phase) and misread it as sway.
        slot = np.round((t - t[0]) / dt_s).astype(int)
        keep = np.concatenate([[True], np.diff(slot) > 0])
        grid = np.arange(slot[-1] + 1)
        pieces.append(_without_line(np.interp(grid, slot[keep], x[keep])))
    return pieces


def _without_line(y: np.ndarray) -> np.ndarray:
    """``y`` (samples one frame apart) less its least-squares line."""
    tc = np.arange(y.size) - (y.size - 1) / 2
    y = y - y.mean()
    return y - tc * float(tc @ y) / float(tc @ tc)


def _frame_step_s(stretches: list[tuple[np.ndarray, np.ndarray]]) -> float | None:
    """The median interval between samples (None: no two samples in order)."""
    steps = np.concatenate([np.diff(t) for t, _ in stretches if t.size > 1] or [np.zeros(0)])
    steps = steps[steps > 0]
    return float(np.median(steps)) if steps.size else None


def _quiet_pieces(stretches: list[tuple[np.ndarray, np.ndarray]],
                  borrowed: list[tuple[np.ndarray, np.ndarray]], dt_s: float
                  ) -> tuple[list[np.ndarray], int, list[int]]:
    """(the pieces learnt from, how many samples of them are borrowed, which of
    ``stretches`` are kept): the checks of :func:`learn_sway` against the first stretch."""
    pieces, n_borrowed, kept, reference_sd, reference_n = [], 0, [], None, 0
    for k, (t, x) in enumerate(stretches + borrowed):
        found = _uniform_pieces(t, x, dt_s)
        lent = k >= len(stretches)
        # A borrowed stretch is compared over windows as long as the reference's.
        found_sd = _windowed(found, reference_n) if lent else found
        sd = float(np.sqrt(np.mean(np.concatenate(found_sd) ** 2))) if found_sd else 0.0
        if reference_sd is None:
            reference_sd, reference_n = sd, max((p.size for p in found), default=0)
        elif not lent and sd > QUIET_SD_RATIO * reference_sd:
            continue  # the last movement's return, a step: not quiet standing
        elif lent and not (reference_sd / QUIET_SD_RATIO <= sd
                           <= QUIET_SD_RATIO * reference_sd):
            continue  # swaying much more or less than now: not this level's sway
        if lent:
            n_borrowed += sum(p.size for p in found)
        else:
            kept.append(k)
        pieces += found
    return pieces, n_borrowed, kept


def kept_stretches(stretches: Sequence[tuple[np.ndarray, np.ndarray]]
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``stretches`` that :func:`learn_sway` would learn from (the first, and those
    that sway no more than ``QUIET_SD_RATIO`` times it): what a level lends the next ones."""
    stretches = [(np.asarray(t, dtype=float), np.asarray(x, dtype=float))
                 for t, x in stretches]
    dt_s = _frame_step_s(stretches)
    if dt_s is None:
        return []
    _, _, kept = _quiet_pieces(stretches, [], dt_s)
    return [stretches[k] for k in kept]


def _windowed(pieces: list[np.ndarray], n: int) -> list[np.ndarray]:
    """``pieces`` cut into windows of ``n`` samples, each with its own line removed: the
    slow part of the sway shows more in a longer stretch, so two stretches' SDs compare
    only over windows of one length."""
    if n < 16:
        return pieces
    out = []
    for p in pieces:
        for start in range(0, p.size - n // 2, n):
            y = p[start:start + n]
            if y.size >= max(16, n // 2):
                out.append(_without_line(y))
    return out or pieces


def _periodogram(y: np.ndarray, dt_s: float) -> tuple[np.ndarray, np.ndarray]:
    """(f_hz, one-sided power density cm²/Hz) of a Hann-tapered piece, 0 and Nyquist out."""
    taper = np.hanning(y.size)
    spec = np.abs(np.fft.rfft(y * taper)) ** 2 * 2 * dt_s / float(taper @ taper)
    f = np.fft.rfftfreq(y.size, dt_s)
    return f[1:-1], spec[1:-1]


def _spectrum(theta: np.ndarray, f: np.ndarray) -> np.ndarray:
    """One-sided density of white + the mixture (parameters as :func:`_unpack` reads them)."""
    white, comps = _unpack(theta)
    s = np.full_like(f, white)
    for power, centre, width in comps:
        s = s + power * (np.exp(-0.5 * ((f - centre) / width) ** 2)
                         + np.exp(-0.5 * ((f + centre) / width) ** 2)) / (
            np.sqrt(2 * np.pi) * width)
    return s


def _unpack(theta: np.ndarray) -> tuple[float, list[tuple[float, float, float]]]:
    white = float(np.exp(theta[0]))
    comps = []
    for q in range(N_COMPONENTS):
        lp, c, lw = theta[1 + 3 * q: 4 + 3 * q]
        comps.append((float(np.exp(lp)), float(c), float(np.exp(lw))))
    return white, comps


def learn_sway(stretches: Sequence[tuple[np.ndarray, np.ndarray]],
               borrowed: Sequence[tuple[np.ndarray, np.ndarray]] = ()) -> SwayModel | None:
    """The sway model of quiet-standing ``stretches`` ((t_s, x_cm) each, in time order);
    None when they hold less than ``MIN_QUIET_S`` of usable samples.  The first (the
    countdown) is the reference: a later one whose SD about its drift line is more than
    ``QUIET_SD_RATIO`` times the first's is left out (a movement in it is not sway).

    ``borrowed``: quiet standing from earlier in the session (an earlier level's stretches,
    the neutral stance), with the same camera, scale, patient and posture (a session is
    played standing or seated, prescription/level_modes.py), so that a level's first
    trials need not wait for its own 5 s.  Each is taken only if its SD, over windows as
    long as the reference, is within ``QUIET_SD_RATIO`` of the reference's *either way*
    (another stance, a tired or a rested patient).  With no reference there is nothing to
    compare them with: no model."""
    stretches = [(np.asarray(t, dtype=float), np.asarray(x, dtype=float))
                 for t, x in stretches]
    borrowed = [(np.asarray(t, dtype=float), np.asarray(x, dtype=float)) for t, x in borrowed]
    if not stretches:
        return None
    dt_s = _frame_step_s(stretches + borrowed)
    if dt_s is None:
        return None
    pieces, n_borrowed, _ = _quiet_pieces(stretches, borrowed, dt_s)
    n = sum(p.size for p in pieces)
    if n * dt_s < MIN_QUIET_S - dt_s / 2:
        return None
    grams = [_periodogram(p, dt_s) for p in pieces]
    f = np.concatenate([g[0] for g in grams])
    power = np.concatenate([g[1] for g in grams])
    # The one-sided density of the white part is 2 dt var; the median of an exponential
    # variable is ln 2 of its mean.
    high = f > MAX_CENTRE_HZ
    white0 = float(np.median(power[high]) / np.log(2)) if high.sum() >= 8 else float(
        np.median(power)) / np.log(2)
    total = float(np.mean([p @ p / p.size for p in pieces]))
    if not total > 1e-8:  # cm²: a still signal (scripted, or frozen) has no sway to learn
        return None
    # A white part never quite 0 (a scripted or quantised signal has none at high
    # frequency): log(0) would make the likelihood infinite.
    white_floor = 1e-6 * 2 * dt_s * total
    white0 = max(white0, white_floor)
    sway0 = max(total - white0 / (2 * dt_s), 0.1 * total)
    low = f <= MAX_CENTRE_HZ
    peak_hz = float(f[low][np.argmax(power[low])]) if low.any() else 0.3

    def cost(theta: np.ndarray) -> float:  # Whittle's negative log-likelihood
        s = _spectrum(theta, f)
        return float(np.sum(np.log(s) + power / s))

    starts = [np.array([np.log(white0),
                        np.log(sway0 * 0.6), peak_hz, np.log(0.05),
                        np.log(sway0 * 0.3), 0.3, np.log(0.3),
                        np.log(sway0 * 0.1), 1.0, np.log(0.5)])]
    # A component no narrower than the periodogram's resolution and no stronger than twice
    # the stretch's variance: Whittle's likelihood on a few bins otherwise puts a huge
    # narrow line between two of them.
    narrowest_hz = max(WIDTH_HZ[0], 0.5 / (max(p.size for p in pieces) * dt_s))
    component = [(None, float(np.log(2 * total))), (0.0, MAX_CENTRE_HZ),
                 (float(np.log(narrowest_hz)), float(np.log(WIDTH_HZ[1])))]
    bounds = [(float(np.log(white_floor)), None)] + component * N_COMPONENTS
    starts = [np.clip(s0, [b[0] if b[0] is not None else -np.inf for b in bounds],
                      [b[1] if b[1] is not None else np.inf for b in bounds])
              for s0 in starts]
    best = min((minimize(cost, s0, method="L-BFGS-B", bounds=bounds) for s0 in starts),
               key=lambda r: r.fun)
    if not np.all(np.isfinite(best.x)):
        return None
    white_density, comps = _unpack(best.x)
    return SwayModel(white_density / (2 * dt_s), tuple(comps), dt_s, int(n), float(n * dt_s),
                     float(n_borrowed * dt_s))
