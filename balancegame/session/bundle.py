"""A bundle: one patient's sessions in one file, to bring from a home laptop to the clinic
without a network (``export --format bundle``, ``balancegame import FILE``).

The file is a zip archive (any archive program can open it) holding
``manifest.json`` (what it is: format name and version, the program and database schema
versions that wrote it, the patient code, row counts and the SHA-256 of the payload),
``payload.json`` (the patient's row, without the display name, and every row of their
sessions: ``session``, ``level_run``, ``trial``, ``event``, ``com_sample``, each as
``{"columns": [...], "rows": [[...], ...]}``) and a ``README.txt`` for whoever opens it.
File paths are cut to file names, as in every export.  Sessions still in progress when the
bundle is made are left out (they are not finished; a later bundle carries them).

:func:`read_bundle` checks everything before a database is opened: a file that is not a
bundle, a damaged or cut-short one (zip CRC, SHA-256, structure), or one from a newer
version is refused with a :class:`BundleError`, and nothing is changed.  docs/
export_format.md describes the format.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from balancegame import __version__
from balancegame.errors import BundleError
from balancegame.session.codes import patient_code_problem
from balancegame.session.export import write_atomically
from balancegame.session.privacy import file_name, shareable, without_paths
from balancegame.session.storage import Database, schema
from balancegame.session.storage.files import check_output_path
from balancegame.session.storage.transfer import (
    SESSION_TABLES,
    Merged,
    Table,
    merge,
    session_rows,
    table_columns,
)

BUNDLE_FORMAT = "balancegame-bundle"
BUNDLE_FORMAT_VERSION = 1
MANIFEST, PAYLOAD = "manifest.json", "payload.json"
FINISHED = ("completed", "interrupted", "aborted")  # in_progress sessions stay behind
_NOT_A_BUNDLE_HINT = ("Make a bundle with: balancegame export --patient CODE --format bundle "
                      "--out FILE")


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
    with Database.open(db_path, read_only=True) as db:
        patient = shareable("patient", asdict(db.require_patient(patient_id)))
        tables = session_rows(db, patient_id, FINISHED)
        left_out = sum(s.status == "in_progress" for s in db.sessions(patient_id))
    tables = _without_paths(tables)
    payload = json.dumps({"patient": patient, "tables": {
        t: {"columns": list(v.columns), "rows": v.rows} for t, v in tables.items()}},
        ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    counts = {t: len(v.rows) for t, v in tables.items()}
    manifest = {
        "format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
        "written_by": f"balancegame {__version__}", "app_version": __version__,
        "database_schema_version": schema.SCHEMA_VERSION,
        "created_utc": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "bundle_id": str(uuid.uuid4()), "patient_id": patient_id, "counts": counts,
        "session_uuids": [r["session_uuid"] for r in tables["session"].dicts()],
        "payload": PAYLOAD, "payload_bytes": len(payload),
        "payload_sha256": hashlib.sha256(payload).hexdigest()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
        zf.writestr(PAYLOAD, payload)
        zf.writestr("README.txt", _readme(patient_id, counts["session"]))
    return BundleWritten(write_atomically(out, buffer.getvalue()), patient_id, counts, left_out)


def _without_paths(tables: dict[str, Table]) -> dict[str, Table]:
    """File names instead of paths (older files may hold paths), as the JSON export."""
    def clean(table: str, row: dict[str, Any]) -> list[Any]:
        for column in ("source", "level_file"):
            if column in row:
                row[column] = file_name(row[column])
        if table == "session":
            row["settings_json"] = json.dumps(without_paths(json.loads(row["settings_json"])))
        return list(row.values())

    return {t: Table(v.columns, [clean(t, r) for r in v.dicts()]) for t, v in tables.items()}


def _readme(patient_id: str, n_sessions: int) -> str:
    return (f"balancegame bundle: {_n(n_sessions, 'session')} of patient {patient_id}, "
            f"made by balancegame {__version__}.\nBring it to the clinic and run there:\n"
            "    balancegame import THIS_FILE\nSessions already in the clinic's database "
            "are skipped. Do not change the files inside: a changed bundle is refused.\n")


# ---------------------------------------------------------------- reading
@dataclass(frozen=True)
class Bundle:
    manifest: dict[str, Any]
    patient: dict[str, Any]
    tables: dict[str, Table]


def read_bundle(path: Path | str) -> Bundle:
    """The bundle in ``path``, checked completely; :class:`BundleError` if it is not one,
    is damaged or is from a newer version."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise BundleError(f"There is no file {path}.", path, "Check the file name.")
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise BundleError(f"Cannot read {path} ({exc.strerror}).", path) from exc
    if not head.startswith(b"PK\x03\x04"):
        what = ("a balancegame database, not a bundle (to put a database back: balancegame "
                "restore FILE)" if head.startswith(b"SQLite format 3") else "not a zip file")
        raise BundleError(f"{path} is not a balancegame bundle: it is {what}.", path,
                          _NOT_A_BUNDLE_HINT)
    try:
        with zipfile.ZipFile(path) as zf:
            if MANIFEST not in zf.namelist():
                raise BundleError(f"{path} is a zip file, but not a balancegame bundle (it "
                                  f"has no {MANIFEST}).", path, _NOT_A_BUNDLE_HINT)
            manifest = _check_manifest(path, _json(path, zf.read(MANIFEST)))
            payload = zf.read(str(manifest.get("payload", PAYLOAD)))
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, ValueError) as exc:
        raise _damaged(path, f"the archive cannot be read: {exc}") from exc
    if hashlib.sha256(payload).hexdigest() != manifest.get("payload_sha256"):
        raise _damaged(path, "its contents do not match their SHA-256 checksum")
    return _check_payload(path, manifest, _json(path, payload))


def _damaged(path: Path, why: str) -> BundleError:
    return BundleError(f"{path} is damaged or incomplete ({why}); nothing was imported.", path,
                       "Copy the file again from the computer that made it, or make a new "
                       "bundle there.")


def _json(path: Path, data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, f"not readable as JSON: {exc}") from exc


def _check_manifest(path: Path, manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{path} is a zip file, but not a balancegame bundle.", path,
                          _NOT_A_BUNDLE_HINT)
    version, db_version = manifest.get("format_version"), manifest.get("database_schema_version")
    if not isinstance(version, int) or not isinstance(db_version, int) or version < 1:
        raise _damaged(path, "its manifest has no valid format version")
    if version > BUNDLE_FORMAT_VERSION or db_version > schema.SCHEMA_VERSION:
        raise BundleError(
            f"{path} was made by a newer balancegame ({manifest.get('written_by', '?')}: "
            f"bundle format {version}, database schema {db_version}; this version reads "
            f"format {BUNDLE_FORMAT_VERSION}, schema {schema.SCHEMA_VERSION}). Nothing was "
            "imported.", path, "Update balancegame on this computer, then import it again.")
    return manifest


def _check_payload(path: Path, manifest: dict[str, Any], payload: Any) -> Bundle:
    try:
        patient, raw = payload["patient"], payload["tables"]
        code = patient["patient_id"]
        tables = {t: Table(tuple(raw[t]["columns"]), list(raw[t]["rows"])) for t in SESSION_TABLES}
    except (KeyError, TypeError) as exc:
        raise _damaged(path, f"its payload lacks {exc}") from exc
    if patient_code_problem(code) is not None or code != manifest.get("patient_id"):
        raise _damaged(path, "its patient code is missing or does not match its manifest")
    for name, table in tables.items():
        unknown = set(table.columns) - set(table_columns()[name])
        if unknown:
            raise BundleError(f"{path} holds data this version of balancegame does not know "
                              f"({name}: {', '.join(sorted(unknown))}). Nothing was imported.",
                              path, "Update balancegame on this computer, then import again.")
        if any(not isinstance(r, list) or len(r) != len(table.columns) for r in table.rows):
            raise _damaged(path, f"a row of {name} does not have its {len(table.columns)} values")
    sessions = tables["session"].dicts()
    if any(s.get("patient_id") != code or not _is_uuid(s.get("session_uuid")) for s in sessions):
        raise _damaged(path, "a session belongs to another patient or has no valid uuid")
    return Bundle(manifest, dict(patient), tables)


def _is_uuid(text: Any) -> bool:
    try:
        return isinstance(text, str) and str(uuid.UUID(text)) == text
    except ValueError:
        return False


def import_bundle(path: Path | str, db_path: Path | str) -> Imported:
    """Merge the bundle in ``path`` into the database at ``db_path`` (created if there is
    none): sessions already there are skipped; all of it or nothing."""
    bundle = read_bundle(path)  # every refusal before the database is opened
    with Database.open(db_path) as db:
        merged = merge(db, bundle.patient, bundle.tables)
        return Imported(Path(path), db.path, bundle.patient["patient_id"], merged)
