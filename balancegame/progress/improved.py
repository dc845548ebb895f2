"""What improved this session, against the patient's own earlier sessions, in plain words.

Only a figure that beat the same figure of the last earlier session with a
comparable run, by more than its noise (``Figure.min_change``), is called an
improvement, and each one says what it is compared with ("92 % of the walls avoided
(80 % on 3 May)").  The other figures of a level (its reaction time) count only when
its main one (the share of walls avoided, ...) did not get worse by more than noise:
moving sooner while hitting more walls is speed bought with accuracy, not progress.
When nothing improved the message says so kindly and truly; when
there is nothing to compare with yet, it says that; it never praises what did not
happen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from balancegame.progress.figures import figures_of
from balancegame.progress.history import Comparison, History, compare, local_date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SHOWN = 2  # improvements shown in large type; the headline counts them all


@dataclass(frozen=True)
class TodayRun:
    """A level run of this session: its title, comparable key and summary."""

    title: str
    key: str
    summary: dict
    status: str
    adaptive: bool = False


@dataclass(frozen=True)
class Improvement:
    title: str
    comparison: Comparison


@dataclass(frozen=True)
class SessionProgress:
    improvements: tuple[Improvement, ...]
    n_finished: int  # levels played to the end today
    n_compared: int  # of those, levels with an earlier comparable session


def session_progress(today: Sequence[TodayRun], history: History) -> SessionProgress:
    finished = [r for r in today if r.status == "completed"]
    found: list[Improvement] = []
    compared: set[str] = set()
    for key in dict.fromkeys(r.key for r in finished):  # each level once, in play order
        runs = [r for r in finished if r.key == key]
        before = history.last_session(key)
        if not before:
            continue
        compared.add(key)
        when = local_date(before[0].session_started_utc, history.tz)
        main_worse = False
        for i, figure in enumerate(figures_of(runs[0].summary.get("type"))):
            c = compare([r.summary for r in runs], [b.summary for b in before], figure,
                        runs[0].adaptive, when)
            if c is None:
                continue
            if i == 0:
                main_worse = figure.better(c.before_score, c.now_score)
            if figure.better(c.now_score, c.before_score) and not (i and main_worse):
                found.append(Improvement(runs[0].title, c))
    return SessionProgress(tuple(found), len(finished), len(compared))


def when_words(day: date | None, today: date) -> str:
    if day is None:
        return "before"
    if day == today:
        return "earlier today"
    if (today - day).days == 1:
        return "yesterday"
    return f"on {day.day} {MONTHS[day.month - 1]}"


def progress_lines(p: SessionProgress, today: date) -> tuple[str, ...]:
    """The end screen's message: a headline, then up to ``SHOWN`` improvements."""
    if p.n_finished == 0:
        return ("No level was played to the end today.",
                "What you did is saved. Rest, and try again another day.")
    if p.n_compared == 0:
        return ("A first time for today's levels.",
                "Next time you will see here what improved.")
    if not p.improvements:
        return ("Not better than last time today, and that is normal.",
                "Balance improves over weeks of practice, and today you practised.")
    n = len(p.improvements)
    lines = [f"Better than last time ({SHOWN} of {n}):" if n > SHOWN
             else "Better than last time:"]
    for imp in p.improvements[:SHOWN]:
        c = imp.comparison
        lines.append(f"{imp.title}: {c.figure.text(c.now)} ({c.figure.value(c.before)} "
                     f"{when_words(c.before_date, today)})")
    return tuple(lines)
