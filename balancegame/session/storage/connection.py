"""The open SQLite connection under a :class:`~balancegame.session.storage.database.Database`:
which thread may use it, committed transactions, queries, the wall clock.

A connection belongs to one thread at a time: the one that opened it, until another
takes it over with :meth:`Connected.move_to_this_thread` (the session writer thread
does, :mod:`balancegame.session.writer`).  Any other thread's use raises
``RuntimeError``: two threads in one connection would interleave transactions.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from balancegame.errors import StorageError


class Connected:
    """The plumbing the writing and reading parts of ``Database`` share."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool,
                 utc_now: Callable[[], datetime]) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.read_only = read_only
        self._utc_now = utc_now
        self._owner = threading.get_ident()

    def move_to_this_thread(self) -> None:
        """Make the calling thread the only one that may use the file from now on.

        Call it only once the previous owner has stopped using the database.
        """
        self._owner = threading.get_ident()

    def now_iso(self) -> str:
        """The wall-clock time for ``*_utc`` columns; any thread may call it."""
        return self._utc_now().astimezone(UTC).isoformat(timespec="milliseconds")

    def flush(self) -> None:
        """Write what is buffered (the writing part buffers samples); readers call it first."""

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError(f"The database {self.path} is already closed.", self.path)
        if threading.get_ident() != self._owner:
            raise RuntimeError(f"the database {self.path} belongs to another thread (the "
                               "session writer, once it has started); use it from there")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; disk errors become StorageError."""
        conn = self._connection()
        if self.read_only:
            raise StorageError(f"{self.path} was opened read-only.", self.path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:  # a failed COMMIT too: leave no transaction open
                if conn.in_transaction:  # SQLite may already have rolled back
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise StorageError(f"Could not save to {self.path}: {exc}. Results saved before "
                               "this are kept; check free disk space and permissions.",
                               self.path) from exc

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self._connection().execute(sql, params).fetchall()
