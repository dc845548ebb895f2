"""Figures of benchmarks/accuracy.py summarised per set: tuning, held out, and parts of it.

Per series and set: how many videos, the worst correlation, the gain's range
and median, the mean and the largest |lag|, the RMS error (cm and % of the
true peak; median and largest) and the path-length error (median and largest
|%|), and how many videos meet the targets (analyze CoM only).  All against
the renderer's CoM truth (the textbook CoM for the shared recordings); the
old fitted truth is summarised separately, for the rigid videos it exists for.
"""

from __future__ import annotations

import math

import numpy as np

SUMMARY_SERIES = (
    "analyze CoM (zero-phase)",
    "live CoM (One Euro)",
    "raw CoM",
    "MediaPipe-smoothed CoM",
    "analyze hips (zero-phase)",
    "raw hips as CoM",
)
FITTED_SERIES = ("analyze CoM (zero-phase)", "live CoM (One Euro)", "raw hips")


def subsets(results: dict, tuning_kinds: frozenset[str]) -> dict[str, list[str]]:
    """Video names per set; 'held-out, new kinds' = a kind no tuning video has."""
    held = [n for n, r in results.items() if r["set"] == "held-out"]
    return {
        "tuning": [n for n, r in results.items() if r["set"] == "tuning"],
        "held-out": held,
        "held-out, kinds also in tuning": [n for n in held if not n.startswith("shared:")
                                           and set(results[n]["kinds"]) <= tuning_kinds],
        "held-out, new kinds": [n for n in held if not n.startswith("shared:")
                                and not set(results[n]["kinds"]) <= tuning_kinds],
        "held-out, shared recordings": [n for n in held if n.startswith("shared:")],
    }


def _stats(figs: list[dict]) -> dict:
    def col(key: str, f=lambda v: v) -> np.ndarray:
        return np.array([f(x[key]) for x in figs], dtype=float)

    if not figs:
        return {"n": 0}
    gain, r = col("gain"), col("r")
    lag_ms, rms_cm, rms_pct = col("lag_ms"), col("rms_err_cm"), col("rms_err_pct_peak")
    path = col("path_err_pct", abs)
    return {"n": len(figs), "r_min": float(r.min()), "r_median": float(np.median(r)),
            "gain_min": float(gain.min()), "gain_median": float(np.median(gain)),
            "gain_max": float(gain.max()), "lag_ms_mean": float(lag_ms.mean()),
            "lag_ms_max_abs": float(np.abs(lag_ms).max()),
            "rms_err_cm_median": float(np.median(rms_cm)), "rms_err_cm_max": float(rms_cm.max()),
            "rms_err_pct_peak_median": float(np.median(rms_pct)),
            "rms_err_pct_peak_max": float(rms_pct.max()),
            "abs_path_err_pct_median": float(np.median(path)),
            "abs_path_err_pct_max": float(path.max())}


def summarise(results: dict, sets: dict[str, list[str]], targets: dict) -> dict:
    """{set: {series: stats}} against the primary truth, plus '... [old fitted truth]'."""
    out: dict = {}
    for set_name, names in sets.items():
        out[set_name] = {s: _stats([results[n]["series"][s] for n in names
                                    if s in results[n]["series"]]) for s in SUMMARY_SERIES}
        met = [all(targets[n].values()) for n in names]
        out[set_name]["analyze CoM (zero-phase)"]["targets_met"] = f"{sum(met)}/{len(met)}"
        out[set_name + " [old fitted truth]"] = {
            s: _stats([results[n]["series_fitted"][s] for n in names
                       if s in results[n]["series_fitted"]]) for s in FITTED_SERIES}
    return out


def _f(v: float | None, digits: int = 3) -> str:
    return "nan" if v is None or not math.isfinite(v) else f"{v:.{digits}f}"


def print_sets(summary: dict, order: list[str]) -> None:
    """One block per series: one line per set (held-out first, tuning beside it)."""
    print(f"\n{'series / set':44s} {'n':>2s} {'r min':>6s} {'gain min-med-max':>18s} "
          f"{'lag ms mean/max':>15s} {'RMS cm med/max':>14s} {'RMS %pk med/max':>15s} "
          f"{'|path|% med/max':>15s} targets")
    series = list(SUMMARY_SERIES) + [f"{s} [old fitted truth]" for s in FITTED_SERIES]
    for s in series:
        base, fitted = s.removesuffix(" [old fitted truth]"), s.endswith("[old fitted truth]")
        print(s)
        for set_name in order:
            key = set_name + (" [old fitted truth]" if fitted else "")
            st = summary.get(key, {}).get(base, {"n": 0})
            if not st["n"]:
                continue
            print(f"  {set_name:42s} {st['n']:2d} {_f(st['r_min']):>6s} "
                  f"{_f(st['gain_min']):>5s}-{_f(st['gain_median'])}-{_f(st['gain_max'])} "
                  f"{_f(st['lag_ms_mean'], 0):>7s}/{_f(st['lag_ms_max_abs'], 0):<7s} "
                  f"{_f(st['rms_err_cm_median'], 2):>6s}/{_f(st['rms_err_cm_max'], 2):<7s} "
                  f"{_f(st['rms_err_pct_peak_median'], 1):>7s}/"
                  f"{_f(st['rms_err_pct_peak_max'], 1):<7s} "
                  f"{_f(st['abs_path_err_pct_median'], 0):>7s}/"
                  f"{_f(st['abs_path_err_pct_max'], 0):<7s} {st.get('targets_met', '')}")
