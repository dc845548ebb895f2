"""Files and folders that only their owner may read: the data folder (0700), the
database, its -wal and -shm files, backups and exports (0600).

Health data of patients: on a shared computer (a clinic PC, a family laptop) other
accounts must not read it.  SQLite creates a database's -wal and -shm files with the
database file's own permissions, so creating that file private is enough for all three.
On Windows the modes mean little; the user's data folder is private there already.
"""

from __future__ import annotations

import os
from pathlib import Path

from balancegame.errors import StorageError

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by its owner only.

    Folders that already exist are left as they are (the user chose them).
    """
    missing = []
    for f in (folder, *folder.parents):
        if f.exists():
            break
        missing.append(f)
    folder.mkdir(parents=True, exist_ok=True)
    for f in missing:
        os.chmod(f, FOLDER_MODE)  # mkdir's mode is filtered by the umask


def private_file(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 unless it exists; True if it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(path, FILE_MODE)  # the umask may have removed bits, never added: be sure
    return True


def check_output_path(db_path: Path, out_path: Path, *, force: bool) -> Path:
    """``out_path`` (user folder expanded) if an export or a copy may be written there:
    never the database itself (nor its -wal/-shm), another file only with ``force``."""
    out, db = out_path.expanduser(), db_path.expanduser()
    protected = {db.resolve(), *(db.resolve().with_name(db.resolve().name + tail)
                                 for tail in ("-wal", "-shm", "-journal"))}
    if out.resolve() in protected:
        raise StorageError(f"{out} is the database itself (or one of its files): writing "
                           "there would replace the session log.", out,
                           "Give another file name, e.g. --out sessions.json.")
    if out.is_dir():
        raise StorageError(f"{out} is a folder.", out,
                           f"Give a file name inside it, e.g. --out {out / 'sessions.json'}.")
    if out.exists() and not force:
        raise StorageError(f"{out} already exists; it has not been changed.", out,
                           "Choose another file name, or add --force to replace it.")
    return out
