"""Moving one patient's sessions between databases: every row of every table that
belongs to a session, read from one file and merged into another.

:func:`session_rows` reads them (``export --format bundle``); :func:`merge` adds them to
another file in one transaction (``balancegame import``): a session whose
``session_uuid`` is already there is skipped, the others get new row ids in this file
(their level runs, trials, events and samples follow them), other patients' rows are
never touched, and any failure leaves the file as it was.  Rows are streamed both ways:
memory grows with the number of sessions and trials, not of samples.  Checking the bundle file
itself is :mod:`balancegame.session.bundle`'s work, done before the database is opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from balancegame.errors import BundleError
from balancegame.session.storage import schema
from balancegame.session.storage.connection import Connected

# What belongs to a session, parents first; each table's own id column (None: no id).
SESSION_TABLES: dict[str, str | None] = {
    "session": "session_id", "level_run": "level_run_id", "trial": "trial_id",
    "event": "event_id", "com_sample": None}
_WHERE = {  # the rows of the sessions in the temporary table `moving`
    "session": "session_id IN (SELECT session_id FROM moving)",
    "level_run": "session_id IN (SELECT session_id FROM moving)",
    "trial": "level_run_id IN (SELECT level_run_id FROM level_run WHERE session_id IN "
             "(SELECT session_id FROM moving))",
    "event": "session_id IN (SELECT session_id FROM moving)",
    "com_sample": "level_run_id IN (SELECT level_run_id FROM level_run WHERE session_id IN "
                  "(SELECT session_id FROM moving))"}


@cache
def table_columns() -> dict[str, tuple[str, ...]]:
    """Every table's columns at ``SCHEMA_VERSION``, from the schema itself (no file)."""
    conn = sqlite3.connect(":memory:")
    try:
        schema._execute(conn, schema.SCHEMA_SQL)
        return {t: tuple(r[1] for r in conn.execute(f"PRAGMA table_info({t})"))
                for t in schema.TABLES}
    finally:
        conn.close()


@dataclass(frozen=True)
class Table:
    """Rows of one table, each a list in the order of ``columns``; ``rows`` may be a
    stream that can be read once (a bundle's samples are not all held in memory)."""

    columns: tuple[str, ...]
    rows: Iterable[list[Any]]

    def dicts(self) -> Iterator[dict[str, Any]]:
        return (dict(zip(self.columns, r, strict=True)) for r in self.rows)


@contextmanager
def session_rows(db: Connected, patient_id: str, statuses: tuple[str, ...]
                 ) -> Iterator[dict[str, Table]]:
    """Every row of the patient's sessions whose status is in ``statuses``, table by
    table (``SESSION_TABLES``, parents first), in the file's own order: each table a
    stream of rows from the file, to be read inside the ``with`` block."""
    conn = db._connection()
    marks = ", ".join("?" * len(statuses))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS moving (session_id INTEGER PRIMARY KEY)")
    try:
        conn.execute("DELETE FROM moving")
        conn.execute(f"INSERT INTO moving SELECT session_id FROM session WHERE patient_id = ? "
                     f"AND status IN ({marks})", (patient_id, *statuses))

        def rows(table: str) -> Iterator[list[Any]]:
            columns = ", ".join(table_columns()[table])
            for row in conn.execute(f"SELECT {columns} FROM {table} WHERE {_WHERE[table]} "
                                    "ORDER BY rowid"):
                yield list(row)

        yield {t: Table(table_columns()[t], rows(t)) for t in SESSION_TABLES}
    finally:
        conn.execute("DROP TABLE moving")


@dataclass
class Merged:
    """What :func:`merge` did: sessions added and skipped (already here), by uuid."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    patient_added: bool = False
    notes: list[str] = field(default_factory=list)


def merge(db: Connected, patient: dict[str, Any], tables: dict[str, Table]) -> Merged:
    """Add the sessions of ``tables`` not already in the file, in one transaction."""
    done = Merged()
    code = patient["patient_id"]
    try:
        with db._transaction() as conn:
            _merge_patient(conn, patient, done)
            ids: dict[str, dict[Any, int]] = {t: {} for t in SESSION_TABLES}
            for row in tables["session"].dicts():
                here = conn.execute("SELECT patient_id FROM session WHERE session_uuid = ?",
                                    (row["session_uuid"],)).fetchone()
                if here is not None and here[0] != code:
                    raise BundleError(
                        f"Session {row['session_uuid']} of the bundle is already in {db.path} "
                        f"as another patient's: the bundle does not match this database.",
                        db.path, "Nothing was imported. Check which patient the bundle is for.")
                if here is not None:
                    done.skipped.append(row["session_uuid"])
                    continue
                ids["session"][row["session_id"]] = _insert(conn, "session", row, {})
                done.added.append(row["session_uuid"])
            parents = {"level_run": {"session_id": "session"},
                       "trial": {"level_run_id": "level_run"},
                       "event": {"session_id": "session", "level_run_id": "level_run"},
                       "com_sample": {"level_run_id": "level_run"}}
            for table, links in parents.items():
                own = SESSION_TABLES[table]
                owner = next(iter(links))  # the link that says whose row it is
                for row in tables[table].dicts():
                    if row[owner] not in ids[links[owner]]:
                        continue  # a row of a session already here
                    new_id = _insert(conn, table, row, {c: ids[t] for c, t in links.items()})
                    if own is not None:
                        ids[table][row[own]] = new_id
    except sqlite3.IntegrityError as exc:
        raise BundleError(f"The bundle's rows do not fit together ({exc}): it is damaged.",
                          db.path, "Nothing was imported. Make the bundle again.") from exc
    if hasattr(db, "_last_run_id"):  # new level runs are reserved above the imported ones
        db._last_run_id = max(db._last_run_id, *ids["level_run"].values(), 0)
    return done


def _merge_patient(conn: sqlite3.Connection, patient: dict[str, Any], done: Merged) -> None:
    code, height = patient["patient_id"], patient.get("height_cm")
    here = conn.execute("SELECT height_cm FROM patient WHERE patient_id = ?",
                        (code,)).fetchone()
    if here is None:
        conn.execute("INSERT INTO patient (patient_id, created_utc, height_cm) VALUES (?, ?, ?)",
                     (code, patient["created_utc"], height))
        done.patient_added = True
    elif height is not None and here[0] != height:  # what is stored here is kept
        kept = "none" if here[0] is None else f"{here[0]:g} cm"
        done.notes.append(f"{code}'s height here ({kept}) was kept; the bundle says "
                          f"{height:g} cm (balancegame patients edit {code} --height-cm H "
                          "changes it).")


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any],
            remap: dict[str, dict[Any, int]]) -> int:
    """Insert ``row`` with a new id of this file; ``remap`` turns its links into this
    file's ids (a link to nothing stays NULL)."""
    own = SESSION_TABLES[table]
    values = {c: v for c, v in row.items() if c != own}
    for column, new_ids in remap.items():
        if values.get(column) is not None:
            if values[column] not in new_ids:
                raise sqlite3.IntegrityError(f"{table}.{column} {values[column]} points at "
                                             "no row of the bundle")
            values[column] = new_ids[values[column]]
    cur = conn.execute(f"INSERT INTO {table} ({', '.join(values)}) "
                       f"VALUES ({', '.join('?' * len(values))})", tuple(values.values()))
    return int(cur.lastrowid)
