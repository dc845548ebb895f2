"""The progress shown on the results and end screens: stars, the best before, the week.

The figures and rules are :mod:`balancegame.progress`'s; this module finds this
session's runs in the context, words them for the screen, and draws the stars (shapes
with a word under each, never told by colour alone).
"""

from __future__ import annotations

import math

import pygame

from balancegame.game import theme
from balancegame.game.context import GameContext
from balancegame.game.results_words import results_words
from balancegame.prescription.levels import Level
from balancegame.progress.history import comparable_key
from balancegame.progress.improved import TodayRun, progress_lines, session_progress
from balancegame.progress.stars import LevelStars, level_stars
from balancegame.progress.weekly import WeeklyProgress, weekly_progress

STAR_WORDS = ("finished", "aim", "your best")


def _level(ctx: GameContext, summary: dict) -> Level | None:
    return next((lv for lv in ctx.levels if lv.name == summary.get("level")), None)


def today_runs(ctx: GameContext) -> list[TodayRun]:
    """This session's level runs, with the key that finds their comparable runs."""
    runs = []
    for s in ctx.summaries:
        level = _level(ctx, s)
        if level is not None:
            runs.append(TodayRun(level.title, comparable_key(level.name,
                                                             level.difficulty_dict()),
                                 s, s.get("status", ""), level.adaptive is not None))
    return runs


def stars_for(ctx: GameContext, summary: dict) -> LevelStars:
    """The stars of the run ``summary`` (one of ``ctx.summaries``, or a run not stored)."""
    status = summary.get("status", "completed")
    aim = results_words(summary, status).praise
    level = _level(ctx, summary)
    if level is None:
        return level_stars(summary, status, aim, [])
    key = comparable_key(level.name, level.difficulty_dict())
    earlier = [r.summary for r in ctx.history.completed(key)]
    for run in today_runs(ctx):  # this session's earlier bouts of the same level count too
        if run.summary is summary:
            break
        if run.key == key and run.status == "completed":
            earlier.append(run.summary)
    return level_stars(summary, status, aim, earlier, level.adaptive is not None)


def stars_words(stars: LevelStars) -> tuple[str, str]:
    """("2 of 3 stars", the sentence about the patient's best, or "")."""
    count = f"{stars.count} of 3 stars" if stars.finished else "No stars: not finished"
    f, now, before = stars.figure, stars.now, stars.best_before
    if not stars.finished or f is None or now is None:
        return count, ""
    if before is None:
        return count, f"First time: {f.text(now)}, the score to beat"
    if stars.new_best:
        return count, f"New best: {f.text(now)} (before {f.value(before)})"
    if stars.best:
        return count, f"As good as your best: {f.text(now)}"
    return count, f"Your best so far: {f.text(before)}"


CAPTION_PX = 46  # the star's word: read by the patient, from 2.5 m


def _star(x: float, y: float, radius: float) -> list[tuple[float, float]]:
    return [(x + r * math.sin(a), y - r * math.cos(a))
            for k in range(10) for a, r in ((k * math.pi / 5,
                                             radius if k % 2 == 0 else radius * 0.45),)]


def draw_stars(surface: pygame.Surface, stars: LevelStars, centre: tuple[int, int],
               radius: int = 36, grown: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> int:
    """Three stars, filled for each one earned, outlined for the others, with the word
    for each underneath; returns the y below the words.  ``grown``: how far (0 to 1)
    each earned star has grown into its outline (the results' short animation)."""
    earned = (stars.finished, stars.aim, stars.best)
    step = max(radius * 6, 200)
    y = centre[1]
    for i, (got, word) in enumerate(zip(earned, STAR_WORDS, strict=True)):
        x = centre[0] + (i - 1) * step
        points = _star(x, y, radius)
        if got and grown[i] < 1.0:  # arriving: its place outlined, the star growing in it
            pygame.draw.polygon(surface, theme.TEXT_DIM, points, 4)
            if grown[i] > 0.05:
                small = _star(x, y, radius * grown[i])
                pygame.draw.polygon(surface, theme.YELLOW, small)
                pygame.draw.polygon(surface, theme.BLACK, small, 3)
        else:
            if got:
                pygame.draw.polygon(surface, theme.YELLOW, points)
            pygame.draw.polygon(surface, theme.BLACK if got else theme.TEXT_DIM, points,
                                3 if got else 4)
        theme.draw_text(surface, word, CAPTION_PX, theme.TEXT if got else theme.TEXT_DIM,
                        (x, y + radius + 8 + CAPTION_PX // 2), max_width=step - 10)
    return y + radius + 16 + CAPTION_PX


def week_of(ctx: GameContext) -> WeeklyProgress:
    """This week against the goal, today's session included when it finished a level."""
    days = ctx.history.training_days()
    if any(s.get("status") == "completed" for s in ctx.summaries):
        days.add(ctx.today)
    return weekly_progress(days, ctx.today, ctx.sessions_per_week)


def week_lines(week: WeeklyProgress) -> tuple[str, str]:
    """("This week: 2 of 3 training days", the streak in words)."""
    n, goal = week.days_this_week, week.goal_days
    head = (f"This week: {n} of {goal} training days" if n <= goal
            else f"This week: {n} training days (goal {goal})")
    if not week.streak_weeks:
        return head, "Reach the goal this week to start a streak"
    weeks = f"{week.streak_weeks} week{'s' if week.streak_weeks > 1 else ''} in a row"
    kept = ", a short week forgiven" if week.forgiven_weeks else ""
    return head, (f"Goal reached! {weeks}{kept}" if week.goal_met
                  else f"Streak: {weeks} at your goal{kept}")


def session_words(ctx: GameContext) -> tuple[str, ...]:
    """The end screen's message about what improved (see progress/improved.py)."""
    return progress_lines(session_progress(today_runs(ctx), ctx.history), ctx.today)
