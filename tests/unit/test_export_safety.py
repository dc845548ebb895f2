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

