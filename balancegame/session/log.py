"""The game's view of the database: one session, its level runs, as they happen.

Each trial is committed when it is resolved and CoM samples at least every
2 s of capture time (storage.Database), so a crash loses at most the samples
of the last two seconds and the trial in progress; every completed level
stays in the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from balancegame.messages import BodySignals
from balancegame.prescription.levels import Level
from balancegame.session.storage import Database


class SessionLog:
    def __init__(self, db: Database, session_id: int) -> None:
        self.db = db
        self.session_id = session_id

    def start_level(self, level: Level, t_s: float, scale_method: str,
                    cm_per_px: float | None) -> int:
        return self.db.start_level_run(
            self.session_id, level_name=level.name, level_file=str(level.path),
            level_definition=level.source_text, difficulty=level.difficulty_dict(),
            started_t_s=t_s, scale_method=scale_method, cm_per_px=cm_per_px)

    def samples(self, level_run_id: int, rows: Iterable[BodySignals]) -> None:
        self.db.add_samples(level_run_id, rows)

    def trial(self, level_run_id: int, **fields: Any) -> int:
        return self.db.add_trial(level_run_id, **fields)

    def event(self, kind: str, t_s: float, detail: str | Mapping[str, Any] = "",
              level_run_id: int | None = None) -> None:
        self.db.add_event(self.session_id, kind=kind, t_s=t_s, detail=detail,
                          level_run_id=level_run_id)

    def end_level(self, level_run_id: int, status: str, reason: str, t_s: float,
                  summary: Mapping[str, Any]) -> None:
        self.db.end_level_run(level_run_id, status=status, end_reason=reason, ended_t_s=t_s,
                              summary=summary)

    def end_session(self, status: str, reason: str) -> None:
        self.db.end_session(self.session_id, status, reason)
