"""A patient's earlier level runs, and the comparisons the progress screens make with them.

Built once at the start of a session from the database (``Database.level_summaries``),
before the session's writer thread takes the database over: the game never reads the
disk while it plays.  Runs are compared only with runs of the same level at the same
difficulty (:func:`comparable_key`) that were played to the end.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from balancegame.progress.figures import Figure, run_figures

COMPLETED = "completed"


def comparable_key(level_name: str, difficulty: Mapping[str, Any]) -> str:
    """Runs with the same key can be compared: the level's name and every difficulty
    number and choice (as stored: through JSON, keys sorted)."""
    canonical = json.dumps(json.loads(json.dumps(dict(difficulty), default=list)),
                           sort_keys=True)
    return f"{level_name} {canonical}"


def local_date(utc_iso: str, tz: tzinfo | None = None) -> date:
    """The calendar day, in ``tz`` (default: this computer's), of a stored ``*_utc`` time."""
    return datetime.fromisoformat(utc_iso).astimezone(tz).date()


@dataclass(frozen=True)
class PastRun:
    session_id: int
    session_started_utc: str
    key: str  # comparable_key
    status: str
    summary: dict


@dataclass(frozen=True)
class Comparison:
    """A run's figure against the same figure before."""

    figure: Figure
    now: float  # shown values
    before: float
    now_score: float  # compared values (capped at what the level asked)
    before_score: float
    before_date: date | None = None


class History:
    """Earlier runs of one patient, oldest first."""

    def __init__(self, runs: Sequence[PastRun] = (), tz: tzinfo | None = None) -> None:
        self.runs = tuple(runs)
        self.tz = tz

    @classmethod
    def from_records(cls, records: Iterable[Any], tz: tzinfo | None = None) -> History:
        """From ``Database.level_summaries`` rows (runs without a summary are left out)."""
        return cls([PastRun(r.session_id, r.session_started_utc,
                            comparable_key(r.level_name, r.difficulty), r.status, r.summary)
                    for r in records if r.summary is not None], tz)

    def completed(self, key: str) -> list[PastRun]:
        return [r for r in self.runs if r.key == key and r.status == COMPLETED]

    def sessions(self) -> list[tuple[int, str]]:
        """(session id, start) of every earlier session with a run, oldest first."""
        return list(dict.fromkeys((r.session_id, r.session_started_utc) for r in self.runs))

    def training_days(self) -> set[date]:
        """Days with at least one level run played to the end."""
        return {local_date(r.session_started_utc, self.tz) for r in self.runs
                if r.status == COMPLETED}

    def last_session(self, key: str) -> list[PastRun]:
        """The comparable runs of the most recent earlier session that has any."""
        runs = self.completed(key)
        return [r for r in runs if r.session_id == runs[-1].session_id] if runs else []


def best(summaries: Iterable[dict], figure: Figure, adaptive: bool = False
         ) -> tuple[float, float] | None:
    """(shown value, compared score) of the best run for ``figure``, or None."""
    found = [r for s in summaries if (r := run_figures(s, adaptive).get(figure.key))]
    if not found:
        return None
    pick = max if figure.higher_is_better else min
    top = pick(found, key=lambda r: r.score)
    return top.value, top.score


def compare(now: Iterable[dict], before: Iterable[dict], figure: Figure,
            adaptive: bool = False, before_date: date | None = None) -> Comparison | None:
    """The best of ``now`` against the best of ``before`` for ``figure``, if both exist."""
    a, b = best(now, figure, adaptive), best(before, figure, adaptive)
    if a is None or b is None:
        return None
    return Comparison(figure, a[0], b[0], a[1], b[1], before_date)
