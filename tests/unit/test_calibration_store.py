"""Calibrations in the database (schema version 5): the upgrade from version 4 keeps every
row; a damaged row is reported and skipped, never used, never changed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.old_schema import old_version_file
from test_export import populate
from test_schema_v3 import columns_of, rows

from balancegame.calibrating.record import LIMITS, NEUTRAL, CalibrationProblem, from_row
from balancegame.calibrating.stored import usable_calibrations
from balancegame.calibrating.validity import verdict
from balancegame.session import storage
from balancegame.session.storage import Database
from balancegame.session.storage.calibrations import calibration_row
from balancegame.session.storage.schema import V1_SQL, V2_SQL, V3_RULES_SQL, V3_SQL, V4_SQL

V4_TABLES = ("patient", "session", "level_run", "trial", "com_sample", "event",
             "latency_check", "therapist_pin", "prescription", "prescription_change")
SETUP = {"camera": "camera:0", "resolution_px": [640, 480], "patient_height_fraction": 0.75,
         "patient_centre_x_fraction": 0.5}
LIMITS_RESULTS = {"limits": {"left": {"value": 9.0, "unit": "cm", "method": "m"},
                             "right": {"value": 11.0, "unit": "cm", "method": "m"}}}


def store(db: Database, *, kind=LIMITS, results=None, created="2026-11-20T10:00:00+00:00",
          side="both", mode="standing") -> None:
    db.write(calibration_row(patient_id="P001", session_id=None, kind=kind,
                             created_utc=created, schema_version=1, mode=mode, side=side,
                             camera_setup=SETUP, results=results or LIMITS_RESULTS))


def test_upgrading_a_version_4_file_keeps_every_row_and_adds_the_calibrations(tmp_path):
    current = tmp_path / "current.sqlite3"
    populate(current)
    v4 = tmp_path / "v4.sqlite3"
    old_version_file(v4, current, V1_SQL + V2_SQL + V3_SQL + V3_RULES_SQL + V4_SQL, 4,
                     V4_TABLES)
    before = {t: rows(v4, t, columns_of(v4, t)) for t in (*V4_TABLES, "meta")}
    with Database.open(v4) as db:
        assert db.calibrations("P001") == []
        store(db)
        assert len(db.calibrations("P001")) == 1
    for table in V4_TABLES:
        assert rows(v4, table, columns_of(v4, table)) == before[table], table
    meta = dict(rows(v4, "meta", ["key", "value"]))
    assert meta["schema_version"] == str(storage.SCHEMA_VERSION) == "5"
    assert "migrated_from_v4_utc" in meta
    backup = v4.with_name("v4.sqlite3.v4.bak")
    assert {t: rows(backup, t, columns_of(backup, t)) for t in before} == before
    new = tmp_path / "new.sqlite3"
    Database.open(new).close()
    assert columns_of(v4, "calibration") == columns_of(new, "calibration")


def test_a_damaged_calibration_is_reported_and_an_older_good_one_used(tmp_path):
    path = tmp_path / "f.sqlite3"
    with Database.open(path) as db:
        db.ensure_patient("P001", height_cm=170.0)
        store(db, created="2026-11-01T10:00:00+00:00")  # the good, older one
        store(db, created="2026-11-20T10:00:00+00:00")
        store(db, kind=NEUTRAL, results={"mode": "standing"})
    con = sqlite3.connect(path)
    con.execute("UPDATE calibration SET results_json = '{\"limits\": {\"left\": ' "
                "WHERE created_utc LIKE '2026-11-20%' AND kind = ?", (LIMITS,))
    con.commit()
    con.close()
    before = rows(path, "calibration", columns_of(path, "calibration"))
    with Database.open(path) as db:
        newest, skipped = usable_calibrations(db.calibrations("P001"))
    assert newest[LIMITS].date == "2026-11-01" and newest[LIMITS].limit_cm("right") == 11.0
    assert len(skipped) == 1 and "skipped: its results are not readable (damaged JSON)" \
        in skipped[0]
    assert rows(path, "calibration", columns_of(path, "calibration")) == before  # unchanged


@pytest.mark.parametrize(("change", "reason"), [
    ({"kind": "balance"}, "kind 'balance' is unknown"),
    ({"schema_version": 2}, "calibration version 2"),
    ({"mode": "lying"}, "mode 'lying'"),
    ({"created_utc": "yesterday"}, "not an ISO date"),
    ({"results_json": '{"limits": {"left": {"value": 0}}}'}, "left limit 0 is not a limit"),
    ({"results_json": '{"limits": {}}'}, "holds no limits"),
    ({"camera_setup_json": "[]"}, "camera set-up are not readable")])
def test_every_kind_of_damage_is_named(tmp_path, change, reason):
    from balancegame.session.storage.calibrations import CalibrationRecord

    good = dict(calibration_id=7, patient_id="P001", session_id=None, kind=LIMITS,
                created_utc="2026-11-20T10:00:00+00:00", schema_version=1, mode="standing",
                side="both", camera_setup_json="{}",
                results_json='{"limits": {"left": {"value": 9}}}')
    from_row(CalibrationRecord(**good))
    with pytest.raises(CalibrationProblem, match=reason.replace("(", r"\(")):
        from_row(CalibrationRecord(**{**good, **change}))


def test_a_calibration_holds_until_its_age_or_the_camera_or_the_mode_changes(tmp_path):
    with Database.open(tmp_path / "f.sqlite3") as db:
        db.ensure_patient("P001")
        store(db)
        cal = usable_calibrations(db.calibrations("P001"))[0][LIMITS]
    made = datetime(2026, 11, 20, 10, tzinfo=UTC)

    def judged(days=1, setup=SETUP, mode="standing", max_days=30, side=None):
        return verdict(cal, now_utc=made + timedelta(days=days), max_age_days=max_days,
                       camera_setup=setup, mode=mode, side=side).reason

    assert judged() == "" and judged(days=29.9) == ""
    assert judged(days=30.1) == "expired" and judged(days=8, max_days=7) == "expired"
    assert judged(setup={**SETUP, "camera": "camera:1"}) == "camera"
    assert judged(setup={**SETUP, "resolution_px": [1280, 720]}) == "camera"
    assert judged(setup={**SETUP, "patient_height_fraction": 0.5}) == "camera"  # nearer
    assert judged(setup={**SETUP, "patient_centre_x_fraction": 0.8}) == "camera"
    assert judged(setup={**SETUP, "patient_height_fraction": 0.8}) == ""  # within 20 %
    assert judged(mode="seated") == "mode" and judged(side="left") == "side"
    assert verdict(None, now_utc=made, max_age_days=30, camera_setup=SETUP, mode="standing",
                   side=None).reason == "none"


def test_a_calibration_row_needs_a_known_patient(tmp_path):
    with Database.open(Path(tmp_path) / "f.sqlite3") as db, \
            pytest.raises(ValueError, match="there is no patient 'P001'"):
        store(db)
