"""Issue 9, point 5: daily copies of the session log, ``backup`` and ``restore``."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_data_safety import damage_a_page, other_programs_file
from test_export import populate

from balancegame import app
from balancegame.cli import main
from balancegame.session import storage
from balancegame.session.storage import Database


def sessions_in(path: Path) -> int:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT COUNT(*) FROM session").fetchone()[0]
    finally:
        con.close()


def test_one_copy_a_day_and_the_last_seven_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    populate(path)
    day0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    made = []
    for day in range(9):
        for hour in (0, 5):  # two sessions a day: one copy
            with Database.open(path, utc_now=lambda d=day, h=hour: day0 + timedelta(d, hours=h)
                               ) as db:
                made.append(storage.daily_backup(db))
    folder = tmp_path / "backups"
    assert [p is not None for p in made] == [True, False] * 9
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == storage.BACKUPS_KEPT == 7
    assert kept[0] == f"log-{(day0 + timedelta(2)).astimezone().date().isoformat()}.sqlite3"
    for copy in folder.iterdir():
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert sessions_in(copy) == 3
        with Database.open(copy, read_only=True) as ro:  # a whole, valid log on its own
            assert len(ro.sessions()) == 3


def test_a_failed_daily_copy_is_said_and_play_goes_on(tmp_path: Path, capsys) -> None:
    path = tmp_path / "log.sqlite3"
    (tmp_path / "backups").write_text("a file where the folder should be")
    with Database.open(path) as db:
        app._daily_backup(db)
    assert "Warning: Could not make today's backup" in capsys.readouterr().out


def test_backup_command_writes_a_copy_and_never_over_the_database(tmp_path: Path,
                                                                  capsys) -> None:
    db, out = tmp_path / "log.sqlite3", tmp_path / "copy.sqlite3"
    populate(db)
    before = db.read_bytes()
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 0
    assert sessions_in(out) == 3 and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["backup", "--db", str(db), "--out", str(db), "--force"]) == 2
    assert "database itself" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_restore_puts_the_copy_back_and_keeps_the_current_file(tmp_path: Path,
                                                               capsys) -> None:
    db, copy = tmp_path / "log.sqlite3", tmp_path / "copy.sqlite3"
    populate(db)
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    with Database.open(db) as live:  # a session after the copy was made
        live.start_session("P001", source="puppet", app_version="t", seed=1, settings={})
    assert sessions_in(db) == 4
    assert main(["restore", str(copy), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert sessions_in(db) == 3
    [kept] = (tmp_path / "backups").glob("log-before-restore-*.sqlite3")
    assert f"kept as {kept}" in out and sessions_in(kept) == 4
    with Database.open(db) as restored:  # usable for play again
        assert len(restored.sessions()) == 3


@pytest.mark.parametrize("bad", ["foreign", "damaged", "newer", "missing", "itself"])
def test_restore_checks_the_copy_first_and_changes_nothing(bad: str, tmp_path: Path,
                                                           capsys) -> None:
    db, copy = tmp_path / "log.sqlite3", tmp_path / "copy.sqlite3"
    populate(db)
    if bad == "foreign":
        other_programs_file(copy, user_version=1, table="session")
    elif bad == "damaged":
        damage_a_page(copy)
    elif bad == "newer":
        assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
        con = sqlite3.connect(copy)
        con.execute("PRAGMA user_version = 99")
        con.close()
    elif bad == "itself":
        copy = db
    before = db.read_bytes()
    assert main(["restore", str(copy), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("balancegame: ") and "Traceback" not in err
    assert {"foreign": "not a balancegame database", "damaged": "is damaged",
            "newer": "newer version", "missing": "no file", "itself": "database itself"
            }[bad] in err
    assert db.read_bytes() == before
    assert not (tmp_path / "backups").exists()
