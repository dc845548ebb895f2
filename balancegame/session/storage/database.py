""":class:`Database`, an open session log (the overview is in
:mod:`balancegame.session.storage`): opened by :mod:`~.opening`, written by
:class:`~.writing.Writing`, read by :class:`~.reading.Reading`, its patient register kept by
:class:`~.patients.Patients`, the therapist PIN and prescriptions by
:class:`~.therapist.TherapistRecords`, the patients' calibrations by
:class:`~.calibrations.Calibrations`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from balancegame.session.storage import opening
from balancegame.session.storage.calibrations import Calibrations
from balancegame.session.storage.patients import Patients
from balancegame.session.storage.reading import Reading
from balancegame.session.storage.records import Recovery
from balancegame.session.storage.therapist import TherapistRecords
from balancegame.session.storage.writing import SAMPLE_FLUSH_INTERVAL_S, Writing


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Database(Writing, Reading, Patients, TherapistRecords, Calibrations):
    """An open session log.  Use :meth:`open`; close it or use ``with``."""

    recovery = Recovery()

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False,
             utc_now: Callable[[], datetime] = _utc_now,
             sample_flush_interval_s: float = SAMPLE_FLUSH_INTERVAL_S,
             connection_factory: type[sqlite3.Connection] = sqlite3.Connection,
             recover: bool = True) -> Database:
        """Open (and for writing, create or upgrade) the log at ``path``.

        For writing, sessions a crash left unfinished are marked interrupted, unless
        ``recover`` is false: the patient register's commands write no session, so they
        leave every session alone (one may be being played from this file right now).

        Raises :class:`StorageError` with a plain-language message when the file
        is missing (read-only), not a balancegame database, from a newer
        version, or cannot be created or written.  ``connection_factory`` is
        sqlite3's ``factory`` (a benchmark injects one with slow commits).
        """
        path = Path(path).expanduser()
        conn = opening.connect(path, read_only=read_only, factory=connection_factory)
        db = cls(conn, path, read_only=read_only, utc_now=utc_now,
                 sample_flush_interval_s=sample_flush_interval_s)
        with opening.closed_on_failure(conn, path):
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            opening.prepare_schema(db)
            if not read_only and recover:
                db.recovery = opening.recover(db)
            if not read_only:
                db._last_run_id = opening.last_level_run_id(db)
        return db

    def close(self) -> None:
        """Write buffered samples and close the file.  Safe to call twice."""
        if self._conn is None:
            return
        try:
            self.flush()
        finally:
            self._connection().close()
            self._conn = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
