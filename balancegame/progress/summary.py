"""The plain-language summary of a session at home (issue 11, part 3).

"You avoided 18 of 20 walls.  Your sway was 12 % lower than in your first week.  That is
more than your usual day-to-day variation."  Three kinds of sentence, all true:

* **what was done** today, per kind of level, summed over its runs (whatever was played,
  also a level cut short: the counts are what happened);
* **the trend** of quiet-standing sway against the patient's own baseline
  (:mod:`balancegame.progress.baseline`), said as lower, higher or about the same;
* **whether that is more than the usual day-to-day variation**, or that it is not known
  yet (and after how many more sessions it will be), or, with nothing to compare, that
  this session is the start.

It never praises: lower sway is said as a fact, a worse one without alarm (tiredness
and heat change balance in MS), and "done" is said of a week's session only when a
level was played to its end (progress/weekly.py's training day).
"""

from __future__ import annotations

from collections.abc import Sequence

from balancegame.progress.baseline import MIN_SESSIONS, SAME_PCT, Trend
from balancegame.progress.weekly import WeeklyProgress

SUCCESS = ("avoided", "reached", "correct", "completed")


def _count(summaries: Sequence[dict], kind: str) -> tuple[int, int]:
    runs = [s for s in summaries if s.get("type") == kind]
    n = sum(int(s.get("n_trials") or 0) for s in runs)
    good = sum(c for s in runs for o, c in (s.get("outcomes") or {}).items() if o in SUCCESS)
    return good, n


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def done_sentences(summaries: Sequence[dict]) -> list[str]:
    """What was done today, one sentence per kind of level, in the order played."""
    out = []
    for kind in dict.fromkeys(s.get("type") for s in summaries):
        runs = [s for s in summaries if s.get("type") == kind]
        good, n = _count(summaries, kind)
        if kind == "obstacle_dodge" and n:
            out.append(f"You avoided {good} of {_plural(n, 'wall')}.")
        elif kind == "weight_shift" and n:
            out.append(f"You reached {good} of {_plural(n, 'target')}.")
        elif kind == "dual_task" and n:
            out.append(f"You gave {good} right answers of {n}.")
        elif kind == "quiet_stance":
            longest = max((float(s["longest_stance_s"]) for s in runs
                           if isinstance(s.get("longest_stance_s"), int | float)), default=None)
            if longest is not None:
                out.append(f"You stood still for up to {longest:.0f} s.")
        elif kind == "stepping":
            steps = sum(int(s.get("n_steps") or 0) for s in runs)
            out.append(f"You took {_plural(steps, 'step')}." if steps else
                       "No steps were seen today.")
        elif kind == "gaze_stabilisation":
            turns = [float(s["amplitude_deg"]) for s in runs
                     if isinstance(s.get("amplitude_deg"), int | float)]
            if turns:
                out.append(f"You turned your head up to {max(turns):.0f}° each way.")
    return out


def trend_sentences(trend: Trend | None, first_session: bool) -> list[str]:
    """The sway against the baseline, and whether that is more than day-to-day variation."""
    if trend is None:
        return (["This was your first session: the next ones are compared with it."]
                if first_session else
                ["A first time for today's levels: the next sessions are compared with "
                 "today."])
    change = trend.change_pct
    if abs(change) < SAME_PCT:
        head = f"Your sway was about the same as {trend.since}."
    else:
        way = "lower" if change < 0 else "higher"
        head = f"Your sway was {abs(change):.0f} % {way} than {trend.since}."
    within = trend.within
    if within is None:
        more = MIN_SESSIONS - trend.n_sessions
        return [head, f"After {_plural(more, 'more session')} the game can tell a real "
                      "change from the usual day-to-day variation."]
    if within:
        return [head, "That is within your usual day-to-day variation."]
    if change < 0:
        return [head, "That is more than your usual day-to-day variation: you were steadier."]
    return [head, "That is more than your usual day-to-day variation. Tiredness or heat can "
                  "do this; tell your therapist if it keeps happening."]


def week_sentence(week: WeeklyProgress, counted_today: bool) -> str:
    """This week's sessions against the prescription, after the session."""
    n, goal = week.days_this_week, week.goal_days
    if not counted_today:
        return (f"No level was finished today, so this week stays at {n} of {goal} "
                "sessions.")
    if n > goal:
        return f"Session {n} this week: {goal} were prescribed."
    return f"Session {n} of {goal} this week done."


def next_session_sentence(week: WeeklyProgress, trained_today: bool) -> str:
    """The title screen's count: which session of the week today's is."""
    n, goal = week.days_this_week, week.goal_days
    if trained_today:
        return f"Again today: this week {n} of {goal} sessions are done."
    if n + 1 > goal:
        return f"Session {n + 1} this week: the {goal} prescribed are done already."
    return f"Session {n + 1} of {goal} this week"
