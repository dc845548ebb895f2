"""The game's view of the database: one session, its level runs, as they happen.

Every call builds and checks its rows here, on the game thread (a mistake raises
``ValueError`` at once), and hands them to a sink without waiting for the disk:

* in the program, a :class:`~balancegame.session.writer.DatabaseWriter`, which writes
  them on its own thread: each trial, event and level start or end is committed as
  soon as the writer takes it, CoM samples at least every 2 s of capture time;
* in tests, a :class:`~balancegame.session.storage.Database`, written at once on the
  calling thread, so a test can read back what it just logged.

A crash therefore loses at most the samples of the last two seconds, the level in
progress and what the writer had not taken yet; every completed level stays in
the database.  Errors of the disk come back as :class:`StorageError` from a later
call (see :mod:`balancegame.session.writer`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from balancegame.messages import BodySignals
from balancegame.prescription.levels import Level
from balancegame.session.storage import rows
from balancegame.session.storage.calibrations import calibration_row


class RowSink(Protocol):
    """Where a :class:`SessionLog` hands its rows: ``Database`` or ``DatabaseWriter``."""

    def write(self, message: rows.Write) -> object: ...

    def reserve_level_run_id(self) -> int:
        """A new level-run id, known before its row is written; never blocks."""
        ...

    def now_iso(self) -> str: ...


class SessionLog:
    def __init__(self, sink: RowSink, session_id: int) -> None:
        self.sink = sink
        self.session_id = session_id

    def start_level(self, level: Level, t_s: float, scale_method: str,
                    cm_per_px: float | None) -> int:
        """Begin a level run; returns its id at once (reserved, written by the sink)."""
        run_id = self.sink.reserve_level_run_id()
        self.sink.write(rows.level_run(
            # the file's name, not its path: a path names the user
            self.session_id, run_id, level_name=level.name, level_file=level.path.name,
            level_definition=level.source_text, difficulty=level.difficulty_dict(),
            started_utc=self.sink.now_iso(), started_t_s=t_s, scale_method=scale_method,
            cm_per_px=cm_per_px))
        return run_id

    def samples(self, level_run_id: int, signals: Iterable[BodySignals]) -> None:
        batch = rows.samples(level_run_id, signals)
        if batch.rows:
            self.sink.write(batch)

    def trial(self, level_run_id: int, **fields: Any) -> None:
        """One resolved trial; the fields of :func:`balancegame.session.storage.rows.trial`."""
        self.sink.write(rows.trial(level_run_id, **fields))

    def event(self, kind: str, t_s: float, detail: str | Mapping[str, Any] = "",
              level_run_id: int | None = None) -> None:
        self.sink.write(rows.event(self.session_id, kind=kind, t_s=t_s, detail=detail,
                                   level_run_id=level_run_id))

    def end_level(self, level_run_id: int, status: str, reason: str, t_s: float,
                  summary: Mapping[str, Any]) -> None:
        self.sink.write(rows.level_end(level_run_id, status=status, end_reason=reason,
                                       ended_t_s=t_s, summary=summary))

    def settings(self, settings: Mapping[str, Any]) -> None:
        """Merge ``settings`` learned after the start (the display's vsync) into the
        session's ``settings_json``."""
        self.sink.write(rows.session_settings(self.session_id, settings))

    def latency_check(self, **fields: Any) -> None:
        """A display-delay check that measured; the fields of
        :func:`balancegame.session.storage.rows.latency_check` but ``checked_utc``."""
        self.sink.write(rows.latency_check(checked_utc=self.sink.now_iso(), **fields))

    def calibration(self, **fields: Any) -> str:
        """A calibration that measured (the fields of
        :func:`balancegame.session.storage.calibrations.calibration_row` but the session and
        ``created_utc``); returns its ``created_utc``."""
        created = self.sink.now_iso()
        self.sink.write(calibration_row(session_id=self.session_id, created_utc=created,
                                        **fields))
        return created

    def end_session(self, status: str, reason: str) -> None:
        """The session's end row; level runs still open are closed with it."""
        self.sink.write(rows.session_end(self.session_id, status=status, end_reason=reason,
                                         ended_utc=self.sink.now_iso()))
