""":class:`Database`, an open session log: opening, upgrading and recovering the
file, then writing and reading its rows (the overview is in
:mod:`balancegame.session.storage`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from balancegame.errors import StorageError
from balancegame.messages import BodySignals, Side
from balancegame.session.storage import schema  # schema.SCHEMA_VERSION read late: tests swap it
from balancegame.session.storage.records import (
    EventRecord,
    LevelRunRecord,
    PatientRecord,
    Recovery,
    SessionRecord,
    TrialRecord,
    _columns,
    _json,
    _real,
)
from balancegame.session.storage.schema import (
    APPLICATION_ID,
    DIRECTIONS,
    END_STATUSES,
    SAMPLE_COLUMNS,
    SAMPLE_DTYPE,
    TABLES,
    TRIAL_OUTCOMES,
)

SAMPLE_FLUSH_INTERVAL_S = 2.0
MAX_BUFFERED_SAMPLES = 2000  # also flush when this many are waiting (bounds memory)


def default_db_path() -> Path:
    """Where the session log lives unless the user chooses another file."""
    return platformdirs.user_data_path("balancegame") / "balancegame.sqlite3"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Database:
    """An open session log.  Use :meth:`open`; close it or use ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool,
                 utc_now: Callable[[], datetime], sample_flush_interval_s: float) -> None:
        self._conn = conn
        self.path = path
        self.read_only = read_only
        self._utc_now = utc_now
        self._flush_interval_s = sample_flush_interval_s
        self._buffer: list[tuple] = []
        self._buffer_t0_s: dict[int, float] = {}  # capture time of each run's oldest buffered row
        self._known_runs: set[int] = set()
        self.recovery = Recovery()

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False,
             utc_now: Callable[[], datetime] = _utc_now,
             sample_flush_interval_s: float = SAMPLE_FLUSH_INTERVAL_S) -> Database:
        """Open (and for writing, create or upgrade) the log at ``path``.

        Raises :class:`StorageError` with a plain-language message when the file
        is missing (read-only), not a balancegame database, from a newer
        version, or cannot be created or written.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise StorageError(f"{path} is a folder, not a database file. "
                               "Choose a file name inside it instead.", path)
        if read_only and not path.exists():
            raise StorageError(f"There is no balancegame database at {path}. "
                               "Check the file name, or play a session first to create it.", path)
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"Cannot create the folder {path.parent} for the database "
                                   f"({exc.strerror}). Check its permissions or choose another "
                                   "database file.", path) from exc
        try:
            uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
            conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise _open_error(path, exc) from exc
        db = cls(conn, path, read_only=read_only, utc_now=utc_now,
                 sample_flush_interval_s=sample_flush_interval_s)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            db._prepare_schema()
            if not read_only:
                db.recovery = db._recover()
        except sqlite3.Error as exc:
            conn.close()
            raise _open_error(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        return db

    def _prepare_schema(self) -> None:
        conn, path = self._conn, self.path
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        foreign = StorageError(f"{path} is an SQLite database of another program, not a "
                               "balancegame session log. Choose another database file.", path)
        old_log = "session" in tables  # version 0 files have no meta table
        if app_id not in (0, APPLICATION_ID) or (version == 0 and tables and not old_log):
            raise foreign
        if version > schema.SCHEMA_VERSION:
            raise StorageError(
                f"{path} was written by a newer version of balancegame (database schema "
                f"version {version}; this version reads up to {schema.SCHEMA_VERSION}). Update "
                "balancegame to open it; the file has not been changed.", path)
        if not self.read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed trial survives a power cut too; commits are a few per second.
            conn.execute("PRAGMA synchronous = FULL")
        if not tables:
            if self.read_only:
                raise StorageError(f"{path} is empty: it holds no sessions yet.", path)
            with self._transaction():
                schema.create_schema(conn, self._now_iso)
        elif version < schema.SCHEMA_VERSION:
            if self.read_only:
                raise StorageError(
                    f"{path} uses an older database format (version {version}). Start the game "
                    "once with this file to upgrade it, then try again.", path)
            self._migrate(version)
        missing = set(TABLES) - {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if missing:
            raise StorageError(f"{path} is damaged or incomplete: tables "
                               f"{', '.join(sorted(missing))} are missing. Restore it from a "
                               "backup or choose another database file.", path)

    def _migrate(self, version: int) -> None:
        missing = schema.missing_migrations(version)
        if missing:
            raise StorageError(
                f"{self.path} uses database format version {version}, which this version of "
                f"balancegame cannot upgrade (no upgrade from version {missing[0]}). Open it "
                "with the balancegame version that wrote it and export the data.", self.path)
        backup_path = self.path.with_name(f"{self.path.name}.v{version}.bak")
        backup = sqlite3.connect(backup_path)
        try:
            self._conn.backup(backup)
        finally:
            backup.close()
        with self._transaction():
            schema.run_migrations(self._conn, version, self._now_iso)

    def _recover(self) -> Recovery:
        """Mark what a previous crash left unfinished as ``interrupted``."""
        conn = self._conn
        runs = tuple(r[0] for r in conn.execute(
            "SELECT level_run_id FROM level_run WHERE status = 'in_progress'"))
        sessions = tuple(r[0] for r in conn.execute(
            "SELECT session_id FROM session WHERE ended_utc IS NULL AND status = 'in_progress'"))
        if runs or sessions:
            with self._transaction():
                # ended_t_s: the last moment anything was recorded in the run.
                conn.execute(
                    "UPDATE level_run SET status = 'interrupted', end_reason = "
                    "'the program stopped before the level ended', ended_t_s = (SELECT MAX(t) "
                    "FROM (SELECT MAX(t_capture_s) AS t FROM com_sample s WHERE "
                    "s.level_run_id = level_run.level_run_id UNION ALL SELECT MAX(resolved_t_s) "
                    "FROM trial r WHERE r.level_run_id = level_run.level_run_id UNION ALL "
                    "SELECT MAX(t_s) FROM event e WHERE e.level_run_id = level_run.level_run_id))"
                    " WHERE status = 'in_progress'")
                conn.execute(
                    "UPDATE session SET status = 'interrupted', end_reason = "
                    "'the program stopped before the session ended' "
                    "WHERE ended_utc IS NULL AND status = 'in_progress'")
        return Recovery(session_ids=sessions, level_run_ids=runs)

    # ---------------------------------------------------------------- plumbing
    def close(self) -> None:
        """Write buffered samples and close the file.  Safe to call twice."""
        if self._conn is None:
            return
        try:
            self.flush()
        finally:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; disk errors become StorageError."""
        if self._conn is None:
            raise StorageError(f"The database {self.path} is already closed.", self.path)
        if self.read_only:
            raise StorageError(f"{self.path} was opened read-only.", self.path)
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:  # SQLite may already have rolled back
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise StorageError(f"Could not save to {self.path}: {exc}. Results saved before "
                               "this are kept; check free disk space and permissions.",
                               self.path) from exc

    def _now_iso(self) -> str:
        return self._utc_now().astimezone(UTC).isoformat(timespec="milliseconds")

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        if self._conn is None:
            raise StorageError(f"The database {self.path} is already closed.", self.path)
        return self._conn.execute(sql, params).fetchall()

    # ---------------------------------------------------------------- writers
    def ensure_patient(self, patient_id: str, height_cm: float | None = None) -> None:
        """Add the patient if new; a given ``height_cm`` replaces the stored one.

        ``patient_id`` should be a pseudonymous code, not a name.
        """
        if not isinstance(patient_id, str) or not patient_id.strip():
            raise ValueError(f"patient_id must be a non-empty text code, got {patient_id!r}")
        if height_cm is not None and not 50.0 <= float(height_cm) <= 250.0:
            raise ValueError(f"height_cm must be between 50 and 250, got {height_cm!r}")
        with self._transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO patient (patient_id, created_utc, height_cm) "
                         "VALUES (?, ?, ?)", (patient_id, self._now_iso(), _real(height_cm)))
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
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO session (patient_id, started_utc, source, app_version, seed, "
                "settings_json) VALUES (?, ?, ?, ?, ?, ?)",
                (patient_id, self._now_iso(), source, app_version,
                 None if seed is None else int(seed), _json(settings)))
        return int(cur.lastrowid)

    def end_session(self, session_id: int, status: str, end_reason: str = "") -> None:
        """Close a session.  Level runs still open take ``status`` (``aborted``
        if the session completed) so nothing is left ``in_progress``."""
        _check_choice("status", status, END_STATUSES)
        self.flush()
        run_status = "aborted" if status == "completed" else status
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE session SET ended_utc = ?, status = ?, end_reason = ? "
                "WHERE session_id = ?", (self._now_iso(), status, end_reason, session_id))
            if cur.rowcount != 1:
                raise ValueError(f"there is no session {session_id}")
            conn.execute("UPDATE level_run SET status = ?, end_reason = 'the session ended "
                         "while the level was running' WHERE session_id = ? AND "
                         "status = 'in_progress'", (run_status, session_id))

    def start_level_run(self, session_id: int, *, level_name: str, level_file: str,
                        level_definition: str, difficulty: Mapping[str, Any],
                        started_t_s: float, scale_method: str, cm_per_px: float | None) -> int:
        """Begin a level run; ``level_definition`` is the full text of the level file."""
        self.flush()
        try:
            with self._transaction() as conn:
                cur = conn.execute(
                    "INSERT INTO level_run (session_id, level_name, level_file, level_definition,"
                    " difficulty_json, started_utc, started_t_s, scale_method, cm_per_px) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session_id, level_name, str(level_file), level_definition,
                     _json(difficulty), self._now_iso(), float(started_t_s), scale_method,
                     _real(cm_per_px)))
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"there is no session {session_id}") from exc
        self._known_runs.add(int(cur.lastrowid))
        return int(cur.lastrowid)

    def end_level_run(self, level_run_id: int, *, status: str, end_reason: str,
                      ended_t_s: float, summary: Mapping[str, Any] | None) -> None:
        """Close a level run, after writing its buffered samples."""
        _check_choice("status", status, END_STATUSES)
        self.flush()
        with self._transaction() as conn:
            cur = conn.execute(
                "UPDATE level_run SET status = ?, end_reason = ?, ended_t_s = ?, "
                "summary_json = ? WHERE level_run_id = ?",
                (status, end_reason, float(ended_t_s), _json(summary), level_run_id))
            if cur.rowcount != 1:
                raise ValueError(f"there is no level run {level_run_id}")

    def add_trial(self, level_run_id: int, *, trial_index: int, kind: str,
                  direction: Side | str, distance_cm: float | None,
                  stimulus_onset_t_s: float, outcome: str, resolved_t_s: float,
                  movement_onset_t_s: float | None = None, rt_ms: float | None = None,
                  peak_displacement_cm: float | None = None,
                  detail: Mapping[str, Any] | None = None) -> int:
        """Record one resolved trial and commit it at once; returns ``trial_id``.

        ``rt_ms`` defaults to ``(movement_onset_t_s - stimulus_onset_t_s) * 1000``
        and must agree with it within 1 ms when both are given.
        """
        if isinstance(direction, Side):
            direction = direction.name.lower()
        _check_choice("direction", direction, DIRECTIONS)
        _check_choice("outcome", outcome, TRIAL_OUTCOMES)
        onset, movement = float(stimulus_onset_t_s), _real(movement_onset_t_s)
        rt_ms = _real(rt_ms)
        if movement is not None:
            derived_ms = (movement - onset) * 1000.0
            if rt_ms is not None and abs(rt_ms - derived_ms) > 1.0:
                raise ValueError(f"rt_ms={rt_ms} disagrees with the onsets ({derived_ms:.1f} ms)")
            rt_ms = round(derived_ms, 3) if rt_ms is None else rt_ms  # 1 us: hides float noise
        self._check_run(level_run_id)
        self.flush()
        try:
            with self._transaction() as conn:
                cur = conn.execute(
                    "INSERT INTO trial (level_run_id, trial_index, kind, direction, distance_cm,"
                    " stimulus_onset_t_s, movement_onset_t_s, rt_ms, outcome, "
                    "peak_displacement_cm, resolved_t_s, detail_json) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (level_run_id, int(trial_index), kind, direction, _real(distance_cm), onset,
                     movement, rt_ms, outcome, _real(peak_displacement_cm),
                     float(resolved_t_s), _json(detail)))
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"level run {level_run_id} already has a trial with "
                             f"trial_index {trial_index}") from exc
        return int(cur.lastrowid)

    def add_event(self, session_id: int, *, kind: str, t_s: float,
                  detail: str | Mapping[str, Any] = "", level_run_id: int | None = None) -> int:
        """Record a pause, tracking loss, suspected fall, ... (see ``EVENT_KINDS``).

        A mapping ``detail`` is stored as JSON text.  Returns ``event_id``.
        """
        if not kind:
            raise ValueError("an event needs a kind, e.g. 'pause'")
        text = detail if isinstance(detail, str) else _json(detail)
        self.flush()
        try:
            with self._transaction() as conn:
                cur = conn.execute(
                    "INSERT INTO event (session_id, level_run_id, t_s, kind, detail) "
                    "VALUES (?, ?, ?, ?, ?)", (session_id, level_run_id, float(t_s), kind, text))
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"no session {session_id} or level run {level_run_id}") from exc
        return int(cur.lastrowid)

    def add_samples(self, level_run_id: int, rows: Iterable[BodySignals]) -> None:
        """Buffer body signals as CoM samples; written by :meth:`flush`, which runs
        itself once a run's buffer spans the flush interval of capture time."""
        self._check_run(level_run_id)
        for s in rows:
            t = float(s.t_capture_s)
            self._buffer.append((
                level_run_id, t, int(s.frame_index), int(bool(s.present)), _real(s.com_ml_cm),
                _real(s.com_ml_raw_cm), _real(s.com_px[0]), _real(s.com_px[1]),
                _real(s.com_vertical_cm), _real(s.trunk_lean_deg)))
            t0 = self._buffer_t0_s.setdefault(level_run_id, t)
            if t - t0 >= self._flush_interval_s or len(self._buffer) >= MAX_BUFFERED_SAMPLES:
                self.flush()

    def flush(self) -> None:
        """Write all buffered samples in one transaction (kept if it fails)."""
        if not self._buffer:
            return
        placeholders = ", ".join("?" * len(SAMPLE_COLUMNS))
        with self._transaction() as conn:
            conn.executemany(f"INSERT INTO com_sample ({', '.join(SAMPLE_COLUMNS)}) "
                             f"VALUES ({placeholders})", self._buffer)
        self._buffer.clear()
        self._buffer_t0_s.clear()

    def _check_run(self, level_run_id: int) -> None:
        if level_run_id not in self._known_runs:
            if not self._query("SELECT 1 FROM level_run WHERE level_run_id = ?", (level_run_id,)):
                raise ValueError(f"there is no level run {level_run_id}")
            self._known_runs.add(level_run_id)

    # ---------------------------------------------------------------- readers
    def patients(self) -> list[PatientRecord]:
        rows = self._query(f"SELECT {_columns(PatientRecord)} FROM patient ORDER BY patient_id")
        return [PatientRecord(**r) for r in rows]

    def sessions(self, patient_id: str | None = None) -> list[SessionRecord]:
        """Sessions oldest first, of one patient or of all."""
        where, params = ("WHERE patient_id = ?", (patient_id,)) if patient_id else ("", ())
        rows = self._query(f"SELECT {_columns(SessionRecord)} FROM session {where} "
                           "ORDER BY started_utc, session_id", params)
        return [SessionRecord(**r) for r in rows]

    def level_runs(self, session_id: int) -> list[LevelRunRecord]:
        rows = self._query(f"SELECT {_columns(LevelRunRecord)} FROM level_run WHERE "
                           "session_id = ? ORDER BY level_run_id", (session_id,))
        return [LevelRunRecord(**r) for r in rows]

    def level_run(self, level_run_id: int) -> LevelRunRecord | None:
        rows = self._query(f"SELECT {_columns(LevelRunRecord)} FROM level_run WHERE "
                           "level_run_id = ?", (level_run_id,))
        return LevelRunRecord(**rows[0]) if rows else None

    def trials(self, level_run_id: int) -> list[TrialRecord]:
        rows = self._query(f"SELECT {_columns(TrialRecord)} FROM trial WHERE "
                           "level_run_id = ? ORDER BY trial_index", (level_run_id,))
        return [TrialRecord(**r) for r in rows]

    def events(self, session_id: int) -> list[EventRecord]:
        rows = self._query(f"SELECT {_columns(EventRecord)} FROM event WHERE "
                           "session_id = ? ORDER BY t_s, event_id", (session_id,))
        return [EventRecord(**r) for r in rows]

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

    def schema_columns(self, table: str) -> list[str]:
        """Column names of ``table`` in declared order (for export checks)."""
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}")
        return [r["name"] for r in self._query(f"PRAGMA table_info({table})")]


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


def _open_error(path: Path, exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return StorageError(f"{path} is not a balancegame database (it is not an SQLite file, "
                            "or it is damaged). Choose another database file, or restore this "
                            "one from a backup.", path)
    if "readonly" in text or "unable to open" in text or "permission" in text.lower():
        return StorageError(f"Cannot open {path} for writing ({text}). Check that the folder "
                            "and file may be written by you, or choose another database file.",
                            path)
    return StorageError(f"Cannot open the database {path}: {text}.", path)
