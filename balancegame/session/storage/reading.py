"""The reading part of :class:`~balancegame.session.storage.database.Database`:
frozen ``*Record`` rows (:mod:`~balancegame.session.storage.records`) and sample arrays.

``samples`` and ``sample_count`` first write the samples still buffered, so they
count everything handed over so far.
"""

from __future__ import annotations

import hashlib
import hmac
import socket
from typing import TypeVar

import numpy as np

from balancegame.session.storage import records
from balancegame.session.storage.connection import Connected
from balancegame.session.storage.schema import MACHINE_SALT_KEY, SAMPLE_DTYPE, TABLES

R = TypeVar("R")


class Reading(Connected):
    def patients(self) -> list[records.PatientRecord]:
        return self._records(records.PatientRecord, "patient", "ORDER BY patient_id")

    def sessions(self, patient_id: str | None = None) -> list[records.SessionRecord]:
        """Sessions oldest first, of one patient or of all."""
        where, params = ("WHERE patient_id = ?", (patient_id,)) if patient_id else ("", ())
        return self._records(records.SessionRecord, "session",
                             f"{where} ORDER BY started_utc, session_id", params)

    def level_runs(self, session_id: int) -> list[records.LevelRunRecord]:
        return self._records(records.LevelRunRecord, "level_run",
                             "WHERE session_id = ? ORDER BY level_run_id", (session_id,))

    def level_summaries(self, patient_id: str) -> list[records.LevelSummaryRecord]:
        """Every level run of one patient, oldest session first, with its status,
        difficulty and summary (not its samples or definition): their progress."""
        rows = self._query(
            "SELECT r.level_run_id, r.session_id, s.started_utc AS session_started_utc, "
            "r.level_name, r.status, r.difficulty_json, r.summary_json FROM level_run r "
            "JOIN session s ON s.session_id = r.session_id WHERE s.patient_id = ? "
            "ORDER BY s.started_utc, r.session_id, r.level_run_id", (patient_id,))
        return [records.LevelSummaryRecord(**r) for r in rows]

    def level_run(self, level_run_id: int) -> records.LevelRunRecord | None:
        found = self._records(records.LevelRunRecord, "level_run", "WHERE level_run_id = ?",
                              (level_run_id,))
        return found[0] if found else None

    def trials(self, level_run_id: int) -> list[records.TrialRecord]:
        return self._records(records.TrialRecord, "trial",
                             "WHERE level_run_id = ? ORDER BY trial_index", (level_run_id,))

    def events(self, session_id: int) -> list[records.EventRecord]:
        return self._records(records.EventRecord, "event",
                             "WHERE session_id = ? ORDER BY t_s, event_id", (session_id,))

    def samples(self, level_run_id: int) -> np.ndarray:
        """The run's CoM samples in capture order as a ``SAMPLE_DTYPE`` structured
        array; NULL comes back as NaN."""
        self.flush()
        rows = self._query(f"SELECT {', '.join(SAMPLE_DTYPE.names)} FROM com_sample WHERE "
                           "level_run_id = ? ORDER BY t_capture_s, rowid", (level_run_id,))
        return np.array([tuple(r) for r in rows], dtype=SAMPLE_DTYPE)

    def sample_count(self, level_run_id: int) -> int:
        self.flush()
        return int(self._query("SELECT COUNT(*) FROM com_sample WHERE level_run_id = ?",
                               (level_run_id,))[0][0])

    def machine_id(self, hostname: str | None = None) -> str:
        """This computer's id in this file: an HMAC of the host name under the file's own
        secret, so it is stable here, and says nothing about the computer elsewhere."""
        found = self._query("SELECT value FROM meta WHERE key = ?", (MACHINE_SALT_KEY,))
        salt = found[0][0] if found else ""
        host = socket.gethostname() if hostname is None else hostname
        return hmac.new(salt.encode(), host.encode(), hashlib.sha256).hexdigest()[:16]

    def latency_checks(self, machine_id: str | None = None,
                       camera_name: str | None = None) -> list[records.LatencyCheckRecord]:
        """Display-delay checks oldest first, of one machine (and camera) or of all."""
        where = [f"{c} = ?" for c, v in (("machine_id", machine_id),
                                         ("camera_name", camera_name)) if v is not None]
        params = tuple(v for v in (machine_id, camera_name) if v is not None)
        rest = f"WHERE {' AND '.join(where)} " if where else ""
        return self._records(records.LatencyCheckRecord, "latency_check",
                             f"{rest}ORDER BY checked_utc, latency_check_id", params)

    def latest_latency_check(self, camera_name: str, machine_id: str | None = None
                             ) -> records.LatencyCheckRecord | None:
        """The newest check of ``camera_name`` on this machine (or ``machine_id``)."""
        found = self.latency_checks(machine_id or self.machine_id(), camera_name)
        return found[-1] if found else None

    def display_delay_ms(self, camera_name: str, machine_id: str | None = None) -> float | None:
        """The display-to-camera delay last measured on this machine with this camera
        (median, ms), or None if it was never measured.  To subtract from reaction
        times (flip -> movement onset on the capture clock) of sessions played here."""
        latest = self.latest_latency_check(camera_name, machine_id)
        return None if latest is None else latest.median_ms

    def schema_columns(self, table: str) -> list[str]:
        """Column names of ``table`` in declared order (for export checks)."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return [r["name"] for r in self._query(f"PRAGMA table_info({table})")]

    def _records(self, record: type[R], table: str, rest: str, params: tuple = ()) -> list[R]:
        found = self._query(f"SELECT {records._columns(record)} FROM {table} {rest}", params)
        return [record(**r) for r in found]
