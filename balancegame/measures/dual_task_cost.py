"""The dual-task cost of a level, from its summary and those of its single-task matches.

DTE = (dual - single) / single x 100 % (:func:`balancegame.measures.sway.dual_task_effect`),
signed so that a NEGATIVE value is always a COST (more sway, fewer correct answers, slower
reactions).  Computed on both sides when both matches were played in the session:

* thinking: correct answers per minute and accuracy (higher is better), counting alone
  (e.g. seated) against counting while balancing;
* balance: against the same balance task without counting: for walls or gates, the median
  movement reaction time (higher is worse) and the share of stimuli moved to in time (higher
  is better); for a stance, the side-to-side sway RMS (higher is worse).

Dual-task accuracy varies from session to session: read trends over several sessions.
"""

from __future__ import annotations

from typing import Any

from balancegame.measures.sway import dual_task_effect

CONVENTION = ("DTE = (dual - single) / single x 100 %, signed so that negative = a dual-task "
              "cost (worse under the dual task), whichever way the measure runs")


def _entry(name: str, unit: str, single: object, dual: object, higher_is_better: bool
           ) -> dict[str, Any] | None:
    if not isinstance(single, int | float) or not isinstance(dual, int | float) or single <= 0:
        return None
    return {"measure": name, "unit": unit, "single": float(single), "dual": float(dual),
            "higher_is": "better" if higher_is_better else "worse",
            "dte_pct": dual_task_effect(single, dual, higher_is_better)}


def _rms(summary: dict, key: str) -> float | None:
    sway = summary.get(key) or {}
    return (sway.get("whole") or {}).get("rms_ml_cm")


def _moved_in_time(summary: dict) -> float | None:
    n = summary.get("n_trials") or 0
    if not n:
        return None
    if summary.get("type") == "dual_task":  # a gate chosen, right or wrong
        return ((summary.get("n_correct") or 0) + (summary.get("n_wrong") or 0)) / n
    return summary.get("success_rate")


def dual_task_costs(dual: dict, balance: dict | None, thinking: dict | None) -> dict[str, Any]:
    """Both sides' DTEs from level-run summaries (the level scene's); missing sides are []."""
    cognitive, motor = [], []
    if thinking is not None:
        cognitive = [_entry("correct_per_min", "correct answers/min",
                            thinking.get("correct_per_min"), dual.get("correct_per_min"), True),
                     _entry("accuracy", "share of answers", thinking.get("accuracy"),
                            dual.get("accuracy"), True)]
    if balance is not None and balance.get("type") == "quiet_stance":
        motor = [_entry("sway_rms_ml_cm", "cm", _rms(balance, "sway_ml"),
                        _rms(dual, "movement_level_ml"), False)]
    elif balance is not None:
        motor = [_entry("rt_ms_median", "ms", balance.get("rt_ms_median"),
                        dual.get("rt_ms_median"), False),
                 _entry("moved_in_time_share", "share of stimuli", _moved_in_time(balance),
                        _moved_in_time(dual), True)]
    return {"dual_level": dual.get("level"),
            "balance_single": balance.get("level") if balance else None,
            "thinking_single": thinking.get("level") if thinking else None,
            "convention": CONVENTION,
            "cognitive": [e for e in cognitive if e], "motor": [e for e in motor if e]}


def costs_now_ready(plan: dict[str, dict[str, str]], played: dict[str, dict],
                    already: set[str]) -> list[tuple[str, dict[str, Any]]]:
    """Dual levels whose cost can be computed now: the level and every match of it that is
    in the session's plan have been played.  ``plan``: every planned level's name -> its
    matches (side -> level name; empty for most); ``played``: level name -> its summary;
    ``already``: names done before."""
    ready = []
    for name, matches in plan.items():
        wanted = [m for m in matches.values() if m in plan]
        if name in already or name not in played or not wanted or \
                not all(m in played for m in wanted):
            continue
        ready.append((name, dual_task_costs(played[name],
                                            played.get(matches.get("balance_single", "")),
                                            played.get(matches.get("thinking_single", "")))))
    return ready
