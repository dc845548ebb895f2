"""Progress across sessions: key measures per session against the patient's own baseline.

* **Per level**: runs are grouped by level name; a session's value is the mean of its
  runs of that level played to the end (bouts of a program are averaged).
* **Baseline**: the first ``BASELINE_SESSIONS`` sessions with a value, whether or not
  they are in the report's dates.  No normative values exist for webcam CoM measures:
  the baseline is the patient's own.
* **Day-to-day band**: with 3 baseline sessions or more, the baseline mean ± 2 SD
  (sample SD); with fewer, the baseline ± the smallest change the program counts as
  more than noise for that figure (progress/figures.py: 50 ms of reaction time, 5 points
  of success, ...) where it has one; otherwise no band, and the plot says so.
* **Marks**: the patient's first session, and each session where the level's difficulty
  or the session's program differs from the session before (a prescription change, an
  adaptive step, or a session made lighter by the two-hour rule, which is named).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from balancegame.progress.figures import FIGURES_OF_TYPE
from balancegame.report.data import ReportData, event_detail
from balancegame.session.measure_list import MEASURES, Measure

BASELINE_SESSIONS = 3
KEY_MEASURES: dict[str, tuple[str, ...]] = {
    "obstacle_dodge": ("success_pct", "rt_ms_median"),
    "weight_shift": ("success_pct", "rt_ms_median"),
    "dual_task": ("correct_per_min", "accuracy_pct", "rt_ms_median"),
    "quiet_stance": ("stance_sway_rms_ml_cm", "stance_sway_mean_velocity_cm_s",
                     "longest_stance_s"),
    "gaze_stabilisation": ("amplitude_deg", "turns_per_min"),
    "stepping": ("cadence_spm", "step_time_cv_pct"),
}
LABELS = {"success_pct": "successful trials", "rt_ms_median": "median reaction time",
          "correct_per_min": "correct answers a minute", "accuracy_pct": "answers correct",
          "stance_sway_rms_ml_cm": "sway RMS (ML)",
          "stance_sway_mean_velocity_cm_s": "sway mean velocity (ML)",
          "longest_stance_s": "longest time in the stance",
          "amplitude_deg": "head-turn amplitude", "turns_per_min": "head turns a minute",
          "cadence_spm": "cadence", "step_time_cv_pct": "step-time variability (CV)"}
SHARES = ("success_pct", "accuracy_pct")  # 0-100 %: a band stops there
MIN_CHANGE = {f.key: f.min_change for figures in FIGURES_OF_TYPE.values() for f in figures}
BY_NAME = {m.name: m for m in MEASURES}


@dataclass(frozen=True)
class Point:
    x: int  # the session's place among the patient's sessions, from 1
    session_id: int
    value: float
    n_runs: int


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    how: str  # which band, in words


@dataclass(frozen=True)
class Trend:
    measure: Measure
    points: tuple[Point, ...]
    baseline: float | None
    baseline_n: int
    band: Band | None


@dataclass(frozen=True)
class LevelTrends:
    level_name: str
    title: str
    level_type: str
    trends: tuple[Trend, ...]
    marks: tuple[tuple[int, str], ...]  # (x, what changed)


def band_for(measure: Measure, baseline: Sequence[float]) -> Band | None:
    if len(baseline) >= BASELINE_SESSIONS:
        mean, half = statistics.fmean(baseline), 2 * statistics.stdev(baseline)
        how = f"baseline mean ± 2 SD of the first {len(baseline)} sessions"
    elif baseline and measure.name in MIN_CHANGE:
        mean, half = statistics.fmean(baseline), MIN_CHANGE[measure.name]
        how = (f"baseline ± {half:g} (the smallest change counted as more than "
               f"measurement noise; fewer than {BASELINE_SESSIONS} baseline sessions)")
    else:
        return None
    low, high = max(mean - half, 0.0), mean + half  # every key measure is 0 or more
    if measure.name in SHARES:
        high = min(high, 100.0)
    return Band(low, high, how)


def level_trends(data: ReportData) -> list[LevelTrends]:
    x_of = {s.session_id: i for i, s in enumerate(data.history, start=1)}
    program = {s.session_id: s.settings.get("program") for s in data.history}
    lighter = {sid for sid, events in data.history_events.items() for e in events
               if e.kind == "two_hour_rule" and event_detail(e).get("answer") == "no"}
    by_level: dict[str, list] = {}
    for r in data.summaries:
        by_level.setdefault(r.level_name, []).append(r)
    out = []
    for name, runs in by_level.items():
        summaries = [r.summary for r in runs if r.summary]
        kind = next((s.get("type") for s in summaries if s.get("type")), None)
        if kind not in KEY_MEASURES:
            continue
        title = next((s.get("title") for s in summaries if s.get("title")), name)
        done = [r for r in runs if r.status == "completed" and r.summary]
        spoken = any(s.get("mode") == "spoken" for s in summaries)
        trends = []
        for measure in (BY_NAME[k] for k in KEY_MEASURES[kind]
                        if not (spoken and k == "rt_ms_median")):  # the supervisor's key
            per_session: dict[int, list[float]] = {}
            for r in done:
                value = measure.value(r.summary)
                if value is not None and not isinstance(value, bool):
                    per_session.setdefault(r.session_id, []).append(float(value))
            points = tuple(Point(x_of[sid], sid, statistics.fmean(v), len(v))
                           for sid, v in sorted(per_session.items(), key=lambda i: x_of[i[0]]))
            if not points:
                continue
            base = [p.value for p in points[:BASELINE_SESSIONS]]
            trends.append(Trend(measure, points, statistics.fmean(base), len(base),
                                band_for(measure, base)))
        if trends:
            out.append(LevelTrends(name, title, kind, tuple(trends),
                                   _marks(runs, x_of, program, lighter,
                                          prescribed_before(data))))
    return out


def prescribed_before(data) -> dict[int, list[str]]:
    """Session x -> the prescription fields the therapist changed since the session before
    (therapist mode or ``balancegame prescribe``; the change log's own times)."""
    out: dict[int, list[str]] = {}
    for change in data.prescription_changes:
        after = next((i for i, s in enumerate(data.history, start=1)
                      if s.started_utc >= change.changed_utc), None)
        if after is not None:
            out.setdefault(after, []).append(change.field.replace("_", " "))
    return out


def _marks(runs, x_of: dict[int, int], program: dict[int, object], lighter: set[int],
           prescribed: dict[int, list[str]] | None = None) -> tuple[tuple[int, str], ...]:
    first = x_of[runs[0].session_id]
    marks = {first: ["first session" if first == 1 else "first played"]}
    played = {x_of[r.session_id] for r in runs}
    for x, fields in (prescribed or {}).items():
        if x in played:
            marks.setdefault(x, []).append("prescription: " + ", ".join(dict.fromkeys(fields)))
    previous: dict[str, object] = {}
    for r in runs:
        difficulty = json.dumps(r.difficulty, sort_keys=True)
        x = x_of[r.session_id]
        if previous and previous["session"] != r.session_id:
            if previous["difficulty"] != difficulty:
                marks.setdefault(x, []).append("lighter (two-hour rule)"
                                               if r.session_id in lighter
                                               else "difficulty changed")
            if program[previous["session"]] != program[r.session_id]:
                marks.setdefault(x, []).append(f"program: {program[r.session_id] or 'none'}")
        previous = {"session": r.session_id, "difficulty": difficulty}
    return tuple((x, ", ".join(dict.fromkeys(w))) for x, w in sorted(marks.items()))
