"""The session log: one SQLite file per user, written row by row as the game runs.

A clinic session must never lose completed data.  Every trial, event and level
start or end is committed at once; CoM samples are buffered and written at
least every ``sample_flush_interval_s`` (2 s) of capture time, and with any
other row, in its transaction.  A crash therefore loses at most the last two
seconds of samples, and what was still waiting in the session writer's queue
(:mod:`balancegame.session.writer`).  When the file is opened again, level runs and sessions
left ``in_progress`` are marked ``interrupted``; no row is ever deleted.

Conventions (see ``docs/export_format.md``):

* units are in column names; ``*_t_s`` are seconds on the program's monotonic
  clock (:mod:`balancegame.clock`), comparable only within one session;
  ``*_utc`` are ISO-8601 wall-clock times for humans;
* NaN and infinities are stored as NULL; ``*_json`` columns hold JSON objects;
* the schema is versioned (``SCHEMA_VERSION`` in ``PRAGMA user_version`` and
  the ``meta`` table); older files are upgraded by the chained functions in
  ``MIGRATIONS`` after a backup copy is made; newer files are refused.

API style: writers take plain keyword arguments, or one message of
:mod:`~balancegame.session.storage.rows` (:meth:`Database.write`); readers return
the frozen ``*Record`` dataclasses of :mod:`~balancegame.session.storage.records`,
whose field names are the column names.

Threads: a :class:`Database` belongs to one thread at a time, the one that opened
it until another calls ``move_to_this_thread()`` (the session writer thread,
:mod:`balancegame.session.writer`, does: the game loop never waits for the disk);
another thread's use raises ``RuntimeError``.  Run one writing process per file:
opening a file for writing marks every unfinished session in it as interrupted, and
new level-run ids are reserved in memory above the highest one in the file
(``reserve_level_run_id``), so the game learns a run's id before it is written.

Every session has a ``session_uuid`` (uuid4, schema version 3), the same in every
database it is copied to; every patient a height and, on this computer only, an optional
display name.

Schema version 4 adds the therapist's side: the therapist PIN (a salted scrypt hash, the
wrong-PIN count and lock-out), each patient's prescription and every change to it
(:mod:`~balancegame.session.storage.therapist`).

Schema version 5 adds each patient's calibrations (``calibration``: neutral stance and limits
of stability, with the date, protocol version, camera set-up, mode and side;
:mod:`~balancegame.session.storage.calibrations`) and a prescription's limit on their age.

Besides the sessions, the file keeps the display-delay checks of each machine and camera
(``latency_check``, schema version 2; ``balancegame latency``), which belong to no
patient: ``Database.display_delay_ms(camera_name)`` reads the latest for this machine.

Modules, in the order a file is used:

* :mod:`~balancegame.session.storage.schema`: the SQL schema, ``SCHEMA_VERSION``, the
  allowed values of the choice columns, and ``MIGRATIONS`` with their runner;
* :mod:`~balancegame.session.storage.opening`: connecting, refusing files that are not
  ours, creating or upgrading the schema, crash recovery; :func:`default_db_path`;
* :mod:`~balancegame.session.storage.connection`: the owning thread, transactions;
* :mod:`~balancegame.session.storage.rows`: the checked rows (messages) writers take;
* :mod:`~balancegame.session.storage.writing` and
  :mod:`~balancegame.session.storage.reading`: the two halves of :class:`Database`
  (:mod:`~balancegame.session.storage.database`), with its patient register
  (:mod:`~balancegame.session.storage.patients`) and the therapist's records
  (:mod:`~balancegame.session.storage.therapist`);
* :mod:`~balancegame.session.storage.transfer`: a patient's session rows read out for a
  bundle, and a bundle's merged in one transaction (``balancegame import``);
* :mod:`~balancegame.session.storage.backup`: daily copies, ``backup`` and ``restore``;
  :mod:`~balancegame.session.storage.files`: private (0600/0700) files and folders;
* :mod:`~balancegame.session.storage.records`: the ``*Record`` dataclasses the readers
  return and the JSON helpers (:func:`jsonable`).  :class:`StorageError` is
  :class:`balancegame.errors.StorageError`.

Everything public is re-exported here: import from ``balancegame.session.storage``.
The re-exported ``SCHEMA_VERSION`` and ``MIGRATIONS`` are for reading: to swap
them (in a test), patch :mod:`balancegame.session.storage.schema`, which the code reads.
"""

from balancegame.errors import StorageError
from balancegame.session.storage.backup import BACKUPS_KEPT, backup_to, daily_backup, restore
from balancegame.session.storage.database import Database
from balancegame.session.storage.opening import default_db_path
from balancegame.session.storage.records import (
    EventRecord,
    LatencyCheckRecord,
    LevelRunRecord,
    LevelSummaryRecord,
    PatientOverview,
    PatientRecord,
    PinRecord,
    PrescriptionChangeRecord,
    PrescriptionRecord,
    Recovery,
    SessionRecord,
    TrialRecord,
    jsonable,
)
from balancegame.session.storage.schema import (
    APPLICATION_ID,
    DIRECTIONS,
    END_STATUSES,
    EVENT_KINDS,
    MIGRATIONS,
    SAMPLE_COLUMNS,
    SAMPLE_DTYPE,
    SCHEMA_SQL,
    SCHEMA_VERSION,
    STATUSES,
    TABLES,
    TRIAL_OUTCOMES,
    Migration,
)
from balancegame.session.storage.writing import MAX_BUFFERED_SAMPLES, SAMPLE_FLUSH_INTERVAL_S

__all__ = [
    "APPLICATION_ID",
    "BACKUPS_KEPT",
    "DIRECTIONS",
    "END_STATUSES",
    "EVENT_KINDS",
    "MAX_BUFFERED_SAMPLES",
    "MIGRATIONS",
    "SAMPLE_COLUMNS",
    "SAMPLE_DTYPE",
    "SAMPLE_FLUSH_INTERVAL_S",
    "SCHEMA_SQL",
    "SCHEMA_VERSION",
    "STATUSES",
    "TABLES",
    "TRIAL_OUTCOMES",
    "Database",
    "EventRecord",
    "LatencyCheckRecord",
    "LevelRunRecord",
    "LevelSummaryRecord",
    "Migration",
    "PatientOverview",
    "PatientRecord",
    "PinRecord",
    "PrescriptionChangeRecord",
    "PrescriptionRecord",
    "Recovery",
    "SessionRecord",
    "StorageError",
    "TrialRecord",
    "backup_to",
    "daily_backup",
    "default_db_path",
    "jsonable",
    "restore",
]
