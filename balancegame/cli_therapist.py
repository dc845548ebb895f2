"""The therapist's commands: ``therapist set-pin``, ``prescribe``, ``prescription show``.

A prescription changes only behind the therapist PIN (balancegame/therapist); reading it
needs none.  Values are checked, and the program looked up, before the PIN is asked for,
so a typing mistake does not cost a PIN attempt.  PINs are read with ``getpass`` (never
echoed), or one a line from standard input with ``--pin-stdin`` (scripts, tests).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from balancegame.errors import LevelError, TherapistError
from balancegame.options import check_patient
from balancegame.prescription.prescribed import RULES, Prescription, problems, words

FIELD_OPTIONS = {rule.option.removeprefix("--"): name for name, rule in RULES.items()}
LABELS = {"program": "Program", **{name: rule.label for name, rule in RULES.items()},
          "feet_in_view": "Feet in view on the camera check"}


def add_therapist_commands(sub) -> None:
    th = sub.add_parser("therapist", help="the therapist PIN that guards prescriptions")
    th_sub = th.add_subparsers(dest="therapist_command", required=True)
    sp = th_sub.add_parser("set-pin", help="set or change the therapist PIN (6-12 digits)")
    _common(sp)
    rx = sub.add_parser("prescribe", help="set a patient's program, sessions a week, session "
                                          "length, difficulty bounds and rests (needs the PIN)")
    rx.add_argument("--patient", required=True, help="the patient's code, e.g. P017")
    rx.add_argument("--program", help="a program name (balancegame levels list) or path")
    for name, rule in RULES.items():
        kind = int if rule.whole else float
        unit = f" in {rule.unit}" if rule.unit else ""
        rx.add_argument(rule.option, type=kind, dest=name, metavar="N",
                        help=f"{rule.label.lower()}{unit}, {rule.lo:g} to {rule.hi:g}")
    rx.add_argument("--as-program", action="append", default=[], metavar="OPTION",
                    choices=list(FIELD_OPTIONS),
                    help="give this value back to the program file: "
                         + ", ".join(FIELD_OPTIONS) + " (repeat for several)")
    rx.add_argument("--feet-in-view", action=argparse.BooleanOptionalAction, default=None,
                    help="whether the camera check needs the feet in view (--no-feet-in-view "
                         "for seated training). Default for a new prescription: needed")
    rx.add_argument("--reason", default="", help="why, in a few words (kept with the change)")
    _common(rx)
    show = sub.add_parser("prescription", help="read prescriptions")
    show_sub = show.add_subparsers(dest="prescription_command", required=True)
    sh = show_sub.add_parser("show", help="a patient's prescription and every change to it")
    sh.add_argument("--patient", required=True, help="the patient's code")
    sh.add_argument("--db", type=Path, help="database file (default: per-user data folder)")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, help="database file (default: per-user data folder)")
    p.add_argument("--pin-stdin", action="store_true",
                   help="read PINs from standard input, one a line (scripts, tests)")


def _read_pin(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    return getpass.getpass(prompt).strip()


def _desk(args: argparse.Namespace):
    from balancegame.session.storage import default_db_path
    from balancegame.therapist.desk import TherapistDesk

    return TherapistDesk(args.db or default_db_path())


def _unlock(desk, args: argparse.Namespace):
    if not desk.has_pin():
        raise TherapistError("No therapist PIN is set on this computer, so nothing can be "
                             "prescribed yet.", "Set one first: balancegame therapist set-pin")
    check = desk.check_pin(_read_pin("Therapist PIN: ", args.pin_stdin))
    if not check.ok:
        raise TherapistError(check.sentence(), "Nothing was changed.")
    return check.unlocked


def run_therapist_command(args: argparse.Namespace) -> int:
    desk = _desk(args) if args.command != "prescription" else None
    if args.command == "therapist":
        unlocked = _unlock(desk, args) if desk.has_pin() else None
        new = _read_pin("New therapist PIN (6 to 12 digits): ", args.pin_stdin)
        from balancegame.therapist.pin import pin_problem

        if (problem := pin_problem(new)) is not None:
            raise TherapistError(f"That PIN cannot be used: {problem}", "Nothing was changed.")
        if _read_pin("The same PIN again: ", args.pin_stdin) != new:
            raise TherapistError("The two PINs are not the same.", "Nothing was changed.")
        desk.set_pin(new, unlocked)
        print(f"Therapist PIN {'changed' if unlocked else 'set'} in {desk.db_path}. It guards "
              "prescriptions (balancegame prescribe) and the game's therapist mode (T on the "
              "title screen).")
        return 0
    check_patient("--patient", args.patient)
    from balancegame.roster import GUEST

    if args.patient == GUEST and args.command == "prescribe":
        raise TherapistError(f"{GUEST} is the code of guests, who have no prescription.",
                             "Add the patient first: balancegame patients add CODE "
                             "--height-cm H.")
    if args.command == "prescription":
        print(show_text(args.db, args.patient))
        return 0
    return _prescribe(desk, args)


def _prescribe(desk, args: argparse.Namespace) -> int:
    values = {name: getattr(args, name) for name in RULES if getattr(args, name) is not None}
    for option in args.as_program:
        if FIELD_OPTIONS[option] in values:
            raise TherapistError(f"--{option} is given a value and --as-program {option}: "
                                 "give one of the two.")
        values[FIELD_OPTIONS[option]] = None
    if args.program:
        values["program"] = args.program
    if args.feet_in_view is not None:
        values["feet_in_view"] = args.feet_in_view
    if not values:
        raise TherapistError("Nothing to change: give --program, a value such as "
                             "--sessions-per-week 3, or --as-program OPTION.")
    current = desk.prescription(args.patient)  # PatientError for an unknown code
    if current is None and "program" not in values:
        raise TherapistError(f"{args.patient} has no prescription yet: name the program to "
                             "start it with.", "Add --program NAME (balancegame levels list "
                             "shows the programs).")
    wanted = replace(current or Prescription(values["program"]), **values)
    if found := problems(wanted):
        raise TherapistError(" ".join(found), "Nothing was changed.")
    from balancegame.prescription.plan import plan_for

    plan = plan_for(desk.library, prescription=wanted)  # LevelError before the PIN
    changes = desk.prescribe(_unlock(desk, args), args.patient, values, reason=args.reason,
                             via="command line")
    if not changes:
        print(f"Nothing changed: the prescription of {args.patient} already says that.")
    else:
        print(f"Prescription of {args.patient} changed ({len(changes)} change"
              f"{'s' if len(changes) > 1 else ''}):")
        for c in changes:
            print(f"  {LABELS[c.field]}: {_shown(c.field, c.old_value)} -> "
                  f"{_shown(c.field, c.new_value)}")
    print("\n".join(plan_lines(desk.library, plan)))
    return 0


def _shown(field: str, value: object) -> str:
    """An old or new value of a change: "none" before the first prescription."""
    if value is None and field in ("program", "feet_in_view"):
        return "none"
    return words(field, bool(value) if field == "feet_in_view" else value)


def plan_lines(library, plan) -> list[str]:
    """What the prescription plays, and what a therapist should know about it."""
    from balancegame.prescription.plan import gate_alternatives

    program = plan.program
    lines = [f"Plays: \"{program.title}\", {len(plan.levels)} bout(s): "
             + ", ".join(dict.fromkeys(lv.title for lv in plan.levels))
             + f"; at most {plan.cap_s / 60:g} min, {plan.sessions_per_week} session(s) a week."]
    lines += [f"Held within the difficulty bounds: {note}" for note in plan.notes]
    spoken = plan.spoken()
    if spoken:
        gates = gate_alternatives(library, spoken)
        lines.append("Not for home: " + ", ".join(lv.name for lv in spoken) + " is answered "
                     "out loud and needs someone to hear and mark the answers, so balancegame "
                     "home refuses this program; play it in supervised sessions (balancegame "
                     "play)" + (f", or prescribe a program with {', '.join(gates)}, where the "
                                "patient answers by leaning into a gate." if gates else "."))
    return lines


def show_text(db_path: Path | None, code: str) -> str:
    from balancegame.prescription.library import LevelLibrary
    from balancegame.prescription.plan import plan_for
    from balancegame.session.storage import Database, default_db_path

    with Database.open(db_path or default_db_path(), read_only=True) as db:
        patient = db.require_patient(code)
        found = db.prescription(code)
        changes = db.prescription_changes(code)
    name = f" ({patient.display_name})" if patient.display_name else ""
    if found is None:
        return (f"{code}{name} has no prescription.\nSet one: balancegame prescribe --patient "
                f"{code} --program NAME")
    rx = Prescription.from_record(found)
    lines = [f"Prescription of {code}{name}, last changed "
             f"{found.changed_utc[:16].replace('T', ' ')} UTC"]
    lines += [f"  {LABELS[f]}: {words(f, getattr(rx, f))}" for f in LABELS]
    library = LevelLibrary.for_user()
    try:
        lines += ["  " + line for line in plan_lines(library, plan_for(library,
                                                                       prescription=rx))]
    except LevelError as exc:  # moved or broken since: say so, the log is still worth reading
        lines.append(f"  The program cannot be played as it is: {exc.problems[0]}")
    lines.append(f"Changes ({len(changes)}):")
    for c in changes:
        why = f"  reason: {c.reason}" if c.reason else ""
        lines.append(f"  {c.changed_utc[:16].replace('T', ' ')} UTC  {c.via:<14}  "
                     f"{LABELS[c.field]}: {_shown(c.field, c.old_value)} -> "
                     f"{_shown(c.field, c.new_value)}{why}")
    return "\n".join(lines)
