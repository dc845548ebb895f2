"""Export: the JSON document and the CoM CSV match the declared schema."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from balancegame.messages import BodySignals, Presence
from balancegame.session import storage
from balancegame.session.export import export_json, export_samples_csv
from balancegame.session.storage import Database, StorageError

NAN = float("nan")


def signals(t_s: float, index: int, present: bool = True) -> BodySignals:
    return BodySignals(
        t_capture_s=t_s, t_ready_s=t_s + 0.04, frame_index=index, present=present,
        presence=Presence(ok=present), com_px=(300.0, 200.0) if present else (NAN, NAN),
        com_ml_cm=0.5 * index if present else NAN, com_ml_raw_cm=0.5 * index if present else NAN)


def populate(path: Path) -> dict[int, int]:
    """Two patients, three sessions; returns samples written per level run."""
    written: dict[int, int] = {}
    with Database.open(path) as db:
        for patient_id, n_sessions in [("P001", 2), ("P002", 1)]:
            db.ensure_patient(patient_id, height_cm=165.0)
            for s in range(n_sessions):
                session_id = db.start_session(patient_id, source="puppet", app_version="0.1.0",
                                              seed=s, settings={"seated": s == 1})
                for r in range(2):
                    run_id = db.start_level_run(
                        session_id, level_name=f"level {r}", level_file=f"levels/l{r}.toml",
                        level_definition="schema_version = 1\n", difficulty={"speed_cm_s": 30},
                        started_t_s=10.0 * r, scale_method="height", cm_per_px=0.3)
                    n = 25 + 10 * r + s
                    db.add_samples(run_id, [signals(10.0 * r + i / 30, i, present=i % 7 != 3)
                                            for i in range(n)])
                    written[run_id] = n
                    for k in range(3):
                        db.add_trial(run_id, trial_index=k, kind="log",
                                     direction="left" if k % 2 else "right", distance_cm=20.0,
                                     stimulus_onset_t_s=10.0 * r + k,
                                     movement_onset_t_s=None if k == 2 else 10.0 * r + k + 0.4,
                                     outcome="hit" if k == 2 else "avoided",
                                     resolved_t_s=10.0 * r + k + 0.9)
                    db.add_event(session_id, kind="pause", t_s=10.0 * r + 5, level_run_id=run_id)
                    db.end_level_run(run_id, status="completed", end_reason="done",
                                     ended_t_s=10.0 * r + 9, summary={"sway_rms_cm": NAN,
                                                                      "sway_path_cm": 4.0})
                db.end_session(session_id, "completed", "finished")
        db.add_latency_check(machine_id=db.machine_id("pc"), camera_name="camera:0",
                             clock_method="perf_counter", median_ms=85.0, iqr_ms=3.0,
                             p10_ms=81.0, p90_ms=90.0, n=19, n_flashes=20, vsync_granted=True,
                             app_version="0.1.0", detail={"frames": 600})
    return written


def load_strict(path: Path) -> dict:
    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")  # NaN/Infinity must have become null
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=no_constants)


def test_export_json_structure(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    written = populate(db_path)
    out = export_json(db_path, tmp_path / "out" / "export.json")
    doc = load_strict(out)
    assert doc["format"] == "balancegame-export" and doc["schema_version"] == 1
    assert doc["exported_utc"].endswith("+00:00")
    assert [p["patient_id"] for p in doc["patients"]] == ["P001", "P002"]
    assert len(doc["sessions"]) == 3
    for session in doc["sessions"]:
        assert session["status"] == "completed" and isinstance(session["settings"], dict)
        assert len(session["events"]) == 2
        for run in session["level_runs"]:
            assert run["n_samples"] == written[run["level_run_id"]]
            assert run["difficulty"] == {"speed_cm_s": 30}
            assert run["summary"] == {"sway_rms_cm": None, "sway_path_cm": 4.0}
            assert len(run["trials"]) == 3
            for trial in run["trials"]:
                assert "rt_ms" in trial
            rts = [t["rt_ms"] for t in run["trials"]]
            assert rts[:2] == pytest.approx([400.0, 400.0], abs=1e-6)  # ms
            assert rts[2] is None  # no movement detected: null, not NaN


def test_exported_keys_are_the_schema_columns(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    populate(db_path)
    doc = load_strict(export_json(db_path, tmp_path / "export.json"))

    def expected(db: Database, table: str, *extra: str) -> list[str]:
        return [c.removesuffix("_json") for c in db.schema_columns(table)] + list(extra)

    with Database.open(db_path, read_only=True) as db:
        session = doc["sessions"][0]
        assert list(session) == expected(db, "session", "events", "level_runs")
        run = session["level_runs"][0]
        assert list(run) == expected(db, "level_run", "n_samples", "trials")
        assert list(run["trials"][0]) == expected(db, "trial")
        assert list(session["events"][0]) == expected(db, "event")
        # the display name stays on this computer (session/privacy.py)
        assert list(doc["patients"][0]) == [c for c in expected(db, "patient")
                                            if c != "display_name"]
        assert list(doc["latency_checks"][0]) == expected(db, "latency_check")
    assert doc["latency_checks"][0]["detail"] == {"frames": 600}
    assert doc["latency_checks"][0]["vsync_granted"] == 1


def test_export_of_one_patient(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    populate(db_path)
    doc = load_strict(export_json(db_path, tmp_path / "p2.json", patient_id="P002"))
    assert {s["patient_id"] for s in doc["sessions"]} == {"P002"}
    assert [p["patient_id"] for p in doc["patients"]] == ["P002"]
    with pytest.raises(StorageError, match="no patient 'P404'") as info:
        export_json(db_path, tmp_path / "none.json", patient_id="P404")
    assert "P001" not in str(info.value) and "P002" not in str(info.value)  # no other codes
    assert not (tmp_path / "none.json").exists()


def test_missing_database_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    with pytest.raises(StorageError) as info:
        export_json(missing, tmp_path / "export.json")
    assert str(missing) in str(info.value)
    assert not missing.exists()  # exporting never creates a database


def test_export_includes_an_interrupted_session(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    db = Database.open(db_path)
    db.ensure_patient("P001")
    session_id = db.start_session("P001", source="webcam:0", app_version="0.1.0", seed=None,
                                  settings={})
    run_id = db.start_level_run(session_id, level_name="L", level_file="l.toml",
                                level_definition="", difficulty={}, started_t_s=0.0,
                                scale_method="shoulder_width", cm_per_px=None)
    db.add_trial(run_id, trial_index=0, kind="log", direction="left", distance_cm=10.0,
                 stimulus_onset_t_s=1.0, movement_onset_t_s=1.25, outcome="avoided",
                 resolved_t_s=2.0)
    del db  # never closed: what a crash leaves (the trial was committed)
    Database.open(db_path).close()  # the next start marks it interrupted
    doc = load_strict(export_json(db_path, tmp_path / "export.json"))
    [session] = doc["sessions"]
    assert session["status"] == "interrupted" and session["ended_utc"] is None
    [run] = session["level_runs"]
    assert run["status"] == "interrupted" and run["summary"] is None
    assert run["cm_per_px"] is None and run["n_samples"] == 0
    assert run["trials"][0]["rt_ms"] == pytest.approx(250.0)  # ms


def test_samples_csv_matches_the_schema(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    written = populate(db_path)
    run_id = next(iter(written))
    out = export_samples_csv(db_path, run_id, tmp_path / "com.csv")
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with Database.open(db_path, read_only=True) as db:
        assert rows[0] == db.schema_columns("com_sample") == list(storage.SAMPLE_COLUMNS)
        samples = db.samples(run_id)
    body = rows[1:]
    assert len(body) == written[run_id] == len(samples)
    header = rows[0]
    for row, sample in zip(body, samples, strict=True):
        record = dict(zip(header, row, strict=True))
        assert int(record["level_run_id"]) == run_id
        assert float(record["t_capture_s"]) == sample["t_capture_s"]  # full precision
        assert record["present"] in ("0", "1")
        if record["present"] == "0":
            assert record["com_ml_cm"] == "" and math.isnan(sample["com_ml_cm"])
        else:
            assert float(record["com_ml_cm"]) == sample["com_ml_cm"]
    with pytest.raises(StorageError, match="no level run 999"):
        export_samples_csv(db_path, 999, tmp_path / "x.csv")


def test_export_reads_while_a_session_is_being_written(tmp_path: Path) -> None:
    """A report run during a live session must not mark that session interrupted."""
    db_path = tmp_path / "log.sqlite3"
    with Database.open(db_path) as live:
        live.ensure_patient("P001")
        session_id = live.start_session("P001", source="puppet", app_version="0.1.0", seed=1,
                                        settings={})
        script = ("import sys; from balancegame.session.export import export_json; "
                  "export_json(sys.argv[1], sys.argv[2])")
        subprocess.run([sys.executable, "-c", script, str(db_path), str(tmp_path / "e.json")],
                       check=True, timeout=60)
        assert live.sessions()[0].status == "in_progress"
        live.end_session(session_id, "completed", "finished")
    assert load_strict(tmp_path / "e.json")["sessions"][0]["status"] == "in_progress"
