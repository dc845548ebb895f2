"""The data commands of the command line: ``patients``, ``export`` and ``import``.

``patients add|edit|list|show`` keep the patient register; ``export`` writes a patient's
(or everyone's) data for other programs (JSON, CSV, FHIR) or as a bundle for another
computer, which ``import`` merges into that computer's database.  Every one takes
``--db PATH`` (default: the per-user database) and refuses with a sentence (exit code 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from balancegame.errors import UsageError
from balancegame.options import check_patient

FORMATS = ("json", "csv", "fhir", "bundle")
NEEDS_PATIENT = ("csv", "fhir", "bundle")


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, help="database file (default: per-user data folder)")


def add_data_commands(sub) -> None:
    """The ``export``, ``import`` and ``patients`` sub-commands."""
    ex = sub.add_parser("export", help="export sessions for other programs, or a bundle "
                                       "for another computer (see docs/export_format.md)")
    _db_option(ex)
    ex.add_argument("--format", choices=FORMATS, default="json",
                    help="json: everything (default); csv: one row per level run with every "
                         "measure; fhir: an HL7 FHIR R4 Bundle of Observations; bundle: one "
                         "file to bring to another computer (balancegame import FILE)")
    ex.add_argument("--out", type=Path, required=True, help="output file")
    ex.add_argument("--patient", help="only this patient (needed for csv, fhir and bundle)")
    ex.add_argument("--force", action="store_true", help="replace OUT if it exists")
    im = sub.add_parser("import", help="merge a bundle (export --format bundle) into the "
                                       "database; sessions already there are skipped")
    im.add_argument("file", type=Path, help="the bundle file")
    _db_option(im)
    pa = sub.add_parser("patients", help="the patients: pseudonymous code, height, and a "
                                         "name shown on this computer only")
    pa_sub = pa.add_subparsers(dest="patients_command", required=True)
    add = pa_sub.add_parser("add", help="add a patient")
    edit = pa_sub.add_parser("edit", help="change a patient's height or name")
    for p in (add, edit):
        p.add_argument("code", help="the patient's pseudonymous code, e.g. P017 (not a name)")
        p.add_argument("--height-cm", type=float, required=p is add,
                       help="height in cm (scales the camera image to centimetres)")
        p.add_argument("--name", help="a first name or nickname shown on this computer only; "
                                      "never exported")
        _db_option(p)
    edit.add_argument("--no-name", action="store_true", help="remove the name")
    _db_option(pa_sub.add_parser("list", help="every patient with their sessions"))
    show = pa_sub.add_parser("show", help="one patient and their sessions")
    show.add_argument("code")
    _db_option(show)


def run_data_command(args: argparse.Namespace) -> int:
    from balancegame.session.storage import default_db_path

    db = args.db or default_db_path()
    if args.command == "export":
        return _export(args, db)
    if args.command == "import":
        from balancegame.session.bundle import import_bundle

        print(import_bundle(args.file, db).sentence())
        return 0
    from balancegame.cli_patients import run_patients_command

    return run_patients_command(args, db)


def _export(args: argparse.Namespace, db: Path) -> int:
    if args.patient is not None:
        check_patient("--patient", args.patient)
    elif args.format in NEEDS_PATIENT:
        raise UsageError(f"--format {args.format} exports one patient: add --patient CODE.",
                         "balancegame patients list shows the codes.")
    if args.format == "json":
        from balancegame.session.export import export_json

        out = export_json(db, args.out, patient_id=args.patient, force=args.force)
        print(f"Exported to {out}")
    elif args.format == "csv":
        from balancegame.session.export_csv import export_level_runs_csv

        out, n = export_level_runs_csv(db, args.out, args.patient, force=args.force)
        print(f"Exported {n} level run(s) of {args.patient} to {out}")
    elif args.format == "fhir":
        from balancegame.session.fhir import export_fhir

        out, n = export_fhir(db, args.out, args.patient, force=args.force)
        print(f"Exported {n} FHIR Observation(s) of {args.patient} to {out}")
    else:
        from balancegame.session.bundle import export_bundle

        written = export_bundle(db, args.out, args.patient, force=args.force)
        print(written.sentence())
    return 0
