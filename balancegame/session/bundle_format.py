"""The bundle format (:mod:`balancegame.session.bundle`): its names and versions, and the
checks a file passes before ``balancegame import`` opens a database.

:func:`read_bundle` checks everything, member by member and line by line (only the
session rows are kept in memory): a file that is not a bundle, a damaged or cut-short
one (zip checksums, each member's SHA-256, rows against their columns and counts), or
one from a newer balancegame (format or database schema version, unknown columns) is
refused with a :class:`BundleError`.  :meth:`Bundle.tables` streams the rows again for
the merge, hashing them once more.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balancegame.errors import BundleError
from balancegame.session.codes import patient_code_problem
from balancegame.session.storage import schema
from balancegame.session.storage.transfer import SESSION_TABLES, Table, table_columns

BUNDLE_FORMAT = "balancegame-bundle"
BUNDLE_FORMAT_VERSION = 1
MANIFEST, PATIENT = "manifest.json", "patient.json"
_NOT_A_BUNDLE_HINT = ("Make a bundle with: balancegame export --patient CODE --format bundle "
                      "--out FILE")


def member_name(table: str) -> str:
    """The zip member holding ``table``'s rows, one JSON list a line."""
    return f"{table}.jsonl"


@dataclass(frozen=True)
class Bundle:
    """A checked bundle: its manifest, the patient's row and its sessions' rows (read
    into memory: a few per session); :meth:`tables` streams every table again."""

    path: Path
    manifest: dict[str, Any]
    patient: dict[str, Any]
    sessions: list[dict[str, Any]]

    def tables(self, zf: zipfile.ZipFile) -> dict[str, Table]:
        return {t: Table(tuple(self.manifest["columns"][t]), self._rows(zf, t))
                for t in SESSION_TABLES}

    def _rows(self, zf: zipfile.ZipFile, table: str) -> Iterator[list[Any]]:
        """The rows once more, hashed again: a file changed since it was checked is
        refused before the merge commits."""
        digest = hashlib.sha256()
        with zf.open(member_name(table)) as member:
            for line in member:
                digest.update(line)
                yield json.loads(line)
        if digest.hexdigest() != self.manifest["sha256"][member_name(table)]:
            raise damaged(self.path, f"{member_name(table)} changed while it was imported")


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
            return _check_members(path, zf, manifest)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise damaged(path, f"the archive cannot be read: {exc}") from exc


def damaged(path: Path, why: str) -> BundleError:
    return BundleError(f"{path} is damaged or incomplete ({why}); nothing was imported.", path,
                       "Copy the file again from the computer that made it, or make a new "
                       "bundle there.")


def _json(path: Path, data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise damaged(path, f"not readable as JSON: {exc}") from exc


def _check_manifest(path: Path, manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"{path} is a zip file, but not a balancegame bundle.", path,
                          _NOT_A_BUNDLE_HINT)
    version, db_version = manifest.get("format_version"), manifest.get("database_schema_version")
    if not isinstance(version, int) or not isinstance(db_version, int) or version < 1:
        raise damaged(path, "its manifest has no valid format version")
    if version > BUNDLE_FORMAT_VERSION or db_version > schema.SCHEMA_VERSION:
        raise BundleError(
            f"{path} was made by a newer balancegame ({manifest.get('written_by', '?')}: "
            f"bundle format {version}, database schema {db_version}; this version reads "
            f"format {BUNDLE_FORMAT_VERSION}, schema {schema.SCHEMA_VERSION}). Nothing was "
            "imported.", path, "Update balancegame on this computer, then import it again.")
    sha, columns, counts = (manifest.get(k) for k in ("sha256", "columns", "counts"))
    if not (isinstance(sha, dict) and isinstance(columns, dict) and isinstance(counts, dict)
            and all(member_name(t) in sha and isinstance(columns.get(t), list)
                    for t in SESSION_TABLES) and PATIENT in sha):
        raise damaged(path, "its manifest lacks the checksums, columns or counts")
    for table in SESSION_TABLES:
        unknown = set(manifest["columns"][table]) - set(table_columns()[table])
        if unknown:
            raise BundleError(f"{path} holds data this version of balancegame does not know "
                              f"({table}: {', '.join(sorted(unknown))}). Nothing was imported.",
                              path, "Update balancegame on this computer, then import again.")
    return manifest


def _check_members(path: Path, zf: zipfile.ZipFile, manifest: dict[str, Any]) -> Bundle:
    """Every member against its SHA-256, every row against its columns, line by line."""
    try:
        data = zf.read(PATIENT)
    except KeyError as exc:
        raise damaged(path, f"{PATIENT} is missing") from exc
    if hashlib.sha256(data).hexdigest() != manifest["sha256"][PATIENT]:
        raise damaged(path, f"{PATIENT} does not match its SHA-256 checksum")
    patient = _json(path, data)
    code = patient.get("patient_id") if isinstance(patient, dict) else None
    if patient_code_problem(code) is not None or code != manifest.get("patient_id"):
        raise damaged(path, "its patient code is missing or does not match its manifest")
    sessions = []
    for table in SESSION_TABLES:
        columns, digest, n = manifest["columns"][table], hashlib.sha256(), 0
        try:
            member = zf.open(member_name(table))
        except KeyError as exc:
            raise damaged(path, f"{member_name(table)} is missing") from exc
        with member:
            for line in member:
                digest.update(line)
                row = _json(path, line)
                if not isinstance(row, list) or len(row) != len(columns):
                    raise damaged(path, f"a row of {table} does not have its "
                                         f"{len(columns)} values")
                if table == "session":
                    sessions.append(dict(zip(columns, row, strict=True)))
                n += 1
        if digest.hexdigest() != manifest["sha256"][member_name(table)]:
            raise damaged(path, f"{member_name(table)} does not match its SHA-256 checksum")
        if n != manifest["counts"].get(table):
            raise damaged(path, f"{member_name(table)} has {n} rows, its manifest says "
                                 f"{manifest['counts'].get(table)}")
    if any(s.get("patient_id") != code or not _is_uuid(s.get("session_uuid")) for s in sessions):
        raise damaged(path, "a session belongs to another patient or has no valid uuid")
    return Bundle(path, manifest, patient, sessions)


def _is_uuid(text: Any) -> bool:
    try:
        return isinstance(text, str) and str(uuid.UUID(text)) == text
    except ValueError:
        return False
