"""Schema version 3 (issue 11): patients' display names and a uuid for every session.

The upgrade is tested on a file as version 2 made it: the frozen v1 and v2 SQL, the
rows written through today's API (sessions with level runs, trials, samples, events,
a display-delay check) and copied into it.  Every row must come through unchanged.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from helpers.old_schema import old_version_file
from test_export import populate

from balancegame.session import storage
from balancegame.session.storage import Database
from balancegame.session.storage.schema import V1_SQL, V2_SQL

V2_TABLES = ("patient", "session", "level_run", "trial", "com_sample", "event",
             "latency_check")


def make_v2(path: Path, source: Path) -> None:
    """A version-2 file (as balancegame wrote it before version 3) holding the rows of
    ``source`` (a current file), column for column."""
    old_version_file(path, source, V1_SQL + V2_SQL, 2, V2_TABLES)


def rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
    finally:
        con.close()


def columns_of(path: Path, table: str) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    finally:
        con.close()


@pytest.fixture
def v2_file(tmp_path: Path) -> Path:
    current = tmp_path / "current.sqlite3"
    populate(current)
    path = tmp_path / "v2.sqlite3"
    make_v2(path, current)
    return path


def test_upgrading_a_version_2_file_keeps_every_row(v2_file: Path, tmp_path: Path) -> None:
    before = {t: rows(v2_file, t, columns_of(v2_file, t)) for t in (*V2_TABLES, "meta")}
    assert all(before[t] for t in V2_TABLES)  # every table has rows to keep
    with Database.open(v2_file) as db:
        sessions = db.sessions()
    for table in V2_TABLES:
        old_columns = [c for c in columns_of(v2_file, table)
                       if c not in ("display_name", "session_uuid")]
        assert rows(v2_file, table, old_columns) == before[table], table
    meta = dict(rows(v2_file, "meta", ["key", "value"]))
    assert meta["schema_version"] == str(storage.SCHEMA_VERSION)  # on through 3 to the newest
    assert "migrated_from_v2_utc" in meta
    kept = {k: v for k, v in before["meta"] if k != "schema_version"}
    assert {k: meta[k] for k in kept} == kept  # the machine salt and creation time stay
    # every existing session got its own uuid4; no patient got a name
    uuids = [s.session_uuid for s in sessions]
    assert len(set(uuids)) == len(uuids) == 3
    assert all(uuid.UUID(u).version == 4 and str(uuid.UUID(u)) == u for u in uuids)
    assert {r[0] for r in rows(v2_file, "patient", ["display_name"])} == {None}
    # the file as it was is kept beside it
    backup = v2_file.with_name("v2.sqlite3.v2.bak")
    assert {t: rows(backup, t, columns_of(backup, t)) for t in before} == before


def test_an_upgraded_file_is_the_same_as_a_new_one(v2_file: Path, tmp_path: Path) -> None:
    Database.open(v2_file).close()
    new = tmp_path / "new.sqlite3"
    Database.open(new).close()

    def shape(path: Path) -> dict:
        con = sqlite3.connect(path)
        try:
            objects = sorted(con.execute("SELECT type, name FROM sqlite_master "
                                         "WHERE name NOT LIKE 'sqlite_%'"))
            return {"objects": objects,
                    **{t: columns_of(path, t) for t in storage.TABLES}}
        finally:
            con.close()

    assert shape(v2_file) == shape(new)
    assert ("trigger", "session_uuid_required") in shape(new)["objects"]


def test_a_session_cannot_lose_or_change_its_uuid(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    populate(path)
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="needs a session_uuid"):
        con.execute("INSERT INTO session (patient_id, started_utc, source, app_version) "
                    "VALUES ('P001', '2025-01-01T00:00:00+00:00', 'x', '0')")
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        con.execute("UPDATE session SET session_uuid = ? WHERE session_id = 1",
                    (str(uuid.uuid4()),))
    taken = con.execute("SELECT session_uuid FROM session WHERE session_id = 1").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        con.execute("INSERT INTO session (patient_id, started_utc, source, app_version, "
                    "session_uuid) VALUES ('P001', '2025-01-01T00:00:00+00:00', 'x', '0', ?)",
                    (taken,))
    con.close()


def test_new_sessions_get_a_uuid4(tmp_path: Path) -> None:
    with Database.open(tmp_path / "log.sqlite3") as db:
        db.ensure_patient("P1")
        for _ in range(3):
            db.start_session("P1", source="puppet", app_version="t", seed=None, settings={})
        uuids = [s.session_uuid for s in db.sessions("P1")]
    assert len(set(uuids)) == 3 and all(uuid.UUID(u).version == 4 for u in uuids)
