"""Display-to-camera latency from flashes the camera sees (``balancegame latency``).

The check shows a bright patch at irregular intervals (:func:`flash_schedule`) and
records the flip time of every change (:class:`ScreenChange`); the camera, turned
to the screen through a mirror, sees each flash some time later.  This module
finds the flashes in the camera images and measures that time:

1. Each frame becomes the mean grey level of the cells of a grid
   (:func:`cell_means`), so a screen that fills only part of the image is found.
2. Frames whose stamp does not increase (a duplicate, one out of order) are
   dropped and counted.
3. The cells that follow the screen are those whose series correlates with the
   screen state shifted by some lag of 0 to ``MAX_LATENCY_S``; their mean is the
   signal.  None: the camera did not see the screen.
4. Dark and bright levels are learned from the signal (Otsu's split, then the
   median of each side); they must lie ``MIN_SEPARATION`` times the noise within
   the levels apart, and ``MIN_CONTRAST_GREY`` grey levels.
5. Each rising crossing of half-way between the levels (with hysteresis) is
   timed by linear interpolation between the two frames around it, on their own
   ``t_capture_s``; an exposure that caught part of a flash gives a frame between
   the levels, which places the crossing inside the frame period.
6. Each flash's onset flip is matched to the first crossing ``MIN_LATENCY_S`` to
   ``MAX_LATENCY_S`` after it: latency = crossing - flip.

Irregular intervals make the onsets fall at every phase of the camera's frame
period, so the median over flashes is not biased by the frame grid and a camera
whose rate is a multiple of the flash rate cannot alias.  Pure numpy: the same
code runs live and on the simulated mirror camera (:mod:`balancegame.demo.mirror_camera`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from balancegame.errors import LatencyCheckError

GRID = (6, 8)  # rows x columns of cells a frame is reduced to
N_FLASHES = 20
FLASH_ON_S = 0.3  # several frames of a 30 fps camera on the bright level
DARK_S = (0.5, 0.9)  # irregular dark intervals between flashes (uniform)
LEAD_S = 1.5  # dark before the first flash: the dark level, the camera settling
MIN_LATENCY_S = -0.05  # a little below 0: noise must not hide an early crossing
MAX_LATENCY_S = 0.6  # below the shortest flash period (0.8 s): matching is unambiguous
TAIL_S = MAX_LATENCY_S + 0.3  # dark after the last flash, so its crossing is seen
MIN_MATCHED = 8  # flashes matched, at the least
MATCHED_SHARE = 0.6  # ... and this share of those shown: 12 of 20
LAG_STEP_S = 0.01
MIN_CORRELATION = 0.5  # a cell follows the screen (noise alone: ~0.15 over 600 frames)
MIN_SEPARATION = 6.0  # (bright - dark) / noise
MIN_CONTRAST_GREY = 2.0  # grey levels of 255
LOW, MID, HIGH = 0.3, 0.5, 0.7  # of the way from dark to bright: hysteresis and crossing
MAX_GAP_PERIODS = 2.5  # a crossing across a longer gap between frames is not timed

MIRROR_HINT = ("Turn the laptop to face a mirror about 1 m away so that the camera sees the "
               "whole screen in it, dim bright lights behind the laptop, keep it still, and "
               "run the check again (balancegame latency).")


@dataclass(frozen=True)
class ScreenChange:
    """A flip that changed the patch: from ``t_flip_s`` on it is bright (or dark)."""

    t_flip_s: float
    bright: bool


@dataclass(frozen=True)
class LatencyResult:
    """Display-to-camera latency over the matched flashes, on the capture clock."""

    median_ms: float
    iqr_ms: float
    p10_ms: float
    p90_ms: float
    n: int  # flashes matched to a crossing
    n_flashes: int  # flashes shown
    latencies_ms: tuple[float, ...]
    dark_level: float  # grey levels 0-255 of the cells used
    bright_level: float
    separation: float  # (bright - dark) / noise
    cells_used: int
    frames: int  # frames analysed
    frames_rejected: int  # stamps that did not increase: dropped
    camera_fps: float

    def detail(self) -> dict:
        """Everything but the headline figures, for the stored row's ``detail_json``."""
        out = asdict(self)
        for key in ("median_ms", "iqr_ms", "p10_ms", "p90_ms", "n", "n_flashes"):
            out.pop(key)
        out["latencies_ms"] = [round(v, 2) for v in self.latencies_ms]
        return out


def min_matched(n_flashes: int) -> int:
    """Flashes the camera must have seen for the check to count: fewer means it saw too
    little of the screen to trust the figure."""
    return max(MIN_MATCHED, math.ceil(MATCHED_SHARE * n_flashes))


def flash_schedule(rng: np.random.Generator, n_flashes: int = N_FLASHES, *,
                   on_s: float = FLASH_ON_S, dark_s: tuple[float, float] = DARK_S,
                   lead_s: float = LEAD_S) -> tuple[tuple[float, float], ...]:
    """(on, off) times, s from the start of flashing, with random dark intervals."""
    t_s, out = lead_s, []
    for _ in range(n_flashes):
        out.append((t_s, t_s + on_s))
        t_s += on_s + float(rng.uniform(*dark_s))
    return tuple(out)


def cell_means(image_bgr: np.ndarray, grid: tuple[int, int] = GRID, step: int = 4) -> np.ndarray:
    """Mean grey level (0-255) of each cell of ``grid``, row-major; every ``step``-th
    pixel is enough (a 640 x 480 frame takes well under a millisecond)."""
    rows, cols = grid
    h, w = image_bgr.shape[:2]
    step = max(1, min(step, h // rows, w // cols))
    grey = image_bgr[::step, ::step].mean(axis=2) if image_bgr.ndim == 3 else \
        image_bgr[::step, ::step].astype(np.float64)
    gh, gw = (grey.shape[0] // rows) * rows, (grey.shape[1] // cols) * cols
    cells = grey[:gh, :gw].reshape(rows, gh // rows, cols, gw // cols).mean(axis=(1, 3))
    return cells.ravel()


def screen_state(changes: Sequence[ScreenChange], t_s: np.ndarray) -> np.ndarray:
    """1.0 where the patch was bright at ``t_s`` (flip times), else 0.0 (dark before
    the first change)."""
    flips = np.array([c.t_flip_s for c in changes], dtype=np.float64)
    states = np.array([float(c.bright) for c in changes] or [0.0])
    index = np.searchsorted(flips, t_s, side="right") - 1
    return np.where(index >= 0, states[np.clip(index, 0, None)], 0.0)


def increasing_stamps(t_s: np.ndarray) -> np.ndarray:
    """A mask of the frames to keep: each stamp later than every kept one before it."""
    keep = np.zeros(len(t_s), dtype=bool)
    last = -np.inf
    for i, t in enumerate(t_s):
        if t > last:
            keep[i], last = True, t
    return keep


def analyse_flashes(t_capture_s: Sequence[float], cells: Sequence[np.ndarray],
                    changes: Sequence[ScreenChange]) -> LatencyResult:
    """The latency from frames (capture times and :func:`cell_means`) and the flips;
    at least :func:`min_matched` of the flashes must be matched.

    Raises :class:`LatencyCheckError` (``reason``: ``no_frames``, ``not_seen``,
    ``not_separable`` or ``too_few``) with what to try.
    """
    t = np.asarray(t_capture_s, dtype=np.float64)
    onsets_flip = [c.t_flip_s for c in changes if c.bright]
    if len(t) < 10:
        raise LatencyCheckError("The camera sent no pictures during the check.",
                                "Check that the camera works (balancegame play shows it) and "
                                "is not used by another program, then try again.", "no_frames")
    x = np.asarray(cells, dtype=np.float64).reshape(len(t), -1)
    keep = increasing_stamps(t)
    rejected = int((~keep).sum())
    t, x = t[keep], x[keep]
    used = _cells_following_the_screen(t, x, changes)
    if used.size == 0:
        raise LatencyCheckError("The camera did not see the screen flash.", MIRROR_HINT,
                                "not_seen")
    y = x[:, used].mean(axis=1)
    dark, bright, noise = _levels(y)
    separation = (bright - dark) / noise
    if bright - dark < MIN_CONTRAST_GREY or separation < MIN_SEPARATION:
        raise LatencyCheckError(
            "The camera did not see the screen flash clearly (bright and dark look almost "
            "the same).", MIRROR_HINT, "not_separable")
    crossings = _rising_crossings(t, (y - dark) / (bright - dark))
    latencies_ms = _match(onsets_flip, crossings)
    needed = min_matched(len(onsets_flip))
    if len(latencies_ms) < needed:
        raise LatencyCheckError(
            f"The camera saw only {len(latencies_ms)} of the {len(onsets_flip)} flashes "
            f"(at least {needed} are needed).", MIRROR_HINT, "too_few")
    lat = np.array(latencies_ms)
    p10, p25, p50, p75, p90 = np.percentile(lat, [10, 25, 50, 75, 90])
    return LatencyResult(
        median_ms=float(p50), iqr_ms=float(p75 - p25), p10_ms=float(p10), p90_ms=float(p90),
        n=len(lat), n_flashes=len(onsets_flip), latencies_ms=tuple(float(v) for v in lat),
        dark_level=float(dark), bright_level=float(bright), separation=float(separation),
        cells_used=int(used.size), frames=len(t), frames_rejected=rejected,
        camera_fps=float((len(t) - 1) / (t[-1] - t[0])) if t[-1] > t[0] else float("nan"))


def _cells_following_the_screen(t: np.ndarray, x: np.ndarray,
                                changes: Sequence[ScreenChange]) -> np.ndarray:
    """Indices of the cells whose brightness follows the screen at their best lag."""
    lags = np.arange(0.0, MAX_LATENCY_S + 1e-9, LAG_STEP_S)
    s = np.stack([screen_state(changes, t - lag) for lag in lags])
    s = s - s.mean(axis=1, keepdims=True)
    xc = x - x.mean(axis=0)
    s_norm, x_norm = np.linalg.norm(s, axis=1), np.linalg.norm(xc, axis=0)
    if not s_norm.any() or not x_norm.any():
        return np.array([], dtype=int)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (s @ xc) / np.outer(s_norm, x_norm)
    best = np.nan_to_num(r).max(axis=0)
    top = best.max()
    return np.flatnonzero((best >= MIN_CORRELATION) & (best >= 0.7 * top))


def _levels(y: np.ndarray) -> tuple[float, float, float]:
    """(dark, bright, noise) of a two-level signal: Otsu's split, medians, pooled MAD."""
    v = np.sort(y)
    n = len(v)
    k = np.arange(1, n)
    csum = np.cumsum(v)
    m0 = csum[:-1] / k
    m1 = (csum[-1] - csum[:-1]) / (n - k)
    between = (k / n) * (1 - k / n) * (m1 - m0) ** 2
    split = (v[np.argmax(between)] + v[np.argmax(between) + 1]) / 2.0
    low, high = y[y <= split], y[y > split]
    if min(len(low), len(high)) < max(3, n // 50):
        return float(np.median(y)), float(np.median(y)), 1.0
    spreads = [1.4826 * np.median(np.abs(g - np.median(g))) for g in (low, high)]
    noise = max(float(np.sqrt(np.mean(np.square(spreads)))), 0.05)
    return float(np.median(low)), float(np.median(high)), noise


def _rising_crossings(t: np.ndarray, f: np.ndarray) -> list[float]:
    """Times the normalised signal ``f`` rises through ``MID`` (after being below
    ``LOW``, reaching ``HIGH``), interpolated between the frames around the crossing."""
    period = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
    out: list[float] = []
    low = bool(f[0] < MID)
    for k in range(1, len(f)):
        if not low:
            low = f[k] <= LOW
            continue
        if f[k] < HIGH:
            continue
        low = False
        j = k - 1
        while j >= 0 and f[j] >= MID:
            j -= 1
        if j < 0 or t[j + 1] - t[j] > MAX_GAP_PERIODS * period:
            continue  # no dark frame before it, or frames missing: not timed
        a, b = f[j], f[j + 1]
        out.append(float(t[j] + (MID - a) / (b - a) * (t[j + 1] - t[j])))
    return out


def _match(flips_s: Sequence[float], crossings_s: Sequence[float]) -> list[float]:
    """Latency (ms) of each flash onset that has a crossing in its window."""
    out, i = [], 0
    for t_flip in flips_s:
        while i < len(crossings_s) and crossings_s[i] < t_flip + MIN_LATENCY_S:
            i += 1
        if i < len(crossings_s) and crossings_s[i] <= t_flip + MAX_LATENCY_S:
            out.append((crossings_s[i] - t_flip) * 1000.0)
            i += 1
    return out
