"""``balancegame report --patient CODE [--session N | --from DATE --to DATE] --out FILE
[--format html|pdf] [--force] [--db PATH]``: a clinical report (balancegame.report)."""

from __future__ import annotations

import argparse
from pathlib import Path

from balancegame.options import check_patient


def add_report_command(sub) -> None:
    p = sub.add_parser("report", help="a report of a patient's sessions for the therapist "
                                      "(one HTML file that works offline, or PDF)",
                       description="A report of a patient's sessions: measures with units "
                                   "and methods, stabilograms, reaction times, decline "
                                   "within the session, safety events, progress against "
                                   "the patient's own baseline, adherence. See "
                                   "docs/reports.md.")
    p.add_argument("--patient", required=True, help="the patient's code, e.g. P017")
    p.add_argument("--session", type=int, metavar="N",
                   help="only session N (the number balancegame patients show CODE prints)")
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="sessions from this day on (YYYY-MM-DD, included)")
    p.add_argument("--to", dest="date_to", metavar="DATE",
                   help="sessions up to this day (YYYY-MM-DD, included)")
    p.add_argument("--out", type=Path, required=True, help="the report to write (.html, .pdf)")
    p.add_argument("--format", choices=("html", "pdf"),
                   help="html or pdf (needs chromium); default: pdf for a .pdf OUT, else html")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--db", type=Path, help="database file (default: per-user data folder)")


def run_report(args: argparse.Namespace) -> int:
    from balancegame.report.build import write_report
    from balancegame.report.selection import Selection, parse_day
    from balancegame.session.storage import default_db_path

    check_patient("--patient", args.patient)
    selection = Selection(
        args.session,
        parse_day("--from", args.date_from) if args.date_from is not None else None,
        parse_day("--to", args.date_to) if args.date_to is not None else None)
    written = write_report(args.db or default_db_path(), args.out, args.patient, selection,
                           fmt=args.format, force=args.force)
    print(written.sentence())
    return 0
