"""What any onset detector can do at the synthetic benchmark's noise: bounds, not a detector.

Three figures per movement shape, on the trials of benchmarks/onset_shapes.py (same seeds):

- **oracle**: the error of a least-squares fit that knows the true shape (onset, duration,
  amplitude and a drift line fitted; the shape given).  What knowing the shape is worth.
- **indistinguishable**: Le Cam's two-point bound.  For each trial, the member of the rise
  family (regularised incomplete beta, a, b in 1-6, any duration and amplitude, plus a
  drift line) starting 2 x 68 ms earlier or later that comes closest to the trial's
  noise-free trajectory, and its distance ``delta`` in units of the white-noise SD over the
  samples.  No estimator can tell the two apart better than a test between two Gaussians
  ``delta`` apart, so on one of them it errs by 68 ms or more with probability at least
  ``Phi(-delta / 2)``.  ``share`` is the share of trials where that bound exceeds 10 %, the
  most a p90 within 68 ms allows: for those, meeting the target for this shape means
  missing it for a family member (a plausible movement) that looks the same.  Sway only
  makes the pair harder to tell apart, so leaving it out keeps the bound valid.
- **first movement against sway**: for a hesitant start and a counter-movement (6-15 cm,
  0.6 s), the Mahalanobis distance, under white noise, the benchmark's sway and the demo
  body's sway (as Gaussian processes of known spectrum), to the nearest rise starting
  136 ms or more later without a first movement: small means sway can fake it.
- **Cramér-Rao**: the smallest SD of an unbiased onset estimate for the shape members of
  the family (minimum-jerk a=b=3, early-peak 1.8/4.2, late-peak 4.2/1.8), with the shape
  known and with a, b free, at the corners of the benchmark's amplitude and duration range.

    python benchmarks/onset_bounds.py            # 30 trials per shape, a few minutes
    python benchmarks/onset_bounds.py --small    # 10
"""

from __future__ import annotations

import json
import sys

import numpy as np
from onset_shapes import FPS, trial
from scipy.integrate import trapezoid
from scipy.optimize import minimize
from scipy.special import betainc
from scipy.stats import norm

from balancegame.demo.movement_shapes import HELD_OUT_SHAPES, SHAPES, position_share

SIGMA_CM = 0.15  # the benchmark's white noise
SHIFT_S = 2 * 0.068  # two onsets this far apart: one estimate is >= 68 ms off for one
FAMILY = [(a, b) for a in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0) for b in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0)]
ALT_DURATIONS_S = np.geomspace(0.2, 2.0, 40)


def _nuisance_sse(basis: np.ndarray, y: np.ndarray, tc: np.ndarray) -> np.ndarray:
    """Least-squares SSE of y ~ c0 + c1 tc + A basis, for every basis row (..., n)."""
    x = np.stack(np.broadcast_arrays(np.ones_like(tc), tc, basis), axis=-1)
    xtx = np.einsum("...ni,...nj->...ij", x, x) + 1e-12 * np.eye(3)
    coef = np.linalg.solve(xtx, np.einsum("...ni,n->...i", x, y)[..., None])[..., 0]
    return ((np.einsum("...ni,...i->...n", x, coef) - y) ** 2).sum(axis=-1)


def closest_alternative(t_s: np.ndarray, y: np.ndarray, t_alt_s: float) -> float:
    """delta: distance (in SIGMA_CM, over all samples) from ``y`` to the nearest family rise
    starting at ``t_alt_s`` (a, b in 1-6, any duration and amplitude, a drift line): the
    best of a grid, then refined by Nelder-Mead over a, b and the duration."""
    tc = t_s - t_s.mean()
    tau = np.clip((t_s[None, :] - t_alt_s) / ALT_DURATIONS_S[:, None], 0.0, 1.0)
    grid = [(float(sse.min()), a, b, float(ALT_DURATIONS_S[int(np.argmin(sse))]))
            for a, b in FAMILY for sse in [_nuisance_sse(betainc(a, b, tau), y, tc)]]
    _, a0, b0, d0 = min(grid)

    def sse(p: np.ndarray) -> float:
        a, b = np.clip(p[:2], 1.0, 6.0)
        tau = np.clip((t_s - t_alt_s) / np.exp(p[2]), 0.0, 1.0)
        return float(_nuisance_sse(betainc(a, b, tau), y, tc))

    best = minimize(sse, np.array([a0, b0, np.log(d0)]), method="Nelder-Mead",
                    options={"xatol": 1e-4, "fatol": 1e-10, "maxiter": 600}).fun
    return float(np.sqrt(max(best, 0.0))) / SIGMA_CM


def le_cam(shape: str, seeds: int) -> dict[str, float]:
    """Share of trials where an onset 136 ms off fits as well (bound > 10 %), median delta."""
    deltas = []
    for seed in range(seeds):
        t, _, t0_s, dur_s, amp_cm = trial(shape, seed)
        keep = (t >= 2.0) & (t <= 6.0)
        t = t[keep]
        y = amp_cm * position_share(shape, t - t0_s, dur_s)
        deltas.append(min(closest_alternative(t, y, t0_s + s) for s in (-SHIFT_S, SHIFT_S)))
    d = np.array(deltas)
    return {"share_bound_over_10pct": float(np.mean(norm.cdf(-d / 2) > 0.10)),
            "median_delta_sd": float(np.median(d))}


def oracle_errors_ms(shape: str, seeds: int) -> np.ndarray:
    """Onset error of a fit that knows the shape: onset by 10 ms then 1 ms, 40 durations."""
    out = []
    for seed in range(seeds):
        t, x, t0_s, _, _ = trial(shape, seed)
        w = (t >= 2.5) & (t <= 6.0)
        tw, xw = t[w], x[w]
        peak = int(np.argmax(xw > 0.9 * xw.max())) + 1  # the fit window ends near arrival
        tw, xw = tw[:peak], xw[:peak]
        tc = tw - tw.mean()
        best = 3.0
        for step_s, lo_s, hi_s in ((0.010, 3.0, tw[-1]), (0.001, -0.015, 0.015)):
            starts = (np.arange(lo_s, hi_s, step_s) if step_s > 0.005 else
                      np.arange(best + lo_s, best + hi_s + 1e-9, step_s))
            basis = np.stack([position_share(shape, tw[None, :] - s, d)
                              for d in ALT_DURATIONS_S for s in starts])
            sse = _nuisance_sse(basis, xw, tc).reshape(ALT_DURATIONS_S.size, starts.size)
            best = float(starts[np.unravel_index(np.argmin(sse), sse.shape)[1]])
        out.append((best - t0_s) * 1e3)
    return np.array(out)


def cramer_rao_ms(a: float, b: float, amp_cm: float, dur_s: float, free_shape: bool) -> float:
    """SD bound (ms) of the onset for the rise (a, b), white noise SIGMA_CM at FPS, samples
    from 0.5 s before the stimulus to arrival, averaged over where the frames fall."""
    sds = []
    for phase in np.linspace(0.0, 1.0, 8, endpoint=False):
        t = np.arange(2.5 + phase / FPS, 3.5 + dur_s, 1 / FPS)
        theta = np.array([3.5, dur_s, amp_cm, a, b, 0.0, 0.0])

        def mean(th, t=t):
            tau = np.clip((t - th[0]) / th[1], 0.0, 1.0)
            return th[5] + th[6] * (t - 3.0) + th[2] * betainc(th[3], th[4], tau)

        cols = []
        for i in [0, 1, 2, 5, 6] + ([3, 4] if free_shape else []):
            h = 1e-5 * max(1.0, abs(theta[i]))
            up, down = theta.copy(), theta.copy()
            up[i] += h
            down[i] -= h
            cols.append((mean(up) - mean(down)) / (2 * h))
        jac = np.array(cols).T
        sds.append(float(np.sqrt(np.linalg.inv(jac.T @ jac)[0, 0])) * SIGMA_CM * 1e3)
    return float(np.mean(sds))


def sway_covariance(n: int, rms_cm: float, band_hz: tuple[float, float], exponent: float,
                    white_cm: float) -> np.ndarray:
    """Covariance of ``n`` samples at FPS of sway of ``rms_cm`` with power density as
    f^``exponent`` over ``band_hz``, plus white noise of ``white_cm``.  The demo body
    (balancegame/demo/puppet.py: log-uniform frequencies, amplitudes as f^-1/2) is -2; the
    benchmark's one sinusoid at a uniform frequency is 0."""
    f = np.geomspace(band_hz[0], band_hz[1], 4000)
    w = f**exponent
    lags_s = np.arange(n) / FPS
    c = trapezoid(w * np.cos(2 * np.pi * f * lags_s[:, None]), f, axis=1) / trapezoid(w, f)
    k = np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    return rms_cm**2 * c[k] + white_cm**2 * np.eye(n)


def first_movement_delta(shape: str, amp_cm: float, dur_s: float, cov: np.ndarray) -> float:
    """Distance (in SDs of the noise ``cov``, Mahalanobis) from a movement with a first
    small movement (``shape``: hesitant or counter, true onset 3.5 s) to the nearest
    family rise starting 136 ms or more later with no first movement, plus a drift line:
    what sway would have to fake for the first movement to be missed."""
    t = np.arange(cov.shape[0]) / FPS + 2.0
    chol = np.linalg.cholesky(cov)

    def white(v: np.ndarray) -> np.ndarray:
        return np.linalg.solve(chol, v)

    y = white(amp_cm * position_share(shape, t - 3.5, dur_s))
    nuisance = white(np.stack([np.ones_like(t), t - t.mean()], axis=1))

    def sse(p: np.ndarray) -> float:
        start = max(float(p[0]), 3.5 + SHIFT_S)
        a, b = np.clip(p[1:3], 1.0, 6.0)
        basis = white(betainc(a, b, np.clip((t - start) / np.exp(p[3]), 0.0, 1.0)))
        x = np.column_stack([nuisance, basis])
        return float(np.sum((x @ np.linalg.lstsq(x, y, rcond=None)[0] - y) ** 2))

    lead_s = {"hesitant": 0.6, "counter": 0.15}[shape]
    best = min(minimize(sse, np.array([3.5 + lead_s + dt, a, b, np.log(dur_s)]),
                        method="Nelder-Mead", options={"maxiter": 400}).fun
               for dt in (-0.05, 0.0, 0.05) for a, b in ((3.0, 3.0), (2.0, 4.0), (4.0, 2.0)))
    return float(np.sqrt(max(best, 0.0)))


def first_movement_table() -> dict[str, dict[str, float]]:
    """first_movement_delta for hesitant and counter, 6-15 cm in 0.6 s, under three noises."""
    n = int(4.0 * FPS)
    noises = {"white 0.15 cm": SIGMA_CM**2 * np.eye(n),
              "benchmark sway (0.21 cm RMS, 0.1-0.4 Hz) + white":
                  sway_covariance(n, 0.3 / np.sqrt(2), (0.1, 0.4), 0.0, SIGMA_CM),
              "demo body sway (0.45 cm RMS, 0.1-1 Hz) + white":
                  sway_covariance(n, 0.45, (0.1, 1.0), -2.0, SIGMA_CM)}
    return {f"{shape}, {label}": {f"{amp:g} cm": first_movement_delta(shape, amp, 0.6, cov)
                                  for amp in (6.0, 10.0, 15.0)}
            for shape in ("hesitant", "counter") for label, cov in noises.items()}


def main() -> None:
    seeds = 10 if "--small" in sys.argv else 30
    print(f"what any onset detector can do, {seeds} trials per shape (noise {SIGMA_CM} cm)")
    print(f"{'shape':18s} {'oracle med/p90 ms':>18s} {'share unidentifiable':>21s} "
          f"{'median delta':>13s}")
    figures: dict[str, dict] = {}
    for shape in SHAPES + HELD_OUT_SHAPES:
        e = oracle_errors_ms(shape, seeds)
        lc = le_cam(shape, seeds)
        figures[shape] = {"oracle_median_ms": float(np.median(e)),
                          "oracle_p90_abs_ms": float(np.percentile(np.abs(e), 90)), **lc}
        print(f"{shape:18s} {np.median(e):+8.0f} / {np.percentile(np.abs(e), 90):4.0f}    "
              f"{lc['share_bound_over_10pct']:18.0%}   {lc['median_delta_sd']:10.1f} sd"
              f"{'  (held out)' if shape in HELD_OUT_SHAPES else ''}", flush=True)
    print("Cramér-Rao SD of the onset (ms): shape known / a, b free")
    crb: dict[str, dict] = {}
    for name, (a, b) in (("minimum-jerk", (3.0, 3.0)), ("early-peak", (1.8, 4.2)),
                         ("late-peak", (4.2, 1.8))):
        row = {f"{amp:g} cm, {dur:g} s": (cramer_rao_ms(a, b, amp, dur, False),
                                           cramer_rao_ms(a, b, amp, dur, True))
               for amp, dur in ((6.0, 1.0), (10.0, 0.7), (15.0, 0.4))}
        crb[name] = row
        print(f"  {name:14s} " + "   ".join(f"{k}: {v[0]:.0f} / {v[1]:.0f}"
                                            for k, v in row.items()))
    print("first movement against sway faking it: distance (SDs) to the nearest rise "
          ">= 136 ms later without one")
    first = first_movement_table()
    for key, row in first.items():
        print(f"  {key:60s} " + "  ".join(f"{k}: {v:4.1f}" for k, v in row.items()))
    print(json.dumps({"onset_bounds_by_shape": figures, "cramer_rao_ms": crb,
                      "first_movement_delta_sd": first, "seeds": seeds}))


if __name__ == "__main__":
    main()
