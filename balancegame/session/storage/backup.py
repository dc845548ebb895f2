"""Copies of the session log: a daily one when a session starts, one on request, and
putting a copy back.

* :func:`daily_backup`: when a session starts, at most once a (local) day, the file is
  copied into the ``backups`` folder beside it as ``<name>-YYYY-MM-DD<suffix>``; the
  newest ``BACKUPS_KEPT`` (7) are kept, older ones deleted;
* :func:`backup_to` (``balancegame backup --out FILE``): a copy wherever the user says;
* :func:`restore` (``balancegame restore FILE``): checks the copy first (a balancegame
  log, ``PRAGMA quick_check`` ok, not from a newer version), keeps a copy of the current
  file in ``backups`` (``<name>-before-restore-<time><suffix>``), then puts it in place.

Every copy is made with SQLite's online backup API (consistent even while the file is
open), written to a temporary file beside the target and renamed, and is private (0600).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from balancegame.errors import StorageError
from balancegame.session.storage import opening, schema
from balancegame.session.storage.connection import Connected
from balancegame.session.storage.files import FILE_MODE, check_output_path, private_folder

BACKUPS_KEPT = 7
_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def daily_backup(db: Connected, *, keep: int = BACKUPS_KEPT) -> Path | None:
    """Today's copy of ``db`` in its backups folder, unless there is one; returns the new
    copy's path (None if today's existed).  Deletes all but the newest ``keep``."""
    path = db.path
    folder = opening.backup_folder(path)
    today = db._utc_now().astimezone().date().isoformat()  # the user's own calendar day
    target = folder / f"{path.stem}-{today}{path.suffix}"
    if target.exists():
        return None
    try:
        private_folder(folder)
        _copy(db._connection(), target)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Could not make today's backup of {path} in {folder} "
                           f"({getattr(exc, 'strerror', None) or exc}).", path,
                           "Check free disk space and the folder's permissions.") from exc
    dailies = sorted(folder.glob(f"{path.stem}-{_DATE_GLOB}{path.suffix}"))
    for old in dailies[:-keep]:
        old.unlink(missing_ok=True)
    return target


def backup_to(db_path: Path, out_path: Path, *, force: bool = False) -> Path:
    """Copy the log at ``db_path`` to ``out_path`` (read-only use of the log); a damaged
    or foreign file is refused, like a copy to restore."""
    out = check_output_path(db_path, out_path, force=force)
    source = _checked_copy(db_path.expanduser(), action="copied")
    try:
        private_folder(out.parent)
        _copy(source, out)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"Cannot write the copy to {out} "
                           f"({getattr(exc, 'strerror', None) or exc}).", out,
                           "Choose another folder or file name.") from exc
    finally:
        source.close()
    return out


def restore(copy_path: Path, db_path: Path, *, now: datetime | None = None) -> Path | None:
    """Put the copy at ``copy_path`` in place of the log at ``db_path``.

    Returns where the current log was kept first (None if there was none).  Refuses a
    copy that is not a balancegame log, is damaged or is from a newer version, and the
    log itself.  Run it while no session is being played.
    """
    copy_path, db_path = copy_path.expanduser(), db_path.expanduser()
    if not copy_path.is_file():
        raise StorageError(f"There is no file {copy_path} to restore.", copy_path,
                           f"Daily backups are in {opening.backup_folder(db_path)}.")
    if copy_path.resolve() == db_path.resolve():
        raise StorageError(f"{copy_path} is the database itself: there is nothing to restore.",
                           copy_path, "Give the backup file to put back in its place.")
    source = _checked_copy(copy_path, action="restored")
    try:
        kept = _keep_current(db_path, now or datetime.now().astimezone())
        for tail in ("-wal", "-shm"):  # they belong to the file being replaced
            db_path.with_name(db_path.name + tail).unlink(missing_ok=True)
        private_folder(db_path.parent)
        _copy(source, db_path)
    except OSError as exc:
        raise StorageError(f"Could not restore {db_path} ({exc.strerror or exc}).", db_path,
                           "Check free disk space and permissions.") from exc
    finally:
        source.close()
    return kept


def _checked_copy(path: Path, *, action: str) -> sqlite3.Connection:
    """A read-only connection to ``path`` once it has passed every check."""
    conn = opening.connect(path, read_only=True)
    with opening.closed_on_failure(conn, path):
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                              "'table' AND name NOT LIKE 'sqlite_%'")}
        if not tables or not opening.is_ours(app_id, version, tables):
            raise StorageError(f"{path} is not a balancegame database, so it is not "
                               f"{action}; nothing was changed.", path,
                               "Give a backup made by balancegame (balancegame backup, or "
                               "a daily copy from the backups folder)." if action == "restored"
                               else "Give the balancegame database with --db.")
        if version > schema.SCHEMA_VERSION:
            raise StorageError(f"{path} was written by a newer version of balancegame (schema "
                               f"version {version}), so it is not {action}; nothing was "
                               "changed.", path, "Update balancegame first.")
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise StorageError(f"{path} is damaged ({'; '.join(problems)}), so it is not "
                               f"{action}; nothing was changed.", path,
                               "Choose an older backup.")
    return conn


def _keep_current(db_path: Path, now: datetime) -> Path | None:
    """Copy the current log, as its bytes (it may be damaged), into the backups folder."""
    if not db_path.exists():
        return None
    folder = opening.backup_folder(db_path)
    private_folder(folder)
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    kept = folder / f"{db_path.stem}-before-restore-{stamp}{db_path.suffix}"
    for tail in ("", "-wal"):
        current = db_path.with_name(db_path.name + tail)
        if current.exists():
            target = kept.with_name(kept.name + tail)
            shutil.copyfile(current, target)
            os.chmod(target, FILE_MODE)
    return kept


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target``: a private temporary file beside it,
    filled with the backup API, then renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)  # mkstemp made it 0600; SQLite fills the empty file
    try:
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
