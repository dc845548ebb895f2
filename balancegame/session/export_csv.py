"""``export --patient CODE --format csv``: one row per level run of a patient, with every
measure in a column of its own whose name ends with (or carries) its unit.

The columns are ``COLUMNS``: first the run's context (``CONTEXT``), then ``MEASURES``
(:mod:`balancegame.session.measure_list`), always all of them and in this order, so a
spreadsheet or a script can rely on them; docs/export_format.md lists each one.  A
measure a level type does not have, or could not measure, is an empty cell (never 0).
"""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path
from typing import Any

from balancegame.session.export import write_atomically
from balancegame.session.measure_list import MEASURES
from balancegame.session.privacy import file_name
from balancegame.session.storage import Database, LevelRunRecord, SessionRecord
from balancegame.session.storage.files import check_output_path

# (column, meaning): what the row is about.  docs/export_format.md says more.
CONTEXT: tuple[tuple[str, str], ...] = (
    ("patient_id", "pseudonymous patient code"),
    ("session_uuid", "the session, the same in every database"),
    ("session_started_utc", "when the session started"),
    ("session_status", "completed, interrupted, aborted or in_progress"),
    ("source", "camera, video file name or puppet"),
    ("level_run_id", "the level run, in this database"),
    ("level_index", "order of the level in the session, from 1"),
    ("level_name", "the level's name"),
    ("level_type", "challenge type, e.g. obstacle_dodge"),
    ("level_started_utc", "when the level started"),
    ("level_status", "completed, interrupted, aborted or in_progress"),
    ("level_duration_s", "ended - started, on the monotonic clock"),
    ("scale_method", "how pixels became centimetres"),
    ("cm_per_px", "the scale used"),
    ("capture_clock", "how camera frames were timed"),
    ("stance", "quiet_stance: the stance"),
    ("eyes", "quiet_stance: eyes open or closed"),
    ("dual_task_mode", "dual_task: gate or spoken"),
    ("subtract_by", "dual_task: 3 or 7"),
    ("difficulty_json", "the difficulty settings in force, as JSON text"),
)
COLUMNS: tuple[str, ...] = (*(c for c, _ in CONTEXT), *(m.name for m in MEASURES))


def level_run_rows(db: Database, patient_id: str) -> list[dict[str, Any]]:
    """One dict per level run of the patient (``COLUMNS`` keys), oldest session first."""
    db.require_patient(patient_id)
    out = []
    for session in db.sessions(patient_id):
        for index, run in enumerate(db.level_runs(session.session_id), start=1):
            out.append(_row(session, run, index))
    return out


def _row(session: SessionRecord, run: LevelRunRecord, index: int) -> dict[str, Any]:
    summary = run.summary or {}
    ended = run.ended_t_s
    row: dict[str, Any] = {
        "patient_id": session.patient_id, "session_uuid": session.session_uuid,
        "session_started_utc": session.started_utc, "session_status": session.status,
        "source": file_name(session.source), "level_run_id": run.level_run_id,
        "level_index": index, "level_name": run.level_name,
        "level_type": summary.get("type") or level_type(run.level_definition),
        "level_started_utc": run.started_utc, "level_status": run.status,
        "level_duration_s": None if ended is None else ended - run.started_t_s,
        "scale_method": run.scale_method, "cm_per_px": run.cm_per_px,
        "capture_clock": summary.get("capture_clock"), "stance": summary.get("stance"),
        "eyes": summary.get("eyes"),
        "dual_task_mode": summary.get("mode") if "subtract_by" in summary else None,
        "subtract_by": summary.get("subtract_by"), "difficulty_json": run.difficulty_json,
    }
    row.update({m.name: m.value(summary) for m in MEASURES})
    return row


def level_type(definition: str) -> str | None:
    """The ``type`` of a level file's text (a run cut short has no summary to say it)."""
    try:
        found = tomllib.loads(definition).get("type")
    except tomllib.TOMLDecodeError:
        return None
    return found if isinstance(found, str) else None


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value  # floats as repr: full precision


def export_level_runs_csv(db_path: Path | str, out_path: Path | str, patient_id: str, *,
                          force: bool = False) -> tuple[Path, int]:
    """Write the patient's level runs as CSV; returns the file and the number of rows."""
    out = check_output_path(Path(db_path), Path(out_path), force=force)
    with Database.open(db_path, read_only=True) as db:
        found = level_run_rows(db, patient_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in found:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return write_atomically(out, buffer.getvalue()), len(found)
