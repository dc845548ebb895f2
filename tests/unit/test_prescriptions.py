"""Prescriptions (issue 11, part 2): stored per patient, every change logged with its time,
old and new value and reason, only behind the PIN; schema version 4 and its upgrade; how a
prescription changes the program that is played."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.old_schema import old_version_file
from test_export import populate
from test_schema_v3 import columns_of, rows
from test_therapist_pin import FAST, PIN, WallClock

from balancegame.errors import LevelError, PatientError, TherapistError
from balancegame.prescription.dose import lighter_session
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.plan import gate_alternatives, plan_for
from balancegame.prescription.prescribed import Prescription, bounded_level, prescribed_program
from balancegame.session import storage
from balancegame.session.storage import Database
from balancegame.session.storage.schema import V1_SQL, V2_SQL, V3_RULES_SQL, V3_SQL
from balancegame.therapist.desk import TherapistDesk

V3_TABLES = ("patient", "session", "level_run", "trial", "com_sample", "event",
             "latency_check")
NEW_TABLES = ("therapist_pin", "prescription", "prescription_change")


def make_v3(path: Path, source: Path) -> None:
    """A version-3 file, as balancegame wrote it before version 4, with the rows of
    ``source`` (a current file) copied in column for column."""
    old_version_file(path, source, V1_SQL + V2_SQL + V3_SQL + V3_RULES_SQL, 3, V3_TABLES)


@pytest.fixture
def v3_file(tmp_path: Path) -> Path:
    current = tmp_path / "current.sqlite3"
    populate(current)
    path = tmp_path / "v3.sqlite3"
    make_v3(path, current)
    return path


def test_upgrading_a_version_3_file_keeps_every_row_and_adds_empty_tables(v3_file) -> None:
    before = {t: rows(v3_file, t, columns_of(v3_file, t)) for t in (*V3_TABLES, "meta")}
    assert all(before[t] for t in V3_TABLES)
    with Database.open(v3_file) as db:
        assert [p.patient_id for p in db.patients()] == ["P001", "P002"]
        assert db.therapist_pin() is None and db.prescriptions() == []
    for table in V3_TABLES:
        assert rows(v3_file, table, columns_of(v3_file, table)) == before[table], table
    meta = dict(rows(v3_file, "meta", ["key", "value"]))
    assert meta["schema_version"] == str(storage.SCHEMA_VERSION)  # on to the newest
    assert "migrated_from_v3_utc" in meta
    assert all(rows(v3_file, t, columns_of(v3_file, t)) == [] for t in NEW_TABLES)
    backup = v3_file.with_name("v3.sqlite3.v3.bak")
    assert {t: rows(backup, t, columns_of(backup, t)) for t in before} == before


def test_an_upgraded_version_3_file_is_the_same_as_a_new_one(v3_file, tmp_path) -> None:
    Database.open(v3_file).close()
    new = tmp_path / "new.sqlite3"
    Database.open(new).close()

    def shape(path: Path) -> dict:
        con = sqlite3.connect(path)
        objects = sorted(con.execute("SELECT type, name FROM sqlite_master "
                                     "WHERE name NOT LIKE 'sqlite_%'"))
        con.close()
        return {"objects": objects, **{t: columns_of(path, t) for t in storage.TABLES}}

    assert shape(v3_file) == shape(new)


@pytest.fixture
def desk(tmp_path, clock) -> TherapistDesk:
    made = TherapistDesk(tmp_path / "log.sqlite3", utc_now=clock, params=FAST,
                         library=LevelLibrary.shipped())
    made.set_pin(PIN)
    with Database.open(made.db_path) as db:
        db.add_patient("P017", height_cm=170)
    return made


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


def test_every_change_is_logged_with_time_old_new_reason_and_where(desk, clock) -> None:
    key = desk.check_pin(PIN).unlocked
    first = desk.prescribe(key, "P017", {"program": "home-dodge-intervals",
                                         "sessions_per_week": 3}, reason="start",
                           via="command line")
    assert [(c.field, c.old_value, c.new_value) for c in first] == [
        ("program", None, "home-dodge-intervals"), ("sessions_per_week", None, 3),
        ("feet_in_view", None, 1)]
    clock.advance(3600)
    second = desk.prescribe(key, "P017", {"sessions_per_week": 2, "rest_s": 90.0,
                                          "program": "home-dodge-intervals"},
                            reason="tired after sessions", via="therapist mode")
    assert [(c.field, c.old_value, c.new_value, c.reason, c.via) for c in second] == [
        ("sessions_per_week", 3, 2, "tired after sessions", "therapist mode"),
        ("rest_s", None, 90.0, "tired after sessions", "therapist mode")]
    assert second[0].changed_utc.startswith("2026-03-02T10:00")
    assert desk.prescribe(key, "P017", {"rest_s": 90.0}, via="command line") == []
    log = desk.changes("P017")
    assert len(log) == 5 and [c.changed_utc[:13] for c in log] == ["2026-03-02T09"] * 3 + [
        "2026-03-02T10"] * 2
    assert desk.prescription("P017") == Prescription("home-dodge-intervals", 2, None, None,
                                                     None, 90.0, True)


def test_a_prescription_cannot_change_without_the_pin(desk) -> None:
    with pytest.raises(TherapistError, match="needs the therapist PIN"):
        desk.prescribe(None, "P017", {"program": "gaze-three-bouts"}, via="command line")
    wrong = desk.check_pin("000111")
    with pytest.raises(TherapistError):
        desk.prescribe(wrong.unlocked, "P017", {"program": "gaze-three-bouts"},
                       via="command line")
    assert desk.prescription("P017") is None and desk.changes("P017") == []


@pytest.mark.parametrize(("values", "error", "words"), [
    ({"program": "home-dodge-intervals", "sessions_per_week": 8}, TherapistError,
     "--sessions-per-week 8: sessions a week must be a whole number from 1 to 7"),
    ({"program": "home-dodge-intervals", "difficulty_min": 6, "difficulty_max": 3},
     TherapistError, "--difficulty-min 6 is harder than --difficulty-max 3"),
    ({"program": "home-dodge-intervals", "rest_s": -5}, TherapistError, "0 to 600 s"),
    ({"program": "no-such-program"}, LevelError, "no program named 'no-such-program'"),
    ({"sessions_per_week": 2}, TherapistError, "has no prescription yet")])
def test_a_bad_prescription_is_refused_and_nothing_is_written(desk, values, error, words):
    with pytest.raises(error) as info:
        desk.prescribe(desk.check_pin(PIN).unlocked, "P017", values, via="command line")
    assert words in str(info.value)
    assert desk.prescription("P017") is None and desk.changes("P017") == []


def test_an_unknown_patient_is_refused(desk) -> None:
    with pytest.raises(PatientError):
        desk.prescribe(desk.check_pin(PIN).unlocked, "P999", {"program": "gaze-three-bouts"},
                       via="command line")


def test_change_rows_are_never_rewritten(desk, tmp_path) -> None:
    key = desk.check_pin(PIN).unlocked
    desk.prescribe(key, "P017", {"program": "home-dodge-intervals"}, via="command line")
    desk.prescribe(key, "P017", {"program": "gaze-three-bouts"}, via="command line")
    with Database.open(desk.db_path) as db:
        changes = db.prescription_changes("P017")
    assert [(c.field, c.old_value, c.new_value) for c in changes][-1] == (
        "program", "home-dodge-intervals", "gaze-three-bouts")


# --- what a prescription does to the program ----------------------------------------------

LIBRARY = LevelLibrary.shipped()


def test_the_prescription_sets_the_weekly_goal_cap_and_rests() -> None:
    rx = Prescription("home-dodge-intervals", sessions_per_week=2, session_min=10, rest_s=90)
    plan = plan_for(LIBRARY, prescription=rx)
    assert plan.sessions_per_week == 2 and plan.cap_s == 600
    assert list(plan.rests_s) == [90.0, 90.0, 0.0] and plan.prescription == rx
    unchanged = plan_for(LIBRARY, prescription=Prescription("home-dodge-intervals"))
    program = LIBRARY.program("home-dodge-intervals")
    assert unchanged.cap_s == program.max_session_min * 60
    assert list(unchanged.rests_s) == [s.rest_after_s for s in program.steps]
    assert unchanged.levels == tuple(s.level for s in program.steps)


def test_the_command_line_comes_before_the_prescription() -> None:
    rx = Prescription("home-dodge-intervals")
    assert plan_for(LIBRARY, program="gaze-three-bouts", prescription=rx).prescription is None
    assert [lv.name for lv in plan_for(LIBRARY, levels=["stance-tandem"],
                                       prescription=rx).levels] == ["stance-tandem"]


def test_difficulty_bounds_hold_every_graded_parameter_between_the_two_presets() -> None:
    level = LIBRARY.level("dodge-gentle")  # approach 2.5 s: faster than preset 4's 3.17 s
    capped, notes = bounded_level(level, None, 4)
    assert capped["approach_time_s"] == pytest.approx(3.167, abs=1e-3)
    assert capped["dodge_distance_cm"] == level["dodge_distance_cm"]  # 8 cm: easy enough
    assert capped["duration_s"] == level["duration_s"]  # not graded
    assert "approach_time_s 2.5 -> 3.167" in notes
    floored, notes = bounded_level(level, 7, None)
    assert floored["dodge_distance_cm"] == pytest.approx(15.0) and notes
    assert bounded_level(level, 1, 10) == (level, [])


def test_a_bound_not_set_changes_nothing_on_its_side() -> None:
    easy = LIBRARY.level("dual-task-single-dodge")  # 5 s walls: easier than preset 1's 4 s
    assert bounded_level(easy, None, 6) == (easy, [])
    assert bounded_level(easy, 2, None)[0]["approach_time_s"] == pytest.approx(3.722, abs=1e-3)
    hard = LIBRARY.level("dodge-steps")
    assert bounded_level(hard, 1, None) == (hard, [])


def test_bounds_narrow_an_adaptive_range_and_move_a_preset(tmp_path) -> None:
    from balancegame.prescription.levels import parse_level

    level = parse_level("""schema_version = 1
type = "obstacle_dodge"
title = "A"
instructions = "i"
preset = 8
[adaptive]
target_success = 0.75
min_preset = 2
max_preset = 9
""", tmp_path / "a.toml")
    bounded, notes = bounded_level(level, 3, 6)
    assert bounded.preset == 6 and (bounded.adaptive.min_preset, bounded.adaptive.max_preset) \
        == (3, 6)
    assert notes[:2] == ["preset 8 -> 6", "adapts between presets 3 and 6"]
    lighter, _, _ = lighter_session([bounded], [], min_preset=6)
    assert lighter[0].preset == 6  # the two-hour rule stays within the therapist's bounds


def test_the_notes_say_what_the_bounds_change_per_level() -> None:
    _, notes = prescribed_program(LIBRARY.program("home-dodge-intervals"),
                                  Prescription("home-dodge-intervals", difficulty_max=3))
    # each level once, though dodge-gentle is played in two bouts
    assert [n.split(":")[0] for n in notes] == ["Lean away from the walls", "Dodge the walls"]
    assert notes[1].startswith("Dodge the walls: approach_time_s 2.5 -> 3.444")


def test_spoken_levels_are_found_with_their_gate_alternative() -> None:
    plan = plan_for(LIBRARY, program="dual-task-assessment")
    assert [lv.name for lv in plan.spoken()] == ["counting-seated"]
    assert plan_for(LIBRARY, program="home-dodge-intervals").spoken() == []
    assert gate_alternatives(LIBRARY, plan.spoken()) == ["dual-task-gates-3s"]


def test_feet_in_view_and_the_preset_floor_come_from_the_prescription() -> None:
    plan = plan_for(LIBRARY, prescription=Prescription("home-dodge-intervals",
                                                       difficulty_min=3, feet_in_view=False))
    assert not plan.feet_in_view and plan.preset_floor == 3
    assert plan_for(LIBRARY).feet_in_view and plan_for(LIBRARY).preset_floor == 1


def test_a_stored_prescription_reads_back_the_same(tmp_path) -> None:
    rx = Prescription("gaze-three-bouts", 4, 12.5, 2, 7, 30.0, False)
    with Database.open(tmp_path / "x.sqlite3", utc_now=lambda: datetime(2026, 1, 1,
                                                                         tzinfo=UTC)) as db:
        db.ensure_patient("P1")
        db.change_prescription("P1", rx.stored(), via="command line")
        assert Prescription.from_record(db.prescription("P1")) == rx
