"""Today against the patient's own beginning, and whether the difference is more than
their usual day-to-day variation (issue 11, part 3: home mode's summary).

**The measure** is quiet-standing sway: every level begins with a few seconds of
standing still (its countdown), and the side-to-side sway RMS of that stretch
(``sway_countdown_ml.whole.rms_ml_cm``, cm, zero-phase filtered, measures/sway.py) is
stored with every run.  It is compared only between runs of the same level at the same
difficulty played to the end (:func:`~balancegame.progress.history.comparable_key`):
the same stance, the same countdown.  A session's value is the median of its runs.
Camera sway is a within-patient trend measure (CLINICAL.md); no normative value is used.

**The baseline** is the median of the sessions in the patient's first week with that
level (the 7 days from its first session); while today is still in that week, the first
session alone.

**The usual day-to-day variation** is the typical error of the patient's own earlier
sessions, TE = SD(differences between consecutive sessions) / sqrt(2) (Hopkins 2000,
Sports Med 30:1), on logarithms (sway is a ratio measure, so a change is a percentage).
Today differs from a baseline of k sessions by more than that when
|ln(today / baseline)| > 1.96 * TE * sqrt(1 + 1/k) (the 95 % limit of a difference).
With fewer than ``MIN_SESSIONS`` earlier sessions the variation is not known yet, and
the summary says so instead of guessing.

Pure: the :class:`~balancegame.progress.history.History` and today's runs in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median, stdev

from balancegame.progress.history import History, PastRun, local_date
from balancegame.progress.improved import TodayRun

MIN_SESSIONS = 4  # earlier sessions (3 differences) before the variation is estimated
FIRST_WEEK = timedelta(days=7)
SAME_PCT = 0.5  # a smaller change reads "about the same"


def quiet_sway_cm(summary: dict) -> float | None:
    """The countdown's side-to-side sway RMS of one run, cm, or None if not measured."""
    whole = ((summary.get("sway_countdown_ml") or {}).get("whole") or {})
    value = whole.get("rms_ml_cm")
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok and math.isfinite(value) and value > 0 else None


@dataclass(frozen=True)
class Trend:
    title: str  # the level's title
    today_cm: float
    baseline_cm: float
    change_pct: float  # (today - baseline) / baseline x 100: negative = less sway
    band_pct: float | None  # the usual day-to-day variation (+/- %); None: not known yet
    n_sessions: int  # earlier sessions with this level
    since: str  # "in your first week" or "in your first session"

    @property
    def within(self) -> bool | None:
        """Inside the usual day-to-day variation; None while it is not known."""
        if self.band_pct is None:
            return None
        return abs(math.log(self.today_cm / self.baseline_cm)) <= math.log1p(
            self.band_pct / 100)


def _sessions(runs: Sequence[PastRun]) -> list[tuple[str, float]]:
    """(start, median sway) of each session, oldest first."""
    by_session: dict[int, tuple[str, list[float]]] = {}
    for r in runs:
        value = quiet_sway_cm(r.summary)
        if value is not None:
            by_session.setdefault(r.session_id, (r.session_started_utc, []))[1].append(value)
    return [(start, median(values)) for start, values in by_session.values()]


def level_trend(title: str, key: str, today: Sequence[TodayRun], history: History,
                day: date) -> Trend | None:
    """The trend of one level played to the end today; None without a value today or
    without an earlier session."""
    values = [v for r in today if r.key == key and r.status == "completed"
              and (v := quiet_sway_cm(r.summary)) is not None]
    earlier = _sessions(history.completed(key))
    if not values or not earlier:
        return None
    now = median(values)
    first_day = local_date(earlier[0][0], history.tz)
    if day - first_day < FIRST_WEEK:  # today is still in the first week
        week, since = [earlier[0][1]], "in your first session"
    else:
        week = [v for start, v in earlier
                if local_date(start, history.tz) - first_day < FIRST_WEEK]
        since = "in your first week"
    base = median(week)
    band = None
    if len(earlier) >= MIN_SESSIONS:
        logs = [math.log(v) for _, v in earlier]
        te = stdev([b - a for a, b in zip(logs, logs[1:], strict=False)]) / math.sqrt(2)
        band = 100 * math.expm1(1.96 * te * math.sqrt(1 + 1 / len(week)))
    return Trend(title, now, base, 100 * (now - base) / base, band, len(earlier), since)


def session_trend(today: Sequence[TodayRun], history: History, day: date) -> Trend | None:
    """The trend to tell the patient: of the level played today with the longest history
    (the first played on a tie)."""
    trends = [t for key, title in dict.fromkeys((r.key, r.title) for r in today)
              if (t := level_trend(title, key, today, history, day)) is not None]
    return max(trends, key=lambda t: t.n_sessions, default=None)
