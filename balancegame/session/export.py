"""Export the session log for therapists, researchers and other tools.

* :func:`export_json` writes one JSON document with every session, level run,
  trial and event, and the display-delay checks (``docs/export_format.md``
  documents each field and unit);
* :func:`export_samples_csv` writes one level run's CoM trajectory.

Keys are the database column names, so units are in them.  NaN and missing
values are ``null`` (JSON) or empty cells (CSV).  Both read the database
read-only and write their output atomically: an interrupted export leaves no
half-written file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from balancegame import __version__
from balancegame.session.privacy import file_name, shareable, without_paths
from balancegame.session.storage import SAMPLE_COLUMNS, Database, StorageError, jsonable
from balancegame.session.storage.files import check_output_path

EXPORT_FORMAT = "balancegame-export"
EXPORT_SCHEMA_VERSION = 1
PATH_COLUMNS = ("source", "level_file")  # may hold a full path in older files
PATH_JSON = ("settings_json",)


def _record(record: Any) -> dict[str, Any]:
    """A record as a dict in column order; ``x_json`` columns become parsed ``x``."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name.endswith("_json"):
            value = None if value is None else json.loads(value)
            # file names only, also from files written before the log stored only names
            out[f.name.removesuffix("_json")] = (without_paths(value) if f.name in PATH_JSON
                                                 else value)
        else:
            out[f.name] = file_name(value) if f.name in PATH_COLUMNS else value
    return out


def build_export(db: Database, patient_id: str | None = None) -> dict[str, Any]:
    """The export document for all patients, or one, as plain JSON types."""
    patients = db.patients()
    if patient_id is not None and patient_id not in {p.patient_id for p in patients}:
        # Other patients' codes are not listed: whoever mistyped one need not see them.
        raise StorageError(f"There is no patient {patient_id!r} in {db.path}.", db.path,
                           "Check the code, or leave --patient out to export every patient.")
    sessions = []
    for session in db.sessions(patient_id):
        runs = []
        for run in db.level_runs(session.session_id):
            runs.append({**_record(run),
                         "n_samples": db.sample_count(run.level_run_id),
                         "trials": [_record(t) for t in db.trials(run.level_run_id)]})
        sessions.append({**_record(session),
                         "events": [_record(e) for e in db.events(session.session_id)],
                         "level_runs": runs})
    return jsonable({
        "format": EXPORT_FORMAT,
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_utc": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "exported_by": f"balancegame {__version__}",
        "source_database": db.path.name,  # the name only: full paths reveal user names
        "patients": [shareable("patient", _record(p)) for p in patients  # no display name
                     if patient_id is None or p.patient_id == patient_id],
        "sessions": sessions,
        # the machines' display-to-camera delays; they belong to no patient
        "latency_checks": [_record(c) for c in db.latency_checks()],
    })


def export_json(db_path: Path | str, out_path: Path | str,
                patient_id: str | None = None, *, force: bool = False) -> Path:
    """Write the export document for all patients (or one) to ``out_path``.

    Never writes over the database itself (or its -wal/-shm files), nor over any other
    existing file unless ``force``.
    """
    out = check_output_path(Path(db_path), Path(out_path), force=force)
    with Database.open(db_path, read_only=True) as db:
        document = build_export(db, patient_id)
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return write_atomically(out, text)


def export_samples_csv(db_path: Path | str, level_run_id: int, out_path: Path | str, *,
                       force: bool = False) -> Path:
    """Write one level run's CoM samples, one row per camera frame, to a CSV file.

    Columns are those of the ``com_sample`` table (``SAMPLE_COLUMNS``), in
    capture-time order; a missing value (person not detected) is an empty cell.
    """
    out = check_output_path(Path(db_path), Path(out_path), force=force)
    with Database.open(db_path, read_only=True) as db:
        if db.level_run(level_run_id) is None:
            raise StorageError(f"There is no level run {level_run_id} in {db.path}.", db.path)
        samples = db.samples(level_run_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SAMPLE_COLUMNS)
    for row in samples.tolist():
        values = jsonable(list(row))  # NaN -> None; floats keep full precision (repr)
        writer.writerow([level_run_id, *("" if v is None else int(v) if isinstance(v, bool)
                                          else v for v in values)])
    return write_atomically(out, buffer.getvalue())


def write_atomically(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``path`` through :func:`atomic_file`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_file(path) as f:
        f.write(data)
    return path.expanduser()


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: a private temporary file beside it (mode
    0600), renamed into place when the block ends without error, removed otherwise, so a
    reader never sees half a file."""
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                yield f
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(f"Cannot write the export to {path} ({exc.strerror or exc}). "
                           "Choose another folder or file name.", path) from exc
