"""Issue 9: nothing lost, nothing leaked: foreign and damaged files are left untouched,
read-only media can be exported from, files are private to their owner."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_export import populate

from balancegame.session.export import export_json
from balancegame.session.storage import Database, StorageError


def other_programs_file(path: Path, *, user_version: int, table: str) -> bytes:
    con = sqlite3.connect(path)
    con.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, data TEXT)")
    con.execute(f"INSERT INTO {table} (data) VALUES ('someone else''s data')")
    con.execute(f"PRAGMA user_version = {user_version}")
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize(("user_version", "table"), [(0, "contacts"), (1, "contacts"),
                                                     (0, "session"), (7, "session")])
def test_another_programs_file_is_refused_plainly_and_never_changed(
        tmp_path: Path, user_version: int, table: str) -> None:
    path = tmp_path / "other.db"
    before = other_programs_file(path, user_version=user_version, table=table)
    for read_only in (False, True):
        with pytest.raises(StorageError, match="belongs to another program") as info:
            Database.open(path, read_only=read_only)
        assert str(path) in info.value.message and "not been changed" in info.value.message
    assert path.read_bytes() == before  # no WAL switch, no write
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def damage_a_page(path: Path) -> None:
    """Fill the session log, then overwrite one page in the middle with garbage."""
    with Database.open(path) as db:
        db.ensure_patient("P1")
        session_id = db.start_session("P1", source="puppet", app_version="t", seed=1,
                                      settings={})
        for i in range(400):
            db.add_event(session_id, kind="pause", t_s=float(i), detail="x" * 200)
    size = path.stat().st_size
    page = 4096
    assert size > 10 * page
    with path.open("r+b") as f:
        f.seek((size // page // 2) * page)
        f.write(b"\xff\x13" * (page // 2))


def test_a_damaged_page_is_found_on_opening_and_the_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    damage_a_page(path)
    before = path.read_bytes()
    with pytest.raises(StorageError, match="is damaged") as info:
        Database.open(path)
    assert "not been changed" in info.value.message
    assert f"--db {tmp_path / 'log-new.sqlite3'}" in info.value.hint
    assert "balancegame restore" in info.value.hint
    assert path.read_bytes() == before
    with pytest.raises(StorageError, match="is damaged"):
        Database.open(path, read_only=True)


def run_on_read_only_media(folder: Path, command: list[str]) -> subprocess.CompletedProcess:
    """Run ``command`` with ``folder`` mounted read-only at ``<folder>-ro`` (a private mount
    namespace: nothing outside the command sees it)."""
    ro = folder.with_name(folder.name + "-ro")
    ro.mkdir()
    script = (f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(ro))} && "
              f"mount -o remount,bind,ro {shlex.quote(str(ro))} && exec "
              + " ".join(shlex.quote(c) for c in command))
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                          text=True, timeout=120)


def can_mount_read_only(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    (tmp_path / "probe").mkdir()
    done = run_on_read_only_media(tmp_path / "probe", ["true"])
    return done.returncode == 0


def test_export_works_from_read_only_media(tmp_path: Path) -> None:
    if not can_mount_read_only(tmp_path):
        pytest.skip("no unshare -rm here to mount a folder read-only")
    media = tmp_path / "media"
    media.mkdir()
    populate(media / "log.sqlite3")  # a WAL-mode file, closed: no -wal, no -shm beside it
    before = (media / "log.sqlite3").read_bytes()
    out = tmp_path / "out.json"
    done = run_on_read_only_media(media, [sys.executable, "-m", "balancegame", "export",
                                          "--db", str(tmp_path / "media-ro" / "log.sqlite3"),
                                          "--out", str(out)])
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["sessions"]) == 3
    assert (media / "log.sqlite3").read_bytes() == before
    assert sorted(p.name for p in media.iterdir()) == ["log.sqlite3"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_data_folder_the_database_and_exports_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual one: everything readable by everyone
    try:
        path = tmp_path / "data" / "balancegame" / "log.sqlite3"
        with Database.open(path) as db:
            db.ensure_patient("P1")
            assert (path.parent / "log.sqlite3-wal").exists()
            assert {p.name: mode(p) for p in path.parent.iterdir()} == {
                "log.sqlite3": 0o600, "log.sqlite3-wal": 0o600, "log.sqlite3-shm": 0o600}
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
        out = tmp_path / "export.json"
        export_json(path, out)
        assert mode(out) == 0o600
    finally:
        os.umask(old_umask)


def test_a_new_log_is_marked_as_ours_at_creation(tmp_path: Path) -> None:
    from balancegame.session.storage import APPLICATION_ID

    Database.open(tmp_path / "log.sqlite3").close()
    con = sqlite3.connect(tmp_path / "log.sqlite3")
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()
