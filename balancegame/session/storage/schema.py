"""The session log's tables, their version, and the chain of upgrades between versions.

``SCHEMA_SQL`` creates a new file at ``SCHEMA_VERSION``; older files are upgraded
by :func:`run_migrations`, one step of ``MIGRATIONS`` per version.  The choice
tuples (``STATUSES``, ``DIRECTIONS``, ...) are the values the writers of
:class:`~balancegame.session.storage.database.Database` accept.

Code elsewhere reads ``SCHEMA_VERSION`` and ``MIGRATIONS`` as attributes of this
module at call time, so a test can swap them here with ``monkeypatch``.
"""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from collections.abc import Callable

import numpy as np

SCHEMA_VERSION = 5
APPLICATION_ID = 0x42414C47  # "BALG" in PRAGMA application_id marks our files
STATUSES = ("in_progress", "completed", "interrupted", "aborted")
END_STATUSES = STATUSES[1:]
# "none": a trial that asks for no particular direction (an answer, a stance).
DIRECTIONS = ("left", "right", "forward", "back", "forward-left", "forward-right", "back-left",
              "back-right", "none")
TRIAL_OUTCOMES = ("avoided", "hit", "reached", "missed", "correct", "wrong", "timeout",
                  "completed", "interrupted")  # interrupted: a bout or stance cut by a pause
EVENT_KINDS = ("pause", "resume", "tracking_lost", "tracking_regained", "fall_suspected",
               "user_quit")  # known kinds; others are allowed

_STATUS_CHECK = "CHECK (status IN ('in_progress', 'completed', 'interrupted', 'aborted'))"
# Version 1: the session log.  Frozen: a change is a new version with its migration.
V1_SQL = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE patient (
    patient_id TEXT PRIMARY KEY, created_utc TEXT NOT NULL, height_cm REAL);
CREATE TABLE session (
    session_id INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patient(patient_id),
    started_utc TEXT NOT NULL, ended_utc TEXT,
    status TEXT NOT NULL DEFAULT 'in_progress' {_STATUS_CHECK},
    end_reason TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, app_version TEXT NOT NULL,
    seed INTEGER, settings_json TEXT NOT NULL DEFAULT '{{}}');
CREATE INDEX session_by_patient ON session(patient_id, started_utc);
CREATE TABLE level_run (
    level_run_id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(session_id),
    level_name TEXT NOT NULL, level_file TEXT NOT NULL, level_definition TEXT NOT NULL,
    difficulty_json TEXT NOT NULL DEFAULT '{{}}', started_utc TEXT NOT NULL,
    started_t_s REAL NOT NULL, ended_t_s REAL,
    status TEXT NOT NULL DEFAULT 'in_progress' {_STATUS_CHECK},
    end_reason TEXT NOT NULL DEFAULT '', scale_method TEXT NOT NULL, cm_per_px REAL,
    summary_json TEXT);
CREATE INDEX level_run_by_session ON level_run(session_id);
CREATE TABLE trial (
    trial_id INTEGER PRIMARY KEY,
    level_run_id INTEGER NOT NULL REFERENCES level_run(level_run_id),
    trial_index INTEGER NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL,
    distance_cm REAL, stimulus_onset_t_s REAL NOT NULL, movement_onset_t_s REAL,
    rt_ms REAL, outcome TEXT NOT NULL, peak_displacement_cm REAL,
    resolved_t_s REAL NOT NULL, detail_json TEXT,
    UNIQUE (level_run_id, trial_index));
CREATE TABLE com_sample (
    level_run_id INTEGER NOT NULL REFERENCES level_run(level_run_id),
    t_capture_s REAL NOT NULL, frame_index INTEGER NOT NULL, present INTEGER NOT NULL,
    com_ml_cm REAL, com_ml_raw_cm REAL, com_x_px REAL, com_y_px REAL,
    com_vertical_cm REAL, trunk_lean_deg REAL);
CREATE INDEX com_sample_by_run_time ON com_sample(level_run_id, t_capture_s);
CREATE TABLE event (
    event_id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(session_id),
    level_run_id INTEGER REFERENCES level_run(level_run_id),
    t_s REAL NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE INDEX event_by_session ON event(session_id, t_s);
"""
# Version 2 adds the display-delay checks, one row per check of a machine and camera
# (``balancegame latency``); no patient is involved.  machine_id: see MACHINE_SALT_KEY.
V2_SQL = """
CREATE TABLE latency_check (
    latency_check_id INTEGER PRIMARY KEY,
    machine_id TEXT NOT NULL, camera_name TEXT NOT NULL, checked_utc TEXT NOT NULL,
    clock_method TEXT NOT NULL, median_ms REAL NOT NULL, iqr_ms REAL, p10_ms REAL,
    p90_ms REAL, n INTEGER NOT NULL, n_flashes INTEGER NOT NULL,
    vsync_granted INTEGER NOT NULL CHECK (vsync_granted IN (0, 1)),
    app_version TEXT NOT NULL, detail_json TEXT);
CREATE INDEX latency_check_by_machine ON latency_check(machine_id, camera_name, checked_utc);
"""
# Version 3 adds what moving data between computers needs (issue 11): a patient's display
# name, kept only in this file (never exported: session/privacy.py), and a globally unique
# id for every session, so that an imported session already here is recognised.  The
# columns first; the rules on session_uuid once every existing session has one.
V3_SQL = """
ALTER TABLE patient ADD COLUMN display_name TEXT;
ALTER TABLE session ADD COLUMN session_uuid TEXT;
"""
V3_RULES_SQL = """
CREATE UNIQUE INDEX session_by_uuid ON session(session_uuid);
CREATE TRIGGER session_uuid_required BEFORE INSERT ON session
WHEN NEW.session_uuid IS NULL OR length(NEW.session_uuid) <> 36
BEGIN SELECT RAISE(ABORT, 'a session needs a session_uuid (36 characters)'); END;
CREATE TRIGGER session_uuid_kept BEFORE UPDATE OF session_uuid ON session
WHEN NEW.session_uuid IS NOT OLD.session_uuid
BEGIN SELECT RAISE(ABORT, 'a session_uuid never changes'); END;
"""
# Version 4 adds the therapist's side (issue 11, part 2): the therapist PIN of this
# file (one row: a salted scrypt hash with its parameters, and the wrong-PIN count and
# lock-out, so a restart does not reset them), each patient's prescription, and every
# change to a prescription with its time, old and new value (JSON) and reason.  Nothing
# existing changes.
V4_SQL = """
CREATE TABLE therapist_pin (
    pin_id INTEGER PRIMARY KEY CHECK (pin_id = 1),
    algorithm TEXT NOT NULL CHECK (algorithm = 'scrypt'),
    salt_hex TEXT NOT NULL, hash_hex TEXT NOT NULL,
    n INTEGER NOT NULL, r INTEGER NOT NULL, p INTEGER NOT NULL, set_utc TEXT NOT NULL,
    failed_in_row INTEGER NOT NULL DEFAULT 0, last_failed_utc TEXT, locked_until_utc TEXT);
CREATE TABLE prescription (
    patient_id TEXT PRIMARY KEY REFERENCES patient(patient_id),
    program TEXT NOT NULL, sessions_per_week INTEGER, session_min REAL,
    difficulty_min INTEGER, difficulty_max INTEGER, rest_s REAL,
    feet_in_view INTEGER NOT NULL DEFAULT 1 CHECK (feet_in_view IN (0, 1)),
    changed_utc TEXT NOT NULL);
CREATE TABLE prescription_change (
    change_id INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patient(patient_id),
    changed_utc TEXT NOT NULL, field TEXT NOT NULL, old_value_json TEXT, new_value_json TEXT,
    reason TEXT NOT NULL DEFAULT '',
    via TEXT NOT NULL CHECK (via IN ('command line', 'therapist mode')));
CREATE INDEX prescription_change_by_patient ON prescription_change(patient_id, changed_utc);
"""
# Version 5 adds each patient's calibrations (issue 10, parts 6-10): one row per
# calibration that measured (a quiet stand, limits of stability), with the protocol's
# schema_version, the date, the camera set-up it was made with (JSON), standing or
# seated, both sides or one, and its results (JSON: every figure with its unit and
# method).  A calibration that failed stores nothing here.  A prescription gains the
# therapist's limit on a calibration's age (NULL: the default).  Nothing existing changes.
V5_SQL = """
CREATE TABLE calibration (
    calibration_id INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patient(patient_id),
    session_id INTEGER REFERENCES session(session_id),
    kind TEXT NOT NULL, created_utc TEXT NOT NULL, schema_version INTEGER NOT NULL,
    mode TEXT NOT NULL, side TEXT NOT NULL,
    camera_setup_json TEXT NOT NULL, results_json TEXT NOT NULL);
CREATE INDEX calibration_by_patient ON calibration(patient_id, created_utc);
ALTER TABLE prescription ADD COLUMN calibration_days INTEGER;
"""
SCHEMA_SQL = V1_SQL + V2_SQL + V3_SQL + V3_RULES_SQL + V4_SQL + V5_SQL
# The meta key of a random secret, made with the file: machine_id is an HMAC of the
# host name under it, so an exported id says which rows come from one machine, but
# cannot be tried against a list of host names.
MACHINE_SALT_KEY = "machine_salt"
TABLES = ("meta", "patient", "session", "level_run", "trial", "com_sample", "event",
          "latency_check", "therapist_pin", "prescription", "prescription_change",
          "calibration")
CHANGE_VIA = ("command line", "therapist mode")  # where a prescription change was made
V0_TABLES = ("patient", "session", "level_run", "trial", "com_sample")  # before meta, event

Migration = Callable[[sqlite3.Connection], None]


def _execute(conn: sqlite3.Connection, sql: str) -> None:
    # statement by statement: executescript() would commit mid-transaction.  A trigger's
    # body holds ';' too: a statement ends where SQLite says it is complete.
    statement = ""
    for piece in sql.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                conn.execute(statement)
            statement = ""


def add_latency_checks(conn: sqlite3.Connection) -> None:
    """Version 1 -> 2: the ``latency_check`` table and the file's machine salt."""
    _execute(conn, V2_SQL)
    conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                 (MACHINE_SALT_KEY, secrets.token_hex(16)))


def add_patients_and_session_uuids(conn: sqlite3.Connection) -> None:
    """Version 2 -> 3: ``patient.display_name`` (empty for everyone) and
    ``session.session_uuid``, a new uuid4 for every session already stored; no row is
    removed or changed otherwise."""
    _execute(conn, V3_SQL)
    ids = [r[0] for r in conn.execute("SELECT session_id FROM session ORDER BY session_id")]
    conn.executemany("UPDATE session SET session_uuid = ? WHERE session_id = ?",
                     [(str(uuid.uuid4()), i) for i in ids])
    _execute(conn, V3_RULES_SQL)


def add_therapist_tables(conn: sqlite3.Connection) -> None:
    """Version 3 -> 4: the therapist PIN, prescriptions and their change log, empty."""
    _execute(conn, V4_SQL)


def add_calibrations(conn: sqlite3.Connection) -> None:
    """Version 4 -> 5: the patients' calibrations, empty."""
    _execute(conn, V5_SQL)


# MIGRATIONS[n] upgrades a database from schema version n to n + 1, inside the
# open transaction; the caller then sets the version.
MIGRATIONS: dict[int, Migration] = {1: add_latency_checks, 2: add_patients_and_session_uuids,
                                    3: add_therapist_tables, 4: add_calibrations}

SAMPLE_DTYPE = np.dtype([
    ("t_capture_s", "f8"), ("frame_index", "i8"), ("present", "?"), ("com_ml_cm", "f8"),
    ("com_ml_raw_cm", "f8"), ("com_x_px", "f8"), ("com_y_px", "f8"),
    ("com_vertical_cm", "f8"), ("trunk_lean_deg", "f8"),
])
SAMPLE_COLUMNS = ("level_run_id", *SAMPLE_DTYPE.names)


def create_schema(conn: sqlite3.Connection, now_iso: Callable[[], str]) -> None:
    """Create every table of a new file at ``SCHEMA_VERSION``, inside the caller's
    open transaction."""
    _execute(conn, SCHEMA_SQL)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                 (MACHINE_SALT_KEY, secrets.token_hex(16)))
    set_version(conn, SCHEMA_VERSION, now_iso, created=True)


def set_version(conn: sqlite3.Connection, version: int, now_iso: Callable[[], str], *,
                created: bool = False) -> None:
    """Mark the file as ours at schema ``version``: ``PRAGMA user_version``,
    ``PRAGMA application_id`` and the ``meta`` table."""
    conn.execute(f"PRAGMA user_version = {int(version)}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    rows = [("schema_version", str(version))]
    rows += [("created_utc", now_iso())] if created else []
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", rows)


def missing_migrations(version: int) -> list[int]:
    """The versions from ``version`` up that ``MIGRATIONS`` has no step for."""
    return [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]


def run_migrations(conn: sqlite3.Connection, version: int, now_iso: Callable[[], str]) -> None:
    """Upgrade a file from schema ``version`` to ``SCHEMA_VERSION`` inside the
    caller's open transaction; each step records the version it reached.

    The caller checks :func:`missing_migrations` and backs the file up first.
    """
    if "meta" not in {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for v in range(version, SCHEMA_VERSION):
        MIGRATIONS[v](conn)
        set_version(conn, v + 1, now_iso)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                 (f"migrated_from_v{version}_utc", now_iso()))
