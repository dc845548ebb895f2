"""Adherence: training days done against the days prescribed, per week (Monday to Sunday).

A training day is a calendar day with at least one level played to its end, as the
weekly goal counts it (:mod:`balancegame.progress.weekly`): two sessions on one day
are one training day.  The prescribed number comes from what the session stored
(its settings' ``sessions_per_week``, or ``prescription.sessions_per_week``); failing
that, from the program the session played, read from its file as it is now (the
report says so: the file may have changed since); with neither, the week is
"not prescribed" and only what was done is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from balancegame.errors import LevelError
from balancegame.progress.history import local_date
from balancegame.progress.weekly import WEEK, week_start
from balancegame.report.data import ReportData
from balancegame.session.storage import SessionRecord


@dataclass(frozen=True)
class Goal:
    per_week: int
    source: str  # where the number comes from, in words


@dataclass(frozen=True)
class Week:
    monday: date
    sessions: int
    training_days: int
    goal: Goal | None
    in_progress: bool  # the week has not ended yet

    @property
    def pct(self) -> float | None:
        return None if self.goal is None else 100.0 * self.training_days / self.goal.per_week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def _whole(value: object) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7
    return value if ok else None


def stored_goal(session: SessionRecord, program_goal=None) -> Goal | None:
    """The weekly goal a session was played under, where it can be known."""
    settings = session.settings or {}
    prescription = settings.get("prescription")
    for value in (settings.get("sessions_per_week"),
                  prescription.get("sessions_per_week") if isinstance(prescription, dict)
                  else None):
        if _whole(value):
            return Goal(value, "as prescribed with the session")
    program = settings.get("program")
    if isinstance(program, str) and program and program_goal is not None:
        found = program_goal(program)
        if found is not None:
            return Goal(found, f"program {program}'s weekly goal, read from its file today "
                               "(the session did not store it)")
    return None


def program_goal_from_files(name: str) -> int | None:
    """``sessions_per_week`` of the program ``name`` in the user's and shipped folders."""
    from balancegame.prescription.library import LevelLibrary

    try:
        return LevelLibrary.for_user(None).program(name).sessions_per_week
    except (LevelError, OSError):
        return None


def weeks(data: ReportData, tz: tzinfo | None = None, today: date | None = None,
          program_goal=program_goal_from_files) -> list[Week]:
    """Every week from the first reported session's to the last's, empty weeks included."""
    reported = [s.record for s in data.sessions]
    first = week_start(local_date(reported[0].started_utc, tz))
    last = week_start(local_date(reported[-1].started_utc, tz))
    today = today or date.today()
    done = {r.session_id for r in data.summaries if r.status == "completed"}
    cache: dict[str, int | None] = {}

    def cached(name: str) -> int | None:
        if name not in cache:
            cache[name] = program_goal(name)
        return cache[name]

    goal: Goal | None = None
    history = list(data.history)
    out = []
    monday = week_start(local_date(history[0].started_utc, tz))
    while monday <= last:
        in_week = [s for s in history if week_start(local_date(s.started_utc, tz)) == monday]
        for s in in_week:  # the goal in force: the latest one stored so far
            goal = stored_goal(s, cached) or goal
        days = {local_date(s.started_utc, tz) for s in in_week if s.session_id in done}
        if monday >= first:
            out.append(Week(monday, len(in_week), len(days), goal,
                            monday == week_start(today)))
        monday += WEEK
    return out
