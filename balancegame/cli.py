"""Command line: ``balancegame play|demo|home|patients|export|import|report|therapist|
prescribe|prescription|backup|restore|levels|analyze|latency`` (``patients``, ``export``
and ``import`` in :mod:`balancegame.cli_data`, ``report`` in :mod:`balancegame.cli_report`,
the therapist's commands in :mod:`balancegame.cli_therapist`).

User errors (no camera, a broken level or video file, an unusable database)
are printed as plain sentences with what to do, exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from balancegame import __version__
from balancegame.cli_data import add_data_commands, run_data_command
from balancegame.cli_report import add_report_command, run_report
from balancegame.cli_therapist import add_therapist_commands, run_therapist_command
from balancegame.errors import EXIT_USER_ERROR, LevelError, Terminated, UsageError, UserError
from balancegame.options import (
    add_latency_options,
    add_levels_dir_option,
    add_play_options,
    check_play_options,
    puppet_settings,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="balancegame", description=(
        "Webcam balance training: dodge obstacles by leaning and stepping; every level's "
        "sway and reaction times are saved for the therapist."))
    parser.add_argument("--version", action="version", version=f"balancegame {__version__}")
    sub = parser.add_subparsers(dest="command", required=False, metavar="COMMAND",
                                description="With no command: play with the camera, or the "
                                            "built-in demo when there is none.")
    add_play_options(sub.add_parser("play", help="play with a camera (or --source)"), False)
    add_play_options(sub.add_parser("demo", help="play with the built-in demo person, "
                                                  "no camera needed"), True)
    add_play_options(sub.add_parser(
        "home", help="today's session of a patient's prescription, for training at home "
                     "alone"), False, home=True)
    add_play_options(sub.add_parser(
        "calibrate", help="calibrate a patient (neutral stance, limits of stability) and "
                          "store it; no level is played"), False)
    add_data_commands(sub)  # export, import, patients (cli_data.py)
    add_report_command(sub)  # report (cli_report.py)
    add_therapist_commands(sub)  # therapist set-pin, prescribe, prescription (cli_therapist.py)
    bk = sub.add_parser("backup", help="copy the database to a file (safely, even in use)")
    bk.add_argument("--db", type=Path, help="database file (default: per-user data folder)")
    bk.add_argument("--out", type=Path, required=True, help="the copy to write")
    bk.add_argument("--force", action="store_true", help="replace OUT if it exists")
    rs = sub.add_parser("restore", help="put a backup back in place of the database (the "
                                        "current one is kept in the backups folder)")
    rs.add_argument("file", type=Path, help="the backup to put back")
    rs.add_argument("--db", type=Path, help="database file (default: per-user data folder)")
    lv = sub.add_parser("levels", help="list or check level files")
    lv_sub = lv.add_subparsers(dest="levels_command", required=True)
    add_levels_dir_option(lv_sub.add_parser(
        "list", help="every level and program, and where each comes from"))
    desc = lv_sub.add_parser("describe", help="every parameter with its unit, range and meaning")
    desc.add_argument("--write", action="store_true",
                      help="also update the reference part of levels/README.md (developers: "
                           "only in a source checkout installed with pip install -e)")
    val = lv_sub.add_parser("validate", help="check level files; exit code 2 on any problem")
    val.add_argument("paths", nargs="*", type=Path,
                     help="files (default: every level and program in every folder)")
    add_levels_dir_option(val)
    an = sub.add_parser("analyze", help="measure sway in a recorded video (offline)",
                        description="Offline analysis of a recording: writes OUT/trajectory.csv "
                                    "(one row per frame), OUT/metrics.json (every measure with "
                                    "its unit and method) and OUT/stabilogram.png.")
    an.add_argument("video", type=Path, help="video file (e.g. .mp4) showing the whole body")
    an.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    an.add_argument("--height-cm", type=float,
                    help="patient height in cm, to scale to cm (default: 170, and said so)")
    an.add_argument("--jobs", type=int, metavar="N",
                    help="processes tracking the video at once (default: the number of cores; "
                         "recordings under 180 frames, 6 s at 30 fps, use one)")
    add_latency_options(sub.add_parser(
        "latency", help="measure this computer's display-to-camera delay (a mirror needed)",
        description="Flashes the screen about 20 times while the camera sees it in a mirror "
                    "and stores the flip -> camera delay for this computer and camera."))
    return parser


def _latency(args: argparse.Namespace) -> int:
    from balancegame.latency import LatencyOptions, report, run_latency_check

    opts = LatencyOptions(
        source=args.source, db_path=args.db, headless=args.headless, windowed=args.windowed,
        demo=args.demo, demo_delay_ms=args.demo_delay_ms,
        demo_camera_delay_ms=args.demo_camera_delay_ms, demo_wall=args.demo_wall,
        flashes=args.flashes, seed=args.seed, screenshot_dir=args.screenshots)
    print(report(run_latency_check(opts)))
    return 0


def _play(args: argparse.Namespace, source: str, home: bool = False,
          calibrate: bool = False) -> int:
    from balancegame.app import DEFAULT_LEVEL, SessionOptions, run_session
    from balancegame.session.storage.opening import backup_folder

    check_play_options(args)  # every value, before the model loads
    if calibrate and args.patient is None:
        raise UsageError("calibrate needs the patient: a calibration is stored as that "
                         "patient's own limits.", "For example: balancegame calibrate "
                         "--patient P017 (add --source puppet to try it with the demo person).")
    opts = SessionOptions(source=source, patient_id=args.patient,
                          levels=args.levels or [DEFAULT_LEVEL], program=args.program,
                          follow_prescription=not (args.levels or args.program),
                          mode="home" if home else "clinic", levels_dir=args.levels_dir,
                          db_path=args.db,
                          headless=args.headless, windowed=args.windowed, seconds=args.seconds,
                          seed=args.seed, height_cm=args.height_cm,
                          puppet_rt_ms=args.puppet_rt_ms, screenshot_dir=args.screenshots,
                          speak=args.speak, calm=args.calm,
                          puppet=puppet_settings(args),
                          calibration_days=args.calibration_days, seated=args.seated,
                          side=args.side, calibrate_only=calibrate)
    result = run_session(opts)
    if result is None:  # nobody chose a patient on the title screen
        print("No session was started.")
        return 0
    print(f"Session {result.session_id} {result.status} ({result.end_reason}); "
          f"saved in {result.db_path} (daily backups in {backup_folder(result.db_path)})")
    for s in result.summaries:
        rt = s.get("rt_ms_median")
        rt_text = f", median reaction time {rt:.0f} ms" if rt is not None else ""
        outcomes = ", ".join(f"{k} {v}" for k, v in s.get("outcomes", {}).items()) or "no trials"
        print(f"  {s['title']}: {outcomes}{rt_text} [{s['status']}]")
    return 0


def _backup_or_restore(args: argparse.Namespace) -> int:
    from balancegame.session.storage import backup_to, default_db_path, restore

    db = args.db or default_db_path()
    if args.command == "backup":
        print(f"Copied {db} to {backup_to(db, args.out, force=args.force)}")
        return 0
    kept = restore(args.file, db)
    print(f"Restored {db} from {args.file}"
          + (f"; the file it replaced is kept as {kept}" if kept else ""))
    return 0


def _levels(args: argparse.Namespace) -> int:
    from balancegame.prescription.library import LEVEL, PROGRAM, LevelLibrary

    if args.levels_command == "describe":
        from balancegame.prescription import guide

        readme = guide.source_readme() if args.write else None  # from a wheel: refused first
        print(guide.describe_parameters())
        if readme is not None:
            print(f"Updated {guide.write_readme_reference(readme)}")
        return 0
    library = LevelLibrary.for_user(args.levels_dir)
    if args.levels_command == "list":
        for entry in [*library.catalogue(LEVEL), *library.catalogue(PROGRAM)]:
            print(_list_line(library, entry))
        print(library.search_order())
        return 0
    targets = ([(path, PROGRAM if _is_program(path) else LEVEL) for path in args.paths]
               or [(e.file, e.kind) for e in [*library.files(LEVEL), *library.files(PROGRAM)]])
    bad = 0
    for file, kind in targets:
        try:
            loaded = library.load(file, kind)
            print(f"OK   {file}")
            for note in getattr(loaded, "notes", ()):  # valid, but played differently
                print(f"     note: {note}")
        except LevelError as exc:
            bad += 1
            print(str(exc))
    return EXIT_USER_ERROR if bad else 0


def _list_line(library, entry) -> str:
    """One line of `levels list`: name, type, where it comes from, title."""
    from balancegame.prescription.library import PROGRAM

    start = f"{entry.name:24s} {'[' + entry.origin + ']':14s}"
    hides = f" (in place of the {' and the '.join(entry.hides)} one)" if entry.hides else ""
    try:
        item = library.load(entry.file, entry.kind)
    except LevelError as exc:
        return f"{start} BROKEN: {exc.problems[0]}{hides}"
    if entry.kind == PROGRAM:
        return (f"{start} {'program':20s} {item.title} ({len(item.steps)} bouts, at most "
                f"{item.max_session_min:g} min){hides}")
    return f"{start} {item.type:20s} {item.title}{hides}"


def _is_program(path: Path) -> bool:
    try:
        return 'type = "program"' in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # load_level then says what is wrong with the path


def _stop_on_sigterm(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the saving short
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()  # tests, embedding
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm) if in_main_thread else None
    try:
        return _run(args)
    except UserError as exc:  # every failure a user can act on, printed the same way
        print(f"balancegame: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(exc.hint, file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt as exc:
        print("balancegame: stopped; completed levels are saved.", file=sys.stderr)
        return 128 + signal.SIGTERM if isinstance(exc, Terminated) else 130
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _run(args: argparse.Namespace) -> int:
    if args.command is None:  # at home: today's session of the prescription, else play
        from balancegame.roster import default_command

        args = build_parser().parse_args([default_command(), "--source", "auto"])
        return _play(args, "auto", home=args.command == "home")
    if args.command in ("play", "home"):
        return _play(args, args.source, home=args.command == "home")
    if args.command == "demo":
        return _play(args, "puppet")
    if args.command == "calibrate":
        return _play(args, args.source, calibrate=True)
    if args.command in ("export", "import", "patients"):
        return run_data_command(args)
    if args.command == "report":
        return run_report(args)
    if args.command in ("therapist", "prescribe", "prescription"):
        return run_therapist_command(args)
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args)
    if args.command == "levels":
        return _levels(args)
    if args.command == "latency":
        return _latency(args)
    if args.command == "analyze":
        from balancegame.analysis.video import run_cli

        return run_cli(args)
    return EXIT_USER_ERROR


def _json_dump(obj: object) -> str:  # used by tests and tools that print results
    return json.dumps(obj, indent=2, default=str)


if __name__ == "__main__":
    sys.exit(main())
