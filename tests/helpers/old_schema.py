"""A database file as an older balancegame wrote it, for testing the schema upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from balancegame.session import storage


def old_version_file(path: Path, source: Path, sql: str, version: int,
                     tables: tuple[str, ...]) -> None:
    """A version-``version`` file made by its frozen ``sql``, holding the rows of ``tables``
    of ``source`` (a current file), column for column."""
    con = sqlite3.connect(path)
    storage.schema._execute(con, sql)
    con.execute(f"PRAGMA user_version = {version}")
    con.execute(f"PRAGMA application_id = {storage.APPLICATION_ID}")
    con.execute("ATTACH DATABASE ? AS src", (str(source),))
    con.execute("INSERT INTO meta SELECT * FROM src.meta")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    for table in tables:
        columns = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})"))
        con.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM src.{table}")
    con.commit()
    con.execute("DETACH DATABASE src")
    con.close()
