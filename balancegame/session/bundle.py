"""A bundle: one patient's sessions in one file, to bring from a home laptop to the clinic
without a network (``export --format bundle``, ``balancegame import FILE``).

The file is a zip archive (any archive program can open it) holding
``manifest.json`` (what it is: format name and version, the program and database schema
versions that wrote it, the patient code, and for every other member its SHA-256, and
for every table its columns and row count), ``patient.json`` (the patient's row, without
the display name), one JSON-Lines member per table of a session (``session.jsonl``,
``level_run.jsonl``, ``trial.jsonl``, ``event.jsonl``, ``com_sample.jsonl``: one row a
line, a list in the order of the manifest's columns) and a ``README.txt``.  File paths
are cut to file names, as in every export.  Sessions still in progress when the bundle is
made are left out (they are not finished; a later bundle carries them).

Rows are streamed: writing goes from the database cursor into the zip, reading checks
every member line by line (SHA-256, JSON, row lengths, counts) before a database is
opened, and the merge reads them again, re-checking the hashes before it commits, so a
year of samples needs no more memory than a day's.  A file that is not a bundle, a
damaged or cut-short one, or one from a newer version is refused with a
:class:`BundleError`, and nothing is changed.  docs/export_format.md describes the format.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from balancegame import __version__
from balancegame.session.bundle_format import (
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_VERSION,
    MANIFEST,
    PATIENT,
    Bundle,
    damaged,
    member_name,
    read_bundle,
)
from balancegame.session.export import atomic_file
from balancegame.session.privacy import file_name, shareable, without_paths
from balancegame.session.storage import Database, schema
from balancegame.session.storage.files import check_output_path
from balancegame.session.storage.transfer import (
    Merged,
    merge,
    session_rows,
)

FINISHED = ("completed", "interrupted", "aborted")  # in_progress sessions stay behind
__all__ = ["Bundle", "BundleWritten", "Imported", "export_bundle", "import_bundle",
           "read_bundle"]


@dataclass(frozen=True)
class BundleWritten:
    path: Path
    patient_id: str
    counts: dict[str, int]
    left_out: int  # sessions still in progress

    def sentence(self) -> str:
        n = self.counts["session"]
        text = (f"Wrote {self.path}: {_n(n, 'session')} of {self.patient_id} "
                f"({_n(self.counts['level_run'], 'level run')}, "
                f"{_n(self.counts['com_sample'], 'sample')}). At the other computer: "
                f"balancegame import {self.path.name}")
        if self.left_out:
            text += (f"\n{_n(self.left_out, 'session')} still in progress (being played, or "
                     "cut off by a crash: starting balancegame once closes it) "
                     f"{'is' if self.left_out == 1 else 'are'} not in the bundle.")
        return text


@dataclass(frozen=True)
class Imported:
    path: Path
    db_path: Path
    patient_id: str
    merged: Merged

    def sentence(self) -> str:
        m = self.merged
        if not m.added:
            text = f"{self.patient_id}: {_n(len(m.skipped), 'session')} already here, 0 added"
            text += ("; the patient was added." if m.patient_added
                     else f"; nothing in {self.db_path} changed.")
        else:
            text = (f"{self.patient_id}: {_n(len(m.added), 'session')} added to {self.db_path}"
                    f", {len(m.skipped)} already here.")
        return "\n".join([text, *m.notes])


def _n(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------- writing
def export_bundle(db_path: Path | str, out_path: Path | str, patient_id: str, *,
                  force: bool = False) -> BundleWritten:
    """Write ``patient_id``'s finished sessions to a bundle file (atomically; never over
    the database, nor over another file unless ``force``)."""
    out = check_output_path(Path(db_path), Path(out_path), force=force)
    members: dict[str, str] = {}
    columns: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    uuids: list[str] = []
    with Database.open(db_path, read_only=True) as db, atomic_file(out) as f, \
            zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
        patient = _line(shareable("patient", asdict(db.require_patient(patient_id))))
        zf.writestr(PATIENT, patient)
        members[PATIENT] = hashlib.sha256(patient).hexdigest()
        left_out = sum(s.status == "in_progress" for s in db.sessions(patient_id))
        with session_rows(db, patient_id, FINISHED) as tables:
            for table, rows in tables.items():
                digest, n = hashlib.sha256(), 0
                with zf.open(member_name(table), "w", force_zip64=True) as member:
                    for row in rows.dicts():
                        if table == "session":
                            uuids.append(row["session_uuid"])
                        line = _line(list(_without_paths(table, row).values()))
                        digest.update(line)
                        member.write(line)
                        n += 1
                members[member_name(table)], columns[table], counts[table] = (
                    digest.hexdigest(), list(rows.columns), n)
        zf.writestr("README.txt", _readme(patient_id, counts["session"]))
        zf.writestr(MANIFEST, json.dumps({
            "format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
            "written_by": f"balancegame {__version__}", "app_version": __version__,
            "database_schema_version": schema.SCHEMA_VERSION,
            "created_utc": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "bundle_id": str(uuid.uuid4()), "patient_id": patient_id, "counts": counts,
            "columns": columns, "session_uuids": uuids, "sha256": members}, indent=2) + "\n")
    return BundleWritten(out.expanduser(), patient_id, counts, left_out)


def _line(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            + "\n").encode("utf-8")


def _without_paths(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """File names instead of paths (older files may hold paths), as the JSON export."""
    for column in ("source", "level_file"):
        if column in row:
            row[column] = file_name(row[column])
    if table == "session":
        row["settings_json"] = json.dumps(without_paths(json.loads(row["settings_json"])))
    return row


def _readme(patient_id: str, n_sessions: int) -> str:
    return (f"balancegame bundle: {_n(n_sessions, 'session')} of patient {patient_id}, "
            f"made by balancegame {__version__}.\nBring it to the clinic and run there:\n"
            "    balancegame import THIS_FILE\nSessions already in the clinic's database "
            "are skipped. Do not change the files inside: a changed bundle is refused.\n")


def import_bundle(path: Path | str, db_path: Path | str) -> Imported:
    """Merge the bundle in ``path`` into the database at ``db_path`` (created if there is
    none): sessions already there are skipped; all of it or nothing."""
    bundle = read_bundle(path)  # every refusal before the database is opened
    try:
        with zipfile.ZipFile(bundle.path) as zf, Database.open(db_path) as db:
            merged = merge(db, bundle.patient, bundle.tables(zf))
            return Imported(bundle.path, db.path, bundle.patient["patient_id"], merged)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:  # changed since
        raise damaged(bundle.path, f"the archive cannot be read: {exc}") from exc
