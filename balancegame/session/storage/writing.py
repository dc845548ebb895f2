"""The writing part of :class:`~balancegame.session.storage.database.Database`.

Every write goes through :meth:`Writing.write`, which takes one message of
:mod:`~balancegame.session.storage.rows` and commits it at once, except CoM samples:
those are buffered and committed once a run's buffer spans ``sample_flush_interval_s``
of capture time (or holds ``MAX_BUFFERED_SAMPLES``), and with the next other write,
in the same transaction.  The keyword writers (``add_trial``, ``end_level_run``, ...)
build the message and write it; the session writer thread calls ``write`` directly.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from balancegame.messages import BodySignals
from balancegame.session.codes import PATIENT_CODE_RULE, patient_code_problem
from balancegame.session.storage import rows
from balancegame.session.storage.connection import Connected
from balancegame.session.storage.records import _json, _real
from balancegame.session.storage.schema import SAMPLE_COLUMNS

SAMPLE_FLUSH_INTERVAL_S = 2.0
MAX_BUFFERED_SAMPLES = 2000  # also flush when this many are waiting (bounds memory)
_INSERT_SAMPLES = rows.insert_sql("com_sample", SAMPLE_COLUMNS)


class Writing(Connected):
    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool,
                 utc_now: Callable[[], datetime], sample_flush_interval_s: float) -> None:
        super().__init__(conn, path, read_only=read_only, utc_now=utc_now)
        self._flush_interval_s = sample_flush_interval_s
        self._buffer: list[tuple] = []
        self._buffer_t0_s: dict[int, float] = {}  # capture time of each run's oldest buffered row
        self._known_runs: set[int] = set()
        self._run_ids_lock = threading.Lock()
        self._last_run_id = 0  # Database.open sets it from the file

    # ---------------------------------------------------------------- messages
    def write(self, message: rows.Write) -> int | None:
        """Write one message: an ``Insert`` returns its new row's id; samples are buffered."""
        if isinstance(message, rows.Samples):
            self._buffer_samples(message)
            return None
        with self._committing() as conn:
            if isinstance(message, rows.Insert):
                try:
                    return int(conn.execute(message.sql, message.values).lastrowid)
                except sqlite3.IntegrityError as exc:
                    raise ValueError(f"{message.conflict} ({exc})") from exc
            if isinstance(message, rows.LevelEnd):
                self._end_level(conn, message)
            elif isinstance(message, rows.SessionEnd):
                self._end_session(conn, message)
            elif isinstance(message, rows.SessionSettings):
                self._merge_settings(conn, message)
            else:
                raise TypeError(f"not a session log message: {message!r}")
        return None

    def reserve_level_run_id(self) -> int:
        """A new, unused ``level_run_id``, without touching the file (any thread may call
        it).  Sound because one process writes a file (see the package docstring)."""
        with self._run_ids_lock:
            self._last_run_id += 1
            return self._last_run_id

    def flush(self) -> None:
        """Write all buffered samples in one transaction (kept if it fails)."""
        if self._buffer:
            with self._committing():
                pass

    # ---------------------------------------------------------------- keyword writers
    def ensure_patient(self, patient_id: str, height_cm: float | None = None) -> None:
        """Add the patient if new; a given ``height_cm`` replaces the stored one.

        ``patient_id`` should be a pseudonymous code, not a name.
        """
        problem = patient_code_problem(patient_id)
        if problem is not None:
            raise ValueError(f"patient_id {patient_id!r} is not a patient code: {problem} "
                             f"({PATIENT_CODE_RULE})")
        if height_cm is not None and not 50.0 <= float(height_cm) <= 250.0:
            raise ValueError(f"height_cm must be between 50 and 250, got {height_cm!r}")
        with self._transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO patient (patient_id, created_utc, height_cm) "
                         "VALUES (?, ?, ?)", (patient_id, self.now_iso(), _real(height_cm)))
            if height_cm is not None:
                conn.execute("UPDATE patient SET height_cm = ? WHERE patient_id = ?",
                             (float(height_cm), patient_id))

    def start_session(self, patient_id: str, *, source: str, app_version: str,
                      seed: int | None, settings: Mapping[str, Any]) -> int:
        """Begin a session (status ``in_progress``); returns its ``session_id``."""
        if not self._query("SELECT 1 FROM patient WHERE patient_id = ?", (patient_id,)):
            raise ValueError(f"patient {patient_id!r} is not in the database; "
                             "call ensure_patient() first")
        if seed is not None and not -(2**63) <= int(seed) < 2**63:
            raise ValueError(f"seed must fit in 64 bits, got {seed}")
        return self.write(rows.Insert(
            "session", ("patient_id", "started_utc", "source", "app_version", "seed",
                        "settings_json", "session_uuid"),
            (patient_id, self.now_iso(), source, app_version,
             None if seed is None else int(seed), _json(settings), str(uuid.uuid4())),
            f"patient {patient_id!r} is not in the database"))

    def end_session(self, session_id: int, status: str, end_reason: str = "") -> None:
        """Close a session.  Level runs still open take ``status`` (``aborted``
        if the session completed) so nothing is left ``in_progress``."""
        self.write(rows.session_end(session_id, status=status, end_reason=end_reason,
                                    ended_utc=self.now_iso()))

    def start_level_run(self, session_id: int, *, level_name: str, level_file: str,
                        level_definition: str, difficulty: Mapping[str, Any],
                        started_t_s: float, scale_method: str, cm_per_px: float | None) -> int:
        """Begin a level run; ``level_definition`` is the full text of the level file."""
        run_id = self.write(rows.level_run(
            session_id, self.reserve_level_run_id(), level_name=level_name,
            level_file=level_file, level_definition=level_definition, difficulty=difficulty,
            started_utc=self.now_iso(), started_t_s=started_t_s, scale_method=scale_method,
            cm_per_px=cm_per_px))
        self._known_runs.add(run_id)
        return run_id

    def end_level_run(self, level_run_id: int, *, status: str, end_reason: str,
                      ended_t_s: float, summary: Mapping[str, Any] | None) -> None:
        """Close a level run, after writing its buffered samples."""
        self.write(rows.level_end(level_run_id, status=status, end_reason=end_reason,
                                  ended_t_s=ended_t_s, summary=summary))

    def add_trial(self, level_run_id: int, **fields: Any) -> int:
        """Record one resolved trial and commit it at once; returns ``trial_id``.

        The fields are those of :func:`~balancegame.session.storage.rows.trial`.
        """
        row = rows.trial(level_run_id, **fields)
        self._check_run(level_run_id)
        return self.write(row)

    def add_event(self, session_id: int, *, kind: str, t_s: float,
                  detail: str | Mapping[str, Any] = "", level_run_id: int | None = None) -> int:
        """Record a pause, tracking loss, suspected fall, ... (see ``EVENT_KINDS``).

        A mapping ``detail`` is stored as JSON text.  Returns ``event_id``.
        """
        return self.write(rows.event(session_id, kind=kind, t_s=t_s, detail=detail,
                                     level_run_id=level_run_id))

    def add_latency_check(self, **fields: Any) -> int:
        """Store one display-delay check (the fields of
        :func:`~balancegame.session.storage.rows.latency_check` but ``checked_utc``);
        returns its ``latency_check_id``."""
        return self.write(rows.latency_check(checked_utc=self.now_iso(), **fields))

    def add_samples(self, level_run_id: int, signals: Iterable[BodySignals]) -> None:
        """Buffer body signals as CoM samples (see the module docstring)."""
        self._check_run(level_run_id)
        self.write(rows.samples(level_run_id, signals))

    # ---------------------------------------------------------------- helpers
    @contextmanager
    def _committing(self) -> Iterator[sqlite3.Connection]:
        """One transaction that writes the buffered samples first; they stay buffered
        if it fails."""
        with self._transaction() as conn:
            if self._buffer:
                conn.executemany(_INSERT_SAMPLES, self._buffer)
            yield conn
        self._buffer.clear()
        self._buffer_t0_s.clear()

    def _buffer_samples(self, message: rows.Samples) -> None:
        for row in message.rows:
            self._buffer.append(row)
            t0 = self._buffer_t0_s.setdefault(message.level_run_id, row[rows.T_CAPTURE])
            if (row[rows.T_CAPTURE] - t0 >= self._flush_interval_s
                    or len(self._buffer) >= MAX_BUFFERED_SAMPLES):
                self.flush()

    @staticmethod
    def _end_level(conn: sqlite3.Connection, message: rows.LevelEnd) -> None:
        cur = conn.execute(
            "UPDATE level_run SET status = ?, end_reason = ?, ended_t_s = ?, summary_json = ? "
            "WHERE level_run_id = ?", (message.status, message.end_reason, message.ended_t_s,
                                       message.summary_json, message.level_run_id))
        if cur.rowcount != 1:
            raise ValueError(f"there is no level run {message.level_run_id}")

    @staticmethod
    def _end_session(conn: sqlite3.Connection, message: rows.SessionEnd) -> None:
        cur = conn.execute(
            "UPDATE session SET ended_utc = ?, status = ?, end_reason = ? WHERE session_id = ?",
            (message.ended_utc, message.status, message.end_reason, message.session_id))
        if cur.rowcount != 1:
            raise ValueError(f"there is no session {message.session_id}")
        run_status = "aborted" if message.status == "completed" else message.status
        conn.execute("UPDATE level_run SET status = ?, end_reason = 'the session ended "
                     "while the level was running' WHERE session_id = ? AND "
                     "status = 'in_progress'", (run_status, message.session_id))

    @staticmethod
    def _merge_settings(conn: sqlite3.Connection, message: rows.SessionSettings) -> None:
        found = conn.execute("SELECT settings_json FROM session WHERE session_id = ?",
                             (message.session_id,)).fetchone()
        if found is None:
            raise ValueError(f"there is no session {message.session_id}")
        merged = {**json.loads(found[0]), **json.loads(message.settings_json)}
        conn.execute("UPDATE session SET settings_json = ? WHERE session_id = ?",
                     (json.dumps(merged, allow_nan=False), message.session_id))

    def _check_run(self, level_run_id: int) -> None:
        if level_run_id not in self._known_runs:
            if not self._query("SELECT 1 FROM level_run WHERE level_run_id = ?", (level_run_id,)):
                raise ValueError(f"there is no level run {level_run_id}")
            self._known_runs.add(level_run_id)
