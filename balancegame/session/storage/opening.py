"""Opening a session log: finding and connecting the file, creating or upgrading its
schema, and closing what a previous crash left unfinished.

:meth:`~balancegame.session.storage.database.Database.open` runs these in order;
every refusal is a :class:`StorageError` that names the file and says what to do.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from balancegame.errors import StorageError
from balancegame.session.storage import schema  # schema.SCHEMA_VERSION read late: tests swap it
from balancegame.session.storage.connection import Connected
from balancegame.session.storage.files import private_file, private_folder
from balancegame.session.storage.records import Recovery
from balancegame.session.storage.schema import APPLICATION_ID, TABLES, V0_TABLES


def default_db_path() -> Path:
    """Where the session log lives unless the user chooses another file."""
    return platformdirs.user_data_path("balancegame") / "balancegame.sqlite3"


def connect(path: Path, *, read_only: bool,
            factory: type[sqlite3.Connection] = sqlite3.Connection) -> sqlite3.Connection:
    """An SQLite connection to ``path`` (created for writing), in autocommit mode: the
    database opens every transaction itself.  ``factory`` is sqlite3's connection
    class hook (a benchmark passes one that slows every commit)."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file. "
                           "Choose a file name inside it instead.", path)
    if read_only and not path.exists():
        raise StorageError(f"There is no balancegame database at {path}. "
                           "Check the file name, or play a session first to create it.", path)
    if not read_only:
        try:
            private_folder(path.parent)
        except OSError as exc:
            raise StorageError(f"Cannot create the folder {path.parent} for the database "
                               f"({exc.strerror}). Check its permissions or choose another "
                               "database file.", path) from exc
    try:
        if not read_only:
            private_file(path)  # SQLite gives its -wal and -shm files the same mode
    except OSError as exc:
        raise StorageError(f"Cannot create the database {path} ({exc.strerror}). Check the "
                           "folder's permissions or choose another database file.", path) from exc
    try:
        conn = _sqlite_connect(path, "ro" if read_only else "rwc", factory)
        if read_only:
            try:
                conn.execute("PRAGMA schema_version").fetchone()  # opens the file now
            except sqlite3.OperationalError as exc:
                if "unable to open" not in str(exc) or _folder_writable(path):
                    raise
                conn.close()
                conn = _read_only_media(path, factory)
        return conn
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc


def _sqlite_connect(path: Path, mode: str, factory: type[sqlite3.Connection],
                    extra: str = "") -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={mode}{extra}"
    # check_same_thread off: Connected enforces one owning thread itself, and lets
    # the session writer thread take the connection over.
    return sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None,
                           check_same_thread=False, factory=factory)


def _folder_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK) and not _read_only_mount(path.parent)


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs (Windows): trust os.access
        return False


def _read_only_media(path: Path, factory: type[sqlite3.Connection]) -> sqlite3.Connection:
    """A log on read-only media (a CD, a write-protected stick, a folder you may only read):
    a WAL-mode file cannot be opened read-only there, since SQLite would have to create
    its -shm file beside it.  Nothing can write the file, so it is opened as immutable;
    a -wal file left by a crash would then be ignored, so that is refused instead."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StorageError(
            f"{path} is on read-only media together with unsaved changes in {wal.name}, "
            "which cannot be read from there.", path,
            f"Copy both files ({path.name} and {wal.name}) to a folder you may write in "
            "and use that copy.")
    return _sqlite_connect(path, "ro", factory, "&immutable=1")


def prepare_schema(db: Connected) -> None:
    """Check that the file is ours and not newer; create or upgrade its schema."""
    conn, path = db._connection(), db.path
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    # Recognised before anything is changed (no WAL switch, no write): every file this
    # program creates carries APPLICATION_ID; only a version-0 log (from before it did)
    # may lack it, and then it must hold the session log's own tables.
    if tables and not is_ours(app_id, version, tables):
        raise StorageError(
            f"{path} belongs to another program: it is an SQLite database, but not a "
            "balancegame session log. It has not been changed.", path,
            "Choose another database file with --db, or leave --db out to use the "
            f"usual one ({default_db_path()}).")
    if version > schema.SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer version of balancegame (database schema "
            f"version {version}; this version reads up to {schema.SCHEMA_VERSION}). Update "
            "balancegame to open it; the file has not been changed.", path)
    if tables:
        check_integrity(db)
    if not db.read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed trial survives a power cut too.  Commits are a few per
        # second, and the session writer thread makes them, not the game loop.
        conn.execute("PRAGMA synchronous = FULL")
    if not tables:
        if db.read_only:
            raise StorageError(f"{path} is empty: it holds no sessions yet.", path)
        with db._transaction():
            schema.create_schema(conn, db.now_iso)
    elif version < schema.SCHEMA_VERSION:
        if db.read_only:
            raise StorageError(
                f"{path} uses an older database format (version {version}). Start the game "
                "once with this file to upgrade it, then try again.", path)
        _migrate(db, version)
    missing = set(TABLES) - {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if missing:
        raise StorageError(f"{path} is damaged or incomplete: tables "
                           f"{', '.join(sorted(missing))} are missing. Restore it from a "
                           "backup or choose another database file.", path)


def is_ours(app_id: int, version: int, tables: set[str]) -> bool:
    """Whether a non-empty SQLite file is a balancegame session log (of any version)."""
    if app_id == APPLICATION_ID:
        return True
    return app_id == 0 and version == 0 and set(V0_TABLES) <= tables


def check_integrity(db: Connected) -> None:
    """``PRAGMA quick_check``: refuse a damaged file before playing into it, unchanged."""
    try:
        problems = [r[0] for r in db._query("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        raise damaged_error(db.path, "; ".join(problems))


def damaged_error(path: Path, detail: str) -> StorageError:
    """The refusal of a damaged log: nothing was changed; how to go on."""
    fresh = path.with_name(f"{path.stem}-new{path.suffix or '.sqlite3'}")
    return StorageError(
        f"{path} is damaged (SQLite found: {detail}). It has not been changed, so what "
        "it holds can still be rescued.", path,
        f"To play now, start a new database beside it: --db {fresh}. To go back to a "
        "saved copy: balancegame restore BACKUP_FILE (daily copies are kept in "
        f"{backup_folder(path)}).")


def backup_folder(db_path: Path) -> Path:
    """Where the daily copies of ``db_path`` are kept: a ``backups`` folder beside it."""
    return db_path.parent / "backups"


def _migrate(db: Connected, version: int) -> None:
    missing = schema.missing_migrations(version)
    if missing:
        raise StorageError(
            f"{db.path} uses database format version {version}, which this version of "
            f"balancegame cannot upgrade (no upgrade from version {missing[0]}). Open it "
            "with the balancegame version that wrote it and export the data.", db.path)
    backup_path = db.path.with_name(f"{db.path.name}.v{version}.bak")
    private_file(backup_path)
    backup = sqlite3.connect(backup_path)
    try:
        db._connection().backup(backup)
    finally:
        backup.close()
    with db._transaction() as conn:
        schema.run_migrations(conn, version, db.now_iso)


def recover(db: Connected) -> Recovery:
    """Mark what a previous crash left unfinished as ``interrupted``."""
    runs = tuple(r[0] for r in db._query(
        "SELECT level_run_id FROM level_run WHERE status = 'in_progress'"))
    sessions = tuple(r[0] for r in db._query(
        "SELECT session_id FROM session WHERE ended_utc IS NULL AND status = 'in_progress'"))
    if runs or sessions:
        with db._transaction() as conn:
            # ended_t_s: the last moment anything was recorded in the run.
            conn.execute(
                "UPDATE level_run SET status = 'interrupted', end_reason = "
                "'the program stopped before the level ended', ended_t_s = (SELECT MAX(t) "
                "FROM (SELECT MAX(t_capture_s) AS t FROM com_sample s WHERE "
                "s.level_run_id = level_run.level_run_id UNION ALL SELECT MAX(resolved_t_s) "
                "FROM trial r WHERE r.level_run_id = level_run.level_run_id UNION ALL "
                "SELECT MAX(t_s) FROM event e WHERE e.level_run_id = level_run.level_run_id))"
                " WHERE status = 'in_progress'")
            conn.execute(
                "UPDATE session SET status = 'interrupted', end_reason = "
                "'the program stopped before the session ended' "
                "WHERE ended_utc IS NULL AND status = 'in_progress'")
    return Recovery(session_ids=sessions, level_run_ids=runs)


def last_level_run_id(db: Connected) -> int:
    """The highest ``level_run_id`` in the file (0 if none): new ones are reserved above it."""
    return int(db._query("SELECT COALESCE(MAX(level_run_id), 0) FROM level_run")[0][0])


@contextmanager
def closed_on_failure(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Checks on a freshly opened connection: any failure closes it; SQLite's errors
    come out as a StorageError in plain words."""
    try:
        yield
    except sqlite3.Error as exc:
        conn.close()
        raise open_error(path, exc) from exc
    except BaseException:
        conn.close()
        raise


def open_error(path: Path, exc: sqlite3.Error) -> StorageError:
    text = str(exc)
    if "malformed" in text:
        return damaged_error(path, text)
    if "not a database" in text:
        return StorageError(f"{path} is not a balancegame database (it is not an SQLite file, "
                            "or it is damaged). Choose another database file, or restore this "
                            "one from a backup.", path)
    if "readonly" in text or "unable to open" in text or "permission" in text.lower():
        return StorageError(f"Cannot open {path} for writing ({text}). Check that the folder "
                            "and file may be written by you, or choose another database file.",
                            path)
    return StorageError(f"Cannot open the database {path}: {text}.", path)
