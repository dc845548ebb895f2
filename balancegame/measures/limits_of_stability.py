"""Limits of stability (LoS): target geometry and the measures of one reaching trial.

Geometry: the LoS in any compass direction lies on an ellipse through the four
limits (left/right, forward/back), one quarter per quadrant; a target at p %
is p % of the way from the middle to that ellipse.

Measures per trial (ML, cm from the middle; capture clock), after the LoS test
(NeuroCom Balance Manager): reaction time (movement onset
by :func:`balancegame.measures.reaction.detect_movement_onset` - the flip that showed the
target, the same function and inputs as the level scene), movement time (onset
to first entry into the target zone), end-point excursion (where the primary
movement first stops: velocity below 10 % of its peak), maximum excursion,
and directional control = (path towards the target - path away) / path towards
x 100 %, from movement onset to the first entry (to the end if missed).  With
ML only, "away" is movement back along the axis; 2-D tools count sideways
wander instead.  ``path_towards_share_pct`` = towards / (towards + away).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from balancegame.measures.reaction import detect_movement_onset

ENDPOINT_VELOCITY_SHARE = 0.10  # primary movement ends when speed < 10 % of its peak
_D = math.sqrt(0.5)
COMPASS: dict[str, tuple[float, float]] = {  # unit vector (ML + = right, AP + = forward)
    "left": (-1.0, 0.0), "right": (1.0, 0.0), "forward": (0.0, 1.0), "back": (0.0, -1.0),
    "forward-left": (-_D, _D), "forward-right": (_D, _D), "back-left": (-_D, -_D),
    "back-right": (_D, -_D)}


def los_cm(values: dict[str, Any], label: str) -> float:
    """The LoS (cm) in a compass direction: an ellipse through the four limits, per quadrant."""
    u_ml, u_ap = COMPASS[label]
    a = values["los_right_cm"] if u_ml > 0 else values["los_left_cm"]
    b = values["los_forward_cm"] if u_ap > 0 else values["los_back_cm"]
    return 1.0 / math.sqrt((u_ml / a) ** 2 + (u_ap / b) ** 2)


def target_point_cm(values: dict[str, Any], label: str, pct: float) -> tuple[float, float]:
    """Target centre (ML, AP) in cm from the middle at ``pct`` % of the LoS there."""
    r = los_cm(values, label) * pct / 100.0
    u_ml, u_ap = COMPASS[label]
    return r * u_ml, r * u_ap


def reach_measures(t_s: np.ndarray, along_cm: np.ndarray, along_raw_cm: np.ndarray,
                   t_stimulus_s: float, near_edge_cm: float) -> dict[str, float | None]:
    """LoS measures of one trial from samples along the target direction (cm from the middle).

    ``along_cm`` filtered CoM, ``along_raw_cm`` unfiltered (for the onset, as the scene does),
    both signed so + = towards the target; ``t_s`` capture times in order.
    """
    t_last = float(t_s[-1]) if len(t_s) else t_stimulus_s
    onset = detect_movement_onset(t_s, along_raw_cm, t_stimulus_s, 1,
                                  window_s=max(3.0, t_last - t_stimulus_s))
    after = t_s >= t_stimulus_s
    out: dict[str, float | None] = dict.fromkeys((
        "reaction_time_ms", "time_to_reach_s", "movement_time_s", "endpoint_excursion_cm",
        "max_excursion_cm", "directional_control_pct", "path_towards_cm", "path_away_cm",
        "path_towards_share_pct"))
    if not after.any():
        return out
    out["max_excursion_cm"] = float(np.max(along_cm[after]))
    inside = np.flatnonzero(after & (along_cm >= near_edge_cm))
    t_reach = float(t_s[inside[0]]) if inside.size else None
    if t_reach is not None:
        out["time_to_reach_s"] = t_reach - t_stimulus_s
    if onset.t_onset_s is None:
        return out
    t_on = onset.t_onset_s
    out["reaction_time_ms"] = (t_on - t_stimulus_s) * 1e3
    if t_reach is not None:
        out["movement_time_s"] = t_reach - t_on
    moving = np.flatnonzero(t_s >= t_on)
    if moving.size >= 2:  # end-point: first stop after the movement is clearly under way
        v = np.gradient(along_cm[moving], t_s[moving])
        underway = along_cm[moving] - onset.baseline_cm > onset.threshold_cm
        peak, end = 0.0, moving.size - 1
        for k in range(moving.size):
            peak = max(peak, v[k])
            if underway[: k + 1].any() and v[k] <= ENDPOINT_VELOCITY_SHARE * peak:
                end = k
                break
        out["endpoint_excursion_cm"] = float(along_cm[moving[end]])
    stop = t_reach if t_reach is not None else t_last
    path = along_cm[(t_s >= t_on) & (t_s <= stop)]
    steps = np.diff(path)
    towards, away = float(steps[steps > 0].sum()), float(-steps[steps < 0].sum())
    out.update(path_towards_cm=towards, path_away_cm=away)
    if towards > 0:
        out["directional_control_pct"] = (towards - away) / towards * 100.0
        out["path_towards_share_pct"] = towards / (towards + away) * 100.0
    return out
