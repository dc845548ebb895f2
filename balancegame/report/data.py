"""What a report reads from the session log, read once into frozen records.

The database is opened read-only and closed before anything is drawn: a report can be
made while a session is being played from the same file.  The selected sessions are
read whole (level runs, trials, CoM samples, events); every session of the patient up
to the last selected one is read as level summaries and events only, for the progress
section (baseline, trends, adherence).  A patient's display name is never read into a
report: like an export, a report names the patient by their code alone.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

import numpy as np

from balancegame.report.selection import Selection, choose
from balancegame.session.storage import (
    Database,
    EventRecord,
    LevelRunRecord,
    LevelSummaryRecord,
    SessionRecord,
    TrialRecord,
)


@dataclass(frozen=True)
class RunData:
    """One level run of a reported session, with everything stored about it."""

    record: LevelRunRecord
    index: int  # its place in the session, from 1
    trials: tuple[TrialRecord, ...]
    samples: np.ndarray  # SAMPLE_DTYPE rows in capture order (storage.schema)
    events: tuple[EventRecord, ...]  # events logged during this run

    @property
    def summary(self) -> dict:
        """The stored summary, or {} for a run cut off by a crash (it has none)."""
        return self.record.summary or {}

    @property
    def definition(self) -> dict:
        """The level file's text as it was played, parsed ({} if unreadable)."""
        try:
            return tomllib.loads(self.record.level_definition)
        except tomllib.TOMLDecodeError:
            return {}

    @property
    def level_type(self) -> str | None:
        found = self.summary.get("type") or self.definition.get("type")
        return found if isinstance(found, str) else None

    @property
    def title(self) -> str:
        found = self.summary.get("title") or self.definition.get("title")
        return found if isinstance(found, str) and found else self.record.level_name

    @property
    def rt_is_response(self) -> bool:
        """Whether its trials' times are answers (spoken counting: the question's flip to
        the supervisor's key), not movement reaction times (game/onset_finder.py)."""
        return any("rt_method" in (t.detail or {}) for t in self.trials)

    @property
    def duration_s(self) -> float | None:
        ended = self.record.ended_t_s
        return None if ended is None else ended - self.record.started_t_s


@dataclass(frozen=True)
class SessionData:
    record: SessionRecord
    runs: tuple[RunData, ...]
    events: tuple[EventRecord, ...]  # every event of the session, runs' included

    @property
    def settings(self) -> dict:
        return self.record.settings or {}


@dataclass(frozen=True)
class ReportData:
    patient_id: str
    height_cm: float | None  # as stored now (each run's scale_method says what it used)
    selection: Selection
    sessions: tuple[SessionData, ...]  # the reported sessions, oldest first
    history: tuple[SessionRecord, ...]  # every session up to the last reported one
    summaries: tuple[LevelSummaryRecord, ...]  # the level runs of ``history``
    history_events: dict[int, tuple[EventRecord, ...]]  # session id -> its events
    db_name: str  # the database's file name (never its path)
    prescription_changes: tuple = ()  # PrescriptionChangeRecord, oldest first

    @property
    def reported_ids(self) -> set[int]:
        return {s.record.session_id for s in self.sessions}


def event_detail(event: EventRecord) -> dict:
    """An event's detail: its JSON object, or {"text": ...} for plain text."""
    try:
        found = json.loads(event.detail) if event.detail else {}
    except json.JSONDecodeError:
        return {"text": event.detail}
    return found if isinstance(found, dict) else {"text": event.detail}


def read_report_data(db_path: Path | str, patient_id: str, selection: Selection,
                     tz: tzinfo | None = None) -> ReportData:
    """Everything the report shows, read from ``db_path`` (opened read-only).

    Raises :class:`~balancegame.errors.PatientError` for an unknown patient and
    :class:`~balancegame.errors.ReportError` when the selection finds no session.
    """
    with Database.open(db_path, read_only=True) as db:
        patient = db.require_patient(patient_id)
        every = db.sessions(patient_id)
        chosen = choose(every, selection, patient_id, tz)
        last = max(every.index(s) for s in chosen)
        history = tuple(every[:last + 1])
        ids = {s.session_id for s in history}
        summaries = tuple(r for r in db.level_summaries(patient_id) if r.session_id in ids)
        events = {s.session_id: tuple(db.events(s.session_id)) for s in history}
        sessions = tuple(_session(db, s, events[s.session_id]) for s in chosen)
        changes = tuple(db.prescription_changes(patient_id))
        return ReportData(patient_id, patient.height_cm, selection, sessions, history,
                          summaries, events, Path(db.path).name, changes)


def _session(db: Database, session: SessionRecord, events: Sequence[EventRecord]
             ) -> SessionData:
    runs = []
    for index, run in enumerate(db.level_runs(session.session_id), start=1):
        runs.append(RunData(run, index, tuple(db.trials(run.level_run_id)),
                            db.samples(run.level_run_id),
                            tuple(e for e in events if e.level_run_id == run.level_run_id)))
    return SessionData(session, tuple(runs), tuple(events))
