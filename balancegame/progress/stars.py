"""Stars for one level run: finished, aim reached, as good as the patient's own best.

See :mod:`balancegame.progress` for the rules.  Whether the aim was reached is the
results screen's own judgement (its "Well done!"), passed in, so the two never differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from balancegame.progress.figures import Figure, figures_of, run_figures
from balancegame.progress.history import best

COMPLETED = "completed"


@dataclass(frozen=True)
class LevelStars:
    finished: bool  # played to the end
    aim: bool  # the level's aim reached (and finished)
    best: bool  # the main figure at least as good as the best before (and finished)
    figure: Figure | None = None  # the main figure, when it was measured
    now: float | None = None  # its value in this run
    best_before: float | None = None  # its best value in earlier comparable runs
    new_best: bool = False  # strictly better than the best before

    @property
    def count(self) -> int:
        return int(self.finished) + int(self.aim) + int(self.best)


def level_stars(summary: dict, status: str, aim_reached: bool, earlier: Sequence[dict],
                adaptive: bool = False) -> LevelStars:
    """``earlier``: the summaries of earlier comparable runs played to the end (earlier
    sessions and this session's earlier bouts)."""
    if status != COMPLETED:
        return LevelStars(False, False, False)
    readings = run_figures(summary, adaptive)
    figure = next((f for f in figures_of(summary.get("type")) if f.key in readings), None)
    if figure is None:
        return LevelStars(True, aim_reached, False)
    now = readings[figure.key]
    before = best(earlier, figure, adaptive)
    if before is None:  # a first run: nothing to beat yet
        return LevelStars(True, aim_reached, False, figure, now.value)
    as_good = figure.at_least(now.score, before[1])
    return LevelStars(True, aim_reached, as_good, figure, now.value, before[0],
                      as_good and not figure.at_least(before[1], now.score))
