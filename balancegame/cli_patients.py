"""``balancegame patients add|edit|list|show``: what the therapist types and reads.

Names are shown here, on the computer that keeps them; no export carries them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from balancegame.errors import UsageError
from balancegame.options import check_patient
from balancegame.session.storage import Database, PatientRecord, SessionRecord


def run_patients_command(args: argparse.Namespace, db_path: Path) -> int:
    command = args.patients_command
    if command in ("add", "edit", "show"):
        check_patient("CODE", args.code)
    if command == "list":
        print(list_text(db_path))
        return 0
    if command == "show":
        with Database.open(db_path, read_only=True) as db:
            print(show_text(db, args.code))
        return 0
    # add or edit: only the patient row is written; sessions are left alone, even one
    # being played from this file now (no crash recovery).
    with Database.open(db_path, recover=False) as db:
        if command == "add":
            patient = db.add_patient(args.code, height_cm=args.height_cm,
                                     display_name=args.name)
            print(f"Added {describe(patient)} to {db.path}.")
            return 0
        if args.no_name and args.name is not None:
            raise UsageError("--name and --no-name contradict each other: give one.")
        if args.height_cm is None and args.name is None and not args.no_name:
            raise UsageError("Nothing to change: give --height-cm H, --name NAME or --no-name.")
        changes = {"height_cm": args.height_cm}
        if args.name is not None or args.no_name:
            changes["display_name"] = None if args.no_name else args.name
        patient = db.update_patient(args.code, **changes)
        print(f"Changed: {describe(patient)}.")
    return 0


def describe(patient: PatientRecord) -> str:
    """``P017 (172 cm, named "Anna" on this computer only)``."""
    height = f"{patient.height_cm:g} cm" if patient.height_cm is not None else "no height"
    name = (f', named "{patient.display_name}" on this computer only'
            if patient.display_name else ", no name")
    return f"{patient.patient_id} ({height}{name})"


def _day(utc: str | None) -> str:
    return "-" if utc is None else utc[:10]


def list_text(db_path: Path) -> str:
    if not db_path.expanduser().exists():
        return (f"No patients yet: there is no database at {db_path}.\n"
                "Add one: balancegame patients add CODE --height-cm H [--name NAME]")
    with Database.open(db_path, read_only=True) as db:
        overviews = db.patient_overviews()
    if not overviews:
        return (f"No patients yet in {db_path}.\n"
                "Add one: balancegame patients add CODE --height-cm H [--name NAME]")
    lines = [f"{'CODE':<14}{'NAME (this computer only)':<28}{'HEIGHT':>8}{'SESSIONS':>10}  "
             "FIRST       LAST"]
    for o in overviews:
        p = o.patient
        height = f"{p.height_cm:g} cm" if p.height_cm is not None else "-"
        lines.append(f"{p.patient_id:<14}{(p.display_name or '-')[:26]:<28}{height:>8}"
                     f"{o.n_sessions:>10}  {_day(o.first_session_utc):<10}  "
                     f"{_day(o.last_session_utc)}")
    return "\n".join(lines)


def show_text(db: Database, code: str) -> str:
    patient = db.require_patient(code)
    sessions = db.sessions(code)
    lines = [f"Patient {patient.patient_id}",
             f"  name (this computer only): {patient.display_name or '-'}",
             "  height: " + (f"{patient.height_cm:g} cm" if patient.height_cm is not None
                             else "not given (sway is scaled with 170 cm until it is)"),
             f"  added: {patient.created_utc[:16].replace('T', ' ')} UTC",
             f"  sessions: {len(sessions)}"]
    lines += [_session_line(db, s) for s in sessions]
    return "\n".join(lines)


def _session_line(db: Database, session: SessionRecord) -> str:
    runs = db.level_runs(session.session_id)
    done = sum(r.status == "completed" for r in runs)
    return (f"    {session.started_utc[:16].replace('T', ' ')} UTC  {session.status:<11}  "
            f"{done} of {len(runs)} level(s) completed  {session.source}  "
            f"(session {session.session_id}, {session.session_uuid})")
