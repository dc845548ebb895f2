"""Home mode's summary (issue 11, part 3) on scripted histories: what was done, the sway
against the patient's own first week, and whether that is more than their usual
day-to-day variation; the weekly count before and after a session."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from balancegame.progress.baseline import MIN_SESSIONS, level_trend, session_trend
from balancegame.progress.history import History, PastRun
from balancegame.progress.improved import TodayRun
from balancegame.progress.summary import (
    done_sentences,
    next_session_sentence,
    trend_sentences,
    week_sentence,
)
from balancegame.progress.weekly import weekly_progress

KEY = 'dodge-gentle {"x": 1}'
DAY0 = date(2026, 1, 5)  # a Monday


def run(sway_cm: float | None, **extra) -> dict:
    sway = None if sway_cm is None else {"whole": {"rms_ml_cm": sway_cm}}
    return {"type": "obstacle_dodge", "n_trials": 10, "outcomes": {"avoided": 9, "hit": 1},
            "sway_countdown_ml": sway, **extra}


def history(values_by_day: dict[int, float], key: str = KEY) -> History:
    runs = []
    for i, (day, value) in enumerate(sorted(values_by_day.items())):
        when = datetime.combine(DAY0 + timedelta(days=day), datetime.min.time(),
                                tzinfo=UTC) + timedelta(hours=10)
        runs.append(PastRun(i + 1, when.isoformat(), key, "completed", run(value)))
    return History(runs, tz=UTC)


def today(value: float | None, status: str = "completed") -> list[TodayRun]:
    return [TodayRun("Dodge the walls", KEY, run(value), status)]


# sessions in the first week (days 0, 2, 4: median 1.0 cm), then two more, close together
STEADY = {0: 1.0, 2: 1.05, 4: 0.95, 9: 1.0, 11: 1.02}
DAY = DAY0 + timedelta(days=15)


def words(value: float, past=STEADY, day=DAY) -> list[str]:
    return trend_sentences(session_trend(today(value), history(past), day), False)


def test_a_first_session_says_it_is_the_start() -> None:
    assert session_trend(today(1.0), History(), DAY0) is None
    assert trend_sentences(None, True) == [
        "This was your first session: the next ones are compared with it."]
    assert "A first time for today's levels" in trend_sentences(None, False)[0]


def test_less_sway_than_the_first_week_beyond_the_variation_says_steadier() -> None:
    trend = session_trend(today(0.8), history(STEADY), DAY)
    assert trend.baseline_cm == 1.0 and trend.change_pct == pytest.approx(-20.0)
    assert trend.band_pct is not None and trend.band_pct < 20 and trend.within is False
    assert words(0.8) == ["Your sway was 20 % lower than in your first week.",
                          "That is more than your usual day-to-day variation: you were "
                          "steadier."]


def test_more_sway_beyond_the_variation_is_said_without_alarm_or_praise() -> None:
    head, more = words(1.3)
    assert head == "Your sway was 30 % higher than in your first week."
    assert "more than your usual day-to-day variation" in more and "therapist" in more
    assert "steadier" not in more and "Well done" not in head + more


def test_a_small_difference_is_within_the_day_to_day_variation() -> None:
    assert words(0.97) == ["Your sway was 3 % lower than in your first week.",
                           "That is within your usual day-to-day variation."]
    assert words(1.04)[1] == "That is within your usual day-to-day variation."
    assert words(1.002)[0] == "Your sway was about the same as in your first week."


def test_a_noisy_patient_needs_a_bigger_change_to_leave_the_variation() -> None:
    noisy = {0: 1.0, 2: 1.4, 4: 0.75, 9: 1.3, 11: 0.8}
    trend = session_trend(today(0.8), history(noisy), DAY)
    assert trend.within is True and trend.band_pct > 20
    assert words(0.8, noisy)[1] == "That is within your usual day-to-day variation."


def test_the_variation_band_is_the_typical_error_of_consecutive_sessions() -> None:
    trend = session_trend(today(0.8), history(STEADY), DAY)
    logs = [math.log(v) for v in STEADY.values()]
    diffs = [b - a for a, b in zip(logs, logs[1:], strict=False)]
    mean = sum(diffs) / len(diffs)
    te = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)) / math.sqrt(2)
    assert trend.band_pct == pytest.approx(100 * math.expm1(1.96 * te * math.sqrt(1 + 1 / 3)))


def test_too_few_sessions_say_when_the_variation_will_be_known() -> None:
    past = {0: 1.0, 3: 1.1}
    trend = session_trend(today(0.9), history(past), DAY0 + timedelta(days=5))
    assert trend.band_pct is None and trend.within is None and trend.n_sessions == 2
    assert trend_sentences(trend, False) == [
        "Your sway was 10 % lower than in your first session.",
        f"After {MIN_SESSIONS - 2} more sessions the game can tell a real change from the "
        "usual day-to-day variation."]


def test_only_comparable_runs_played_to_the_end_count() -> None:
    other = history(STEADY, key='dodge-gentle {"x": 2}')  # the level at another difficulty
    assert session_trend(today(0.8), other, DAY) is None
    assert session_trend(today(0.8, status="aborted"), history(STEADY), DAY) is None
    assert session_trend(today(None), history(STEADY), DAY) is None  # no sway measured
    assert level_trend("t", KEY, today(0.8), history(STEADY), DAY).n_sessions == 5


def test_what_was_done_is_summed_over_the_runs_of_a_kind() -> None:
    summaries = [run(1.0), run(1.0, outcomes={"avoided": 9, "hit": 1}),
                 {"type": "quiet_stance", "longest_stance_s": 28.4},
                 {"type": "stepping", "n_steps": 0},
                 {"type": "weight_shift", "n_trials": 1, "outcomes": {"reached": 1}}]
    assert done_sentences(summaries) == [
        "You avoided 18 of 20 walls.", "You stood still for up to 28 s.",
        "No steps were seen today.", "You reached 1 of 1 target."]
    assert done_sentences([run(1.0, n_trials=0, outcomes={})]) == []  # nothing came: silent


def test_the_weekly_count_before_and_after_a_session() -> None:
    monday, wednesday = DAY0, DAY0 + timedelta(days=2)
    week = weekly_progress({monday}, wednesday, 3)
    assert next_session_sentence(week, False) == "Session 2 of 3 this week"
    after = weekly_progress({monday, wednesday}, wednesday, 3)
    assert week_sentence(after, True) == "Session 2 of 3 this week done."
    assert week_sentence(week, False) == ("No level was finished today, so this week "
                                          "stays at 1 of 3 sessions.")
    full = weekly_progress({monday, wednesday, DAY0 + timedelta(days=4)},
                           DAY0 + timedelta(days=4), 3)
    assert week_sentence(full, True) == "Session 3 of 3 this week done."
    more = weekly_progress({monday, wednesday, DAY0 + timedelta(days=4)},
                           DAY0 + timedelta(days=4), 2)
    assert week_sentence(more, True) == "Session 3 this week: 2 were prescribed."
    assert next_session_sentence(full, True) == "Again today: this week 3 of 3 sessions are done."
    assert next_session_sentence(weekly_progress({monday, wednesday}, DAY0 + timedelta(days=3),
                                                 2), False) == (
        "Session 3 this week: the 2 prescribed are done already.")
