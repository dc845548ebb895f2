"""The session log: schema, round trip, crash safety, versioning, refusals."""

from __future__ import annotations

import math
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balancegame.messages import BodySignals, Presence, Side
from balancegame.session import storage
from balancegame.session.storage import Database, StorageError

NAN = float("nan")
PRESENT = Presence(ok=True)


def signals(t_s: float, index: int, ml_cm: float = 1.5, present: bool = True) -> BodySignals:
    if not present:
        return BodySignals(t_capture_s=t_s, t_ready_s=t_s + 0.03, frame_index=index,
                           present=False, presence=Presence(ok=False, reason="no person"))
    return BodySignals(
        t_capture_s=t_s, t_ready_s=t_s + 0.03, frame_index=index, present=True,
        presence=PRESENT, com_px=(320.0 + index, 240.5), hip_mid_px=(320.0, 260.0),
        com_ml_cm=ml_cm, com_ml_raw_cm=ml_cm + 0.1, com_vertical_cm=100.0,
        trunk_lean_deg=2.0, cm_per_px=0.25, scale_method="height")


def fixed_utc() -> datetime:
    return datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def start_run(db: Database, patient_id: str = "P001") -> tuple[int, int]:
    db.ensure_patient(patient_id, height_cm=172.0)
    session_id = db.start_session(patient_id, source="puppet", app_version="0.1.0", seed=7,
                                  settings={"max_minutes": 30, "seated": False})
    run_id = db.start_level_run(
        session_id, level_name="Dodge the logs", level_file="levels/dodge.toml",
        level_definition="schema_version = 1\nname = 'Dodge the logs'\n",
        difficulty={"speed_cm_s": 40.0, "gap_s": 2.5}, started_t_s=100.0,
        scale_method="height", cm_per_px=0.25)
    return session_id, run_id


def raw(path: Path) -> sqlite3.Connection:
    """A second, independent connection, as another process would have."""
    return sqlite3.connect(path)


# ---------------------------------------------------------------- schema
def test_new_file_gets_the_declared_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "log.sqlite3"
    with Database.open(path) as db:
        assert db.schema_columns("com_sample") == list(storage.SAMPLE_COLUMNS)
        assert db.schema_columns("trial")[-1] == "detail_json"
        assert db.recovery == storage.Recovery()
    con = raw(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(storage.TABLES) <= tables
    assert con.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == storage.APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(storage.SCHEMA_VERSION)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "com_sample_by_run_time" in indexes


def test_record_fields_are_the_column_names(tmp_path: Path) -> None:
    with Database.open(tmp_path / "log.sqlite3") as db:
        for table, record in [("patient", storage.PatientRecord),
                              ("session", storage.SessionRecord),
                              ("level_run", storage.LevelRunRecord),
                              ("trial", storage.TrialRecord), ("event", storage.EventRecord)]:
            assert db.schema_columns(table) == [f for f in record.__dataclass_fields__]


def test_default_path_is_in_the_user_data_folder() -> None:
    path = storage.default_db_path()
    assert path.name == "balancegame.sqlite3"
    assert "balancegame" in path.parent.as_posix().lower()


# ---------------------------------------------------------------- round trip
def test_round_trip_of_a_session(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    with Database.open(path, utc_now=fixed_utc) as db:
        session_id, run_id = start_run(db)
        rows = [signals(100.0 + i / 30, i, ml_cm=0.1 * i) for i in range(10)]
        rows[3] = signals(100.1, 3, present=False)  # all NaN
        db.add_samples(run_id, rows)
        db.add_event(session_id, kind="tracking_lost", t_s=100.1, level_run_id=run_id,
                     detail={"advice": "Step back"})
        t1 = db.add_trial(run_id, trial_index=0, kind="log", direction=Side.LEFT,
                          distance_cm=20.0, stimulus_onset_t_s=100.0, movement_onset_t_s=100.45,
                          outcome="avoided", peak_displacement_cm=22.5, resolved_t_s=101.5,
                          detail={"lane": 1, "score": np.float64(3.0), "jitter": NAN})
        db.add_trial(run_id, trial_index=1, kind="log", direction="right", distance_cm=NAN,
                     stimulus_onset_t_s=103.0, outcome="hit", resolved_t_s=104.0)
        db.end_level_run(run_id, status="completed", end_reason="all obstacles passed",
                         ended_t_s=110.0, summary={"sway_path_cm": 12.5, "rt_ms_median": NAN,
                                  "presence": PRESENT})
        db.end_session(session_id, "completed", "therapist ended the session")

    with Database.open(path, read_only=True) as db:
        [session] = db.sessions()
        assert (session.patient_id, session.status, session.seed) == ("P001", "completed", 7)
        assert session.started_utc == "2025-03-01T09:30:00.000+00:00"
        assert session.ended_utc is not None
        assert session.settings == {"max_minutes": 30, "seated": False}
        [run] = db.level_runs(session_id)
        assert run.status == "completed" and run.ended_t_s == 110.0
        assert run.difficulty == {"speed_cm_s": 40.0, "gap_s": 2.5}
        assert run.summary == {"sway_path_cm": 12.5, "rt_ms_median": None,
                               "presence": {"ok": True, "reason": "", "advice": "",
                                            "feet_visible": False}}
        assert run.level_definition.startswith("schema_version = 1")
        first, second = db.trials(run_id)
        assert first.trial_id == t1 and first.direction == "left"
        assert first.rt_ms == pytest.approx(450.0, abs=1e-6)  # ms
        assert first.detail == {"lane": 1, "score": 3.0, "jitter": None}
        assert second.rt_ms is None and second.movement_onset_t_s is None
        assert second.distance_cm is None  # NaN -> NULL
        [event] = db.events(session_id)
        assert event.kind == "tracking_lost" and event.level_run_id == run_id
        assert db.sample_count(run_id) == 10
        samples = db.samples(run_id)
    assert samples.dtype == storage.SAMPLE_DTYPE
    assert np.all(np.diff(samples["t_capture_s"]) >= 0)
    absent = samples[~samples["present"]]
    assert len(absent) == 1 and absent["frame_index"][0] == 3
    for name in ("com_ml_cm", "com_ml_raw_cm", "com_x_px", "com_y_px", "trunk_lean_deg"):
        assert math.isnan(absent[name][0])
    present = samples[samples["present"]]
    assert present["com_x_px"][0] == 320.0 and present["com_y_px"][0] == 240.5
    # NaN is NULL on disk, not a REAL NaN (SQLite has none) or the text 'nan'.
    con = raw(path)
    assert con.execute("SELECT COUNT(*) FROM com_sample WHERE com_ml_cm IS NULL").fetchone()[0] == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=20))
def test_any_float_survives_as_itself_or_nan(tmp_path_factory, values: list[float]) -> None:
    path = tmp_path_factory.mktemp("h") / "log.sqlite3"
    with Database.open(path) as db:
        _, run_id = start_run(db)
        db.add_samples(run_id, [signals(float(i), i, ml_cm=v) for i, v in enumerate(values)])
        stored = db.samples(run_id)["com_ml_cm"]
    expected = np.array([v if math.isfinite(v) else NAN for v in values])
    np.testing.assert_array_equal(stored, expected)  # NaN == NaN here


# ---------------------------------------------------------------- crash safety
def test_samples_reach_the_disk_every_two_seconds_of_capture_time(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db = Database.open(path)
    _, run_id = start_run(db)
    db.add_samples(run_id, [signals(100.0 + i / 30, i) for i in range(90)])  # 3 s at 30 Hz
    on_disk = raw(path).execute("SELECT COUNT(*), MAX(t_capture_s) FROM com_sample").fetchone()
    assert on_disk[0] >= 60 and on_disk[1] >= 102.0 - 1e-9  # at most 2 s can be lost
    db.close()
    assert raw(path).execute("SELECT COUNT(*) FROM com_sample").fetchone()[0] == 90


CRASHING_WRITER = """
import os, sys
from balancegame.messages import BodySignals, Presence
from balancegame.session.storage import Database
db = Database.open(sys.argv[1])
db.ensure_patient("P001")
session_id = db.start_session("P001", source="puppet", app_version="0.1.0", seed=1, settings={})
run_id = db.start_level_run(session_id, level_name="L", level_file="l.toml",
    level_definition="x", difficulty={}, started_t_s=10.0, scale_method="height",
    cm_per_px=0.3)
for i in range(3):
    db.add_samples(run_id, [BodySignals(t_capture_s=10.0 + i + k / 30, t_ready_s=0.0,
        frame_index=30 * i + k, present=True, presence=Presence(ok=True), com_ml_cm=1.0)
        for k in range(30)])
    db.add_trial(run_id, trial_index=i, kind="log", direction="left", distance_cm=15.0,
        stimulus_onset_t_s=10.0 + i, movement_onset_t_s=10.3 + i, outcome="avoided",
        resolved_t_s=10.9 + i)
db.add_samples(run_id, [BodySignals(t_capture_s=13.5, t_ready_s=0.0, frame_index=999,
    present=True, presence=Presence(ok=True))])  # buffered, lost in the crash
os._exit(1)  # no close, no flush, no atexit: a crash
"""


def test_crash_keeps_completed_trials_and_marks_the_run_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(CRASHING_WRITER), str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    with Database.open(path) as db:
        [session] = db.sessions()
        [run] = db.level_runs(session.session_id)
        assert db.recovery == storage.Recovery((session.session_id,), (run.level_run_id,))
        assert session.status == "interrupted" and session.ended_utc is None
        assert run.status == "interrupted" and "stopped" in run.end_reason
        trials = db.trials(run.level_run_id)
        assert [t.trial_index for t in trials] == [0, 1, 2]
        assert [t.rt_ms for t in trials] == pytest.approx([300.0] * 3, abs=1e-6)  # ms
        assert db.sample_count(run.level_run_id) == 90  # everything before the last trial
        # ended_t_s: the last thing recorded, here the last flushed sample (12 + 29/30 s).
        assert run.ended_t_s == pytest.approx(12.0 + 29 / 30)
    with Database.open(path) as db:  # recovery runs once
        assert db.recovery == storage.Recovery()


def test_ending_a_session_closes_its_open_level_run(tmp_path: Path) -> None:
    with Database.open(tmp_path / "log.sqlite3") as db:
        session_id, run_id = start_run(db)
        db.end_session(session_id, "aborted", "therapist stopped: dizziness")
        [run] = db.level_runs(session_id)
        assert run.status == "aborted" and run.ended_t_s is None


# ---------------------------------------------------------------- refusals
def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    Database.open(path).close()
    newer = storage.SCHEMA_VERSION + 1
    con = raw(path)
    con.execute(f"PRAGMA user_version = {newer}")
    con.close()
    with pytest.raises(StorageError, match="newer version of balancegame") as info:
        Database.open(path)
    assert str(path) in str(info.value) and info.value.path == path
    assert raw(path).execute("PRAGMA user_version").fetchone()[0] == newer


def test_a_file_that_is_not_sqlite_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    content = b"Patient notes, not a database.\n" * 100
    path.write_bytes(content)
    with pytest.raises(StorageError, match="not a balancegame database") as info:
        Database.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = raw(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(StorageError, match="another program") as info:
        Database.open(path)
    assert str(path) in str(info.value)


def test_a_folder_that_cannot_be_created_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    path = blocker / "log.sqlite3"  # its "folder" is a file: cannot be created
    with pytest.raises(StorageError, match="Cannot create the folder") as info:
        Database.open(path)
    assert str(blocker) in str(info.value)


def test_read_only_open_of_a_missing_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite3"
    with pytest.raises(StorageError, match="no balancegame database") as info:
        Database.open(path, read_only=True)
    assert str(path) in str(info.value) and not path.exists()


# ---------------------------------------------------------------- migrations
def make_fake_v0(path: Path) -> None:
    """Version 0: the v1 tables without ``event`` and ``meta``, user_version 0."""
    con = raw(path)
    for statement in storage.schema.V1_SQL.split(";"):
        if statement.strip() and "event" not in statement and "meta" not in statement:
            con.execute(statement)
    con.execute("INSERT INTO patient VALUES ('P9', '2024-01-01T00:00:00+00:00', 160.0)")
    con.execute("INSERT INTO session (patient_id, started_utc, ended_utc, status, source, "
                "app_version) VALUES ('P9', '2024-01-01T00:00:00+00:00', "
                "'2024-01-01T00:30:00+00:00', 'completed', 'webcam', '0.0.1')")
    con.commit()
    con.close()


def migrate_0_to_1(con: sqlite3.Connection) -> None:
    for statement in storage.schema.V1_SQL.split(";"):
        if "event" in statement:
            con.execute(statement)


def make_v1(path: Path) -> None:
    """A version-1 file as balancegame 0.1 wrote it (its frozen schema), with a session."""
    con = raw(path)
    for statement in storage.schema.V1_SQL.split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    con.execute(f"PRAGMA application_id = {storage.APPLICATION_ID}")
    con.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema_version", "1"), ("created_utc", "2025-01-01T00:00:00.000+00:00")])
    con.execute("INSERT INTO patient VALUES ('P7', '2025-01-01T00:00:00+00:00', 170.0)")
    con.execute("INSERT INTO session (patient_id, started_utc, status, source, app_version) "
                "VALUES ('P7', '2025-01-01T00:00:00+00:00', 'completed', 'camera:0', '0.1')")
    con.commit()
    con.close()


def test_fake_v0_is_upgraded_through_the_chain(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.sqlite3"
    make_fake_v0(path)
    monkeypatch.setattr(storage.schema, "MIGRATIONS", {**storage.MIGRATIONS, 0: migrate_0_to_1})
    with Database.open(path) as db:
        [session] = db.sessions()
        assert session.patient_id == "P9" and session.status == "completed"
        db.add_event(session.session_id, kind="pause", t_s=1.0)  # the new table works
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(storage.SCHEMA_VERSION)
    assert "migrated_from_v0_utc" in meta
    backup = raw(tmp_path / "old.sqlite3.v0.bak")
    assert backup.execute("SELECT COUNT(*) FROM session").fetchone()[0] == 1


def test_version_1_gets_the_latency_check_table_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    make_v1(path)
    with Database.open(path) as db:
        [session] = db.sessions()
        assert session.patient_id == "P7" and session.status == "completed"  # kept
        assert db.latency_checks() == []
        check_id = db.add_latency_check(**LATENCY, machine_id=db.machine_id("host-a"))
        assert db.latency_checks()[0].latency_check_id == check_id
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == storage.SCHEMA_VERSION  # 1->2->3
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == str(storage.SCHEMA_VERSION)
    assert "migrated_from_v1_utc" in meta
    assert len(meta[storage.schema.MACHINE_SALT_KEY]) == 32  # a random secret, hex
    assert meta["created_utc"] == "2025-01-01T00:00:00.000+00:00"
    backup = raw(tmp_path / "v1.sqlite3.v1.bak")  # the file as it was, beside it
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "latency_check" not in {r[0] for r in backup.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert backup.execute("SELECT COUNT(*) FROM session").fetchone()[0] == 1
    columns = [r[1] for r in con.execute("PRAGMA table_info(latency_check)")]
    with Database.open(tmp_path / "new.sqlite3") as fresh:  # migrated = created new
        assert fresh.schema_columns("latency_check") == columns


def test_v0_without_a_migration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_fake_v0(path)
    with pytest.raises(StorageError, match="cannot upgrade") as info:
        Database.open(path)
    assert str(path) in str(info.value)


def test_migrations_run_in_order_and_each_sets_the_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "current.sqlite3"
    Database.open(path).close()
    v = storage.SCHEMA_VERSION  # two made-up versions after the current one
    seen: list[tuple[int, int]] = []

    def step(n: int):
        def migrate(con: sqlite3.Connection) -> None:
            seen.append((n, con.execute("PRAGMA user_version").fetchone()[0]))
            con.execute(f"ALTER TABLE trial ADD COLUMN extra_{n} REAL")
        return migrate

    monkeypatch.setattr(storage.schema, "SCHEMA_VERSION", v + 2)
    monkeypatch.setattr(storage.schema, "MIGRATIONS", {v: step(v), v + 1: step(v + 1)})
    Database.open(path).close()
    assert seen == [(v, v), (v + 1, v + 1)]
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == v + 2
    assert dict(con.execute("SELECT key, value FROM meta"))["schema_version"] == str(v + 2)


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "current.sqlite3"
    Database.open(path).close()
    v = storage.SCHEMA_VERSION

    def broken(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE trial ADD COLUMN half_done REAL")
        raise RuntimeError("bug in migration")

    monkeypatch.setattr(storage.schema, "SCHEMA_VERSION", v + 1)
    monkeypatch.setattr(storage.schema, "MIGRATIONS", {v: broken})
    with pytest.raises(RuntimeError):
        Database.open(path)
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == v
    assert "half_done" not in [r[1] for r in con.execute("PRAGMA table_info(trial)")]


# ---------------------------------------------------------------- display-delay checks
LATENCY = dict(camera_name="camera:0 (Integrated Camera)", clock_method="perf_counter",
               median_ms=83.5, iqr_ms=4.0, p10_ms=79.0, p90_ms=88.0, n=19, n_flashes=20,
               vsync_granted=True, app_version="0.1.0", detail={"frames": 640})


def test_latency_checks_are_kept_per_machine_and_camera(tmp_path: Path) -> None:
    times = iter(datetime(2025, 3, d, 9, 0, tzinfo=UTC) for d in range(1, 10))
    with Database.open(tmp_path / "log.sqlite3", utc_now=lambda: next(times)) as db:
        here, there = db.machine_id("clinic-pc"), db.machine_id("home-laptop")
        assert here == db.machine_id("clinic-pc") != there and "clinic" not in here
        db.add_latency_check(**LATENCY, machine_id=here)
        db.add_latency_check(**{**LATENCY, "median_ms": 91.0}, machine_id=here)
        db.add_latency_check(**{**LATENCY, "median_ms": 40.0}, machine_id=there)
        db.add_latency_check(**{**LATENCY, "camera_name": "camera:1", "median_ms": 120.0},
                             machine_id=here)
        latest = db.latest_latency_check(LATENCY["camera_name"], here)
        assert latest.median_ms == 91.0 and latest.vsync_granted == 1
        first = db.latency_checks(here, LATENCY["camera_name"])[0]
        assert latest.detail == {"frames": 640} and first.checked_utc < latest.checked_utc
        assert db.display_delay_ms(LATENCY["camera_name"], there) == 40.0
        assert db.display_delay_ms("camera:1", here) == 120.0
        assert db.display_delay_ms("camera:7", here) is None  # never measured
        assert db.display_delay_ms(LATENCY["camera_name"]) is None  # this host: not here
        assert len(db.latency_checks(here)) == 3 and len(db.latency_checks()) == 4
    with Database.open(tmp_path / "other.sqlite3") as other:  # another file, another salt
        assert other.machine_id("clinic-pc") != here


def test_latency_check_rows_are_checked(tmp_path: Path) -> None:
    with Database.open(tmp_path / "log.sqlite3") as db:
        with pytest.raises(ValueError, match="median_ms"):
            db.add_latency_check(**{**LATENCY, "median_ms": NAN}, machine_id="m")
        with pytest.raises(ValueError, match="n_flashes"):
            db.add_latency_check(**{**LATENCY, "n": 21}, machine_id="m")
        with pytest.raises(ValueError, match="machine_id"):
            db.add_latency_check(**LATENCY, machine_id="")
        assert db.latency_checks() == []


def test_settings_learned_later_are_merged_into_the_session(tmp_path: Path) -> None:
    from balancegame.session.log import SessionLog

    with Database.open(tmp_path / "log.sqlite3") as db:
        session_id, _ = start_run(db)
        SessionLog(db, session_id).settings({"vsync": False, "display_driver": "x11"})
        [session] = db.sessions()
        assert session.settings == {"max_minutes": 30, "seated": False, "vsync": False,
                                    "display_driver": "x11"}


# ---------------------------------------------------------------- misuse
def test_mistakes_in_calls_are_explained(tmp_path: Path) -> None:
    with Database.open(tmp_path / "log.sqlite3") as db:
        with pytest.raises(ValueError, match="ensure_patient"):
            db.start_session("nobody", source="x", app_version="0", seed=None, settings={})
        session_id, run_id = start_run(db)
        trial = dict(kind="log", distance_cm=10.0, stimulus_onset_t_s=1.0, resolved_t_s=2.0)
        with pytest.raises(ValueError, match="direction"):
            db.add_trial(run_id, trial_index=0, direction="sideways", outcome="hit", **trial)
        with pytest.raises(ValueError, match="outcome"):
            db.add_trial(run_id, trial_index=0, direction="left", outcome="won", **trial)
        with pytest.raises(ValueError, match="disagrees"):
            db.add_trial(run_id, trial_index=0, direction="left", outcome="hit",
                         movement_onset_t_s=1.5, rt_ms=200.0, **trial)
        db.add_trial(run_id, trial_index=0, direction="left", outcome="hit", **trial)
        with pytest.raises(ValueError, match="already has a trial"):
            db.add_trial(run_id, trial_index=0, direction="left", outcome="hit", **trial)
        with pytest.raises(ValueError, match="no level run 999"):
            db.add_samples(999, [signals(1.0, 0)])
        with pytest.raises(ValueError, match="status"):
            db.end_level_run(run_id, status="done", end_reason="", ended_t_s=3.0, summary=None)
        with pytest.raises(ValueError, match="height_cm"):
            db.ensure_patient("P2", height_cm=1.72)  # metres, not cm
        assert db.trials(run_id)[0].trial_index == 0  # the good trial is kept


def test_read_only_database_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    Database.open(path).close()
    with Database.open(path, read_only=True) as db, pytest.raises(StorageError,
                                                                  match="read-only"):
        db.ensure_patient("P1")


def test_only_patient_codes_are_stored(tmp_path: Path) -> None:
    with Database.open(tmp_path / "log.sqlite3") as db:
        for bad in ("", "Jane Doe", "P" * 33, "a/b", "P\x00"):
            with pytest.raises(ValueError, match="not a patient code"):
                db.ensure_patient(bad)
        db.ensure_patient("ms-clinic_04")
        assert [p.patient_id for p in db.patients()] == ["ms-clinic_04"]
