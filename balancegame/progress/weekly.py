"""The weekly goal and the streak that forgives a missed day.

* A **training day** is a calendar day (this computer's time zone) with at least one
  level played to its end; two sessions on one day make one training day.
* A **week** runs Monday to Sunday.  The **goal** is the program's
  ``sessions_per_week`` training days (3 without a program).
* The **streak** is counted in weeks, going back from this week: a week that reached
  the goal adds one.  A finished week exactly one training day short of the goal is
  forgiven (life happens): it neither adds to the streak nor ends it, but only if the
  week after it was not forgiven too, so two short weeks in a row end the streak, as
  does a week two or more days short.  This week, while it has not reached the goal,
  neither adds nor ends (it is not over).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WEEK = timedelta(days=7)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeeklyProgress:
    goal_days: int
    days_this_week: int
    streak_weeks: int
    forgiven_weeks: int  # short weeks inside the streak that were forgiven

    @property
    def goal_met(self) -> bool:
        return self.days_this_week >= self.goal_days


def weekly_progress(training_days: Iterable[date], today: date, goal_days: int
                    ) -> WeeklyProgress:
    days = set(training_days)
    per_week: dict[date, int] = {}
    for day in days:
        per_week[week_start(day)] = per_week.get(week_start(day), 0) + 1
    this_week = week_start(today)
    n_now = per_week.get(this_week, 0)
    streak = 1 if n_now >= goal_days else 0
    forgiven, last_forgiven = 0, False
    week = this_week - WEEK
    first = min(per_week, default=this_week)
    while week >= first:
        n = per_week.get(week, 0)
        if n >= goal_days:
            streak, last_forgiven = streak + 1, False
        elif n == goal_days - 1 and not last_forgiven:
            forgiven, last_forgiven = forgiven + 1, True
        else:
            break
        week -= WEEK
    if last_forgiven:  # a short week at the far end of the streak forgives nothing
        forgiven -= 1
    return WeeklyProgress(goal_days, n_now, streak, forgiven if streak else 0)
