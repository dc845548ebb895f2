"""Issue 9: an export never replaces the database or another file, is written atomically,
and carries file names, not paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

from test_export import populate

from balancegame.cli import main
from balancegame.session.storage import Database


def test_export_refuses_to_write_over_the_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "log.sqlite3"
    populate(db)
    link = tmp_path / "link.json"
    link.symlink_to(db)
    before = db.read_bytes()
    for out in (db, link, tmp_path / "." / "log.sqlite3"):
        for force in ([], ["--force"]):
            assert main(["export", "--db", str(db), "--out", str(out), *force]) == 2
            assert "is the database itself" in capsys.readouterr().err
    assert db.read_bytes() == before
    with Database.open(db, read_only=True) as ro:
        assert ro.sessions()


def test_export_keeps_an_existing_file_unless_forced(tmp_path: Path, capsys) -> None:
    db, out = tmp_path / "log.sqlite3", tmp_path / "notes.json"
    populate(db)
    out.write_text("my notes")
    assert main(["export", "--db", str(db), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert out.read_text() == "my notes"
    assert main(["export", "--db", str(db), "--out", str(out), "--force"]) == 0
    assert json.loads(out.read_text())["sessions"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_export_leaves_no_half_file(tmp_path: Path, monkeypatch) -> None:
    db, out = tmp_path / "log.sqlite3", tmp_path / "out.json"
    populate(db)
    out.write_text("old export")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert main(["export", "--db", str(db), "--out", str(out), "--force"]) == 2
    assert out.read_text() == "old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["log.sqlite3", "out.json", *[p.name for p in tmp_path.glob("log.sqlite3-*")]])



HOME = "/home/jane.doe"
WINDOWS = "C:\\Users\\jdoe"


def test_the_session_row_keeps_file_names_not_paths(tmp_path: Path) -> None:
    from balancegame.app import SessionOptions, session_settings

    opts = SessionOptions(source=f"{HOME}/Videos/visit.mp4", levels=[f"{WINDOWS}\\my.toml",
                                                                      "dodge-gentle"],
                          program=None, levels_dir=Path(f"{HOME}/levels"),
                          db_path=Path(f"{HOME}/x/log.sqlite3"),
                          screenshot_dir=Path(f"{HOME}/shots"), patient_id="P1")
    settings = session_settings(opts)
    text = json.dumps(settings)
    assert "jane" not in text and "jdoe" not in text
    assert settings["source"] == "visit.mp4" and settings["levels"] == ["my.toml",
                                                                        "dodge-gentle"]
    assert settings["db_path"] == "log.sqlite3" and settings["screenshot_dir"] == "shots"
    assert settings["patient_id"] == "P1" and settings["seconds"] is None


def test_a_level_run_stores_the_level_file_name(tmp_path: Path) -> None:
    from balancegame.prescription.levels import parse_level
    from balancegame.session.log import SessionLog

    level = parse_level((Path(__file__).parents[2] / "levels" / "dodge-gentle.toml")
                        .read_text(), Path(f"{HOME}/levels/dodge-gentle.toml"))
    with Database.open(tmp_path / "log.sqlite3") as db:
        db.ensure_patient("P1")
        session_id = db.start_session("P1", source="puppet", app_version="t", seed=1,
                                      settings={})
        run_id = SessionLog(db, session_id).start_level(level, 0.0, "height", 0.3)
        assert db.level_run(run_id).level_file == "dodge-gentle.toml"


def test_paths_already_in_a_file_are_exported_as_names(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    with Database.open(db_path) as db:
        db.ensure_patient("P1")
        session_id = db.start_session(
            "P1", source=f"{HOME}/Videos/visit.mp4", app_version="t", seed=1,
            settings={"db_path": f"{HOME}/log.sqlite3", "levels": [f"{WINDOWS}\\a.toml"],
                      "screenshot_dir": f"{HOME}/shots", "source": "camera:0"})
        db.start_level_run(session_id, level_name="a", level_file=f"{WINDOWS}\\a.toml",
                           level_definition="x", difficulty={}, started_t_s=0.0,
                           scale_method="height", cm_per_px=None)
    out = tmp_path / "out.json"
    assert main(["export", "--db", str(db_path), "--out", str(out)]) == 0
    text = out.read_text()
    assert "jane" not in text and "jdoe" not in text
    [session] = json.loads(text)["sessions"]
    assert session["source"] == "visit.mp4" and session["settings"]["source"] == "camera:0"
    assert session["settings"]["levels"] == ["a.toml"]
    assert session["level_runs"][0]["level_file"] == "a.toml"
