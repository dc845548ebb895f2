"""Every command-line value checked before anything starts (no model, no window, no file).

Each refusal is a :class:`~balancegame.errors.UsageError` whose sentence says which
option, what was given and what is expected; the command line prints it without a
traceback.  The game never sees a value these checks have not passed.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

from balancegame.errors import UsageError
from balancegame.session.codes import PATIENT_CODE_RULE, patient_code_problem

SEED_MAX = 2**63 - 1  # stored as a signed 64-bit integer; numpy seeds are never negative
PUPPET_RT_MS_MAX = 5000.0
PUPPET_DELAY_MS_MAX = 1000.0


def check_patient(option: str, code: str) -> str:
    problem = patient_code_problem(code)
    if problem is not None:
        raise UsageError(f"{option} {code!r} cannot be used: {problem}, and {PATIENT_CODE_RULE}.",
                         f"Use the patient's code, e.g. {option} P017.")
    return code


def check_play_options(args: argparse.Namespace) -> None:
    """Refuse any value of ``play``/``demo`` the session could not use."""
    if args.patient is not None:
        check_patient("--patient", args.patient)
    if args.seconds is not None and not (math.isfinite(args.seconds) and args.seconds > 0):
        raise UsageError(f"--seconds {args.seconds:g} is not a duration: give a positive "
                         "number of seconds.", "For example --seconds 300 (5 minutes).")
    if args.height_cm is not None and not 50 <= args.height_cm <= 250:
        raise UsageError(f"--height-cm {args.height_cm:g} is not a plausible height.",
                         "Give the height in cm, e.g. --height-cm 170.")
    if args.seed is not None and not 0 <= args.seed <= SEED_MAX:
        raise UsageError(f"--seed {args.seed} is out of range: a seed is a whole number from 0 "
                         f"to {SEED_MAX}.", "For example --seed 42.")
    rt_ms = args.puppet_rt_ms
    if not (math.isfinite(rt_ms) and 0 <= rt_ms <= PUPPET_RT_MS_MAX):
        raise UsageError(f"--puppet-rt-ms {rt_ms:g} is not a reaction time: give 0 to "
                         f"{PUPPET_RT_MS_MAX:g} ms.", "For example --puppet-rt-ms 600.")
    if args.screenshots is not None:
        check_writable_folder("--screenshots", args.screenshots)
    _check_puppet(args)
    _check_calibration(args)


def add_play_options(p: argparse.ArgumentParser, demo: bool, home: bool = False) -> None:
    """The options of ``play``, ``demo`` and ``home`` (checked by :func:`check_play_options`)."""
    if not demo:
        p.add_argument("--source", default="camera",
                       help="camera, camera:N (N-th camera), a video FILE, puppet "
                            "(built-in demo person) or auto (camera, else puppet). "
                            "Default: camera")
    p.add_argument("--patient", help="pseudonymous patient code (not a name). Default: "
                                     + ("the one patient with a prescription; with several, "
                                        "the title screen asks" if home else
                                        "chosen on the title screen when there are patients, "
                                        "else anonymous"))
    if home:  # the prescription says what is played; a therapist's keys need the PIN
        p.set_defaults(levels=None, program=None, levels_dir=None, height_cm=None)
    else:
        _add_level_options(p)
    p.add_argument("--headless", action="store_true", help="no window (CI, batch runs)")
    p.add_argument("--db", type=Path, help="SQLite database file (default: per-user data folder)")
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    p.add_argument("--seconds", type=float, help="end the session and save after S seconds")
    p.add_argument("--seed", type=int, help="random seed, for a repeatable session")
    p.add_argument("--screenshots", type=Path, metavar="DIR",
                   help="save a picture of the screen every second into DIR")
    p.add_argument("--speak", action=argparse.BooleanOptionalAction, default=None,
                   help="read each screen's instructions aloud (offline, needs espeak-ng); "
                        "--no-speak: not even for a program that asks. Default: as the "
                        "program says, else off")
    p.add_argument("--calm", action="store_true",
                   help="still screens: no animation and nothing flashing (for anyone who "
                        "finds motion or flicker hard); the game itself still moves. A "
                        "program with calm_screens = true asks for it too. Default: animated")
    p.add_argument("--puppet-rt-ms", type=float, default=600.0,
                   help="demo person's reaction time in ms (puppet source). Default: 600")
    add_puppet_options(p)
    add_calibration_options(p)


def add_calibration_options(p: argparse.ArgumentParser) -> None:
    """How this patient is calibrated (issue 10; checked by :func:`_check_calibration`)."""
    p.add_argument("--calibration-days", type=float, metavar="DAYS",
                   help="recalibrate before the levels that use the patient's limits when "
                        "the calibration is older than DAYS. Default: 30")
    p.add_argument("--seated", action="store_true",
                   help="the patient trains seated (trunk leaning, feet need not be in view): "
                        "only levels that can be played seated, never a stepping level")
    p.add_argument("--side", choices=("left", "right"),
                   help="one-sided: calibrate and train towards this side only (a patient who "
                        "cannot use one arm or leg)")


def _check_calibration(args: argparse.Namespace) -> None:
    days = getattr(args, "calibration_days", None)
    if days is not None and not (math.isfinite(days) and 1 <= days <= 365):
        raise UsageError(f"--calibration-days {days:g} is not a number of days from 1 to 365.",
                         "For example --calibration-days 30 (recalibrate monthly).")


def _add_level_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--level", action="append", dest="levels", metavar="NAME",
                   help="a level name (see: balancegame levels list) or a path to a .toml "
                        "file; repeat to play several in order. Default: dodge-gentle")
    p.add_argument("--program", metavar="NAME",
                   help="a program (levels in bouts with rests) by name, or a path; "
                        "replaces --level (default: the patient's prescription)")
    add_levels_dir_option(p)
    p.add_argument("--height-cm", type=float,
                   help="patient height in cm, to express sway in cm (default 170)")


def add_levels_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--levels-dir", type=Path, metavar="DIR",
                   help="your own folder of level files (programs in DIR/programs); its names "
                        "come before the user folder's and the shipped ones")


def add_puppet_options(p: argparse.ArgumentParser) -> None:
    """The demo person's movement, camera and display (checked by :func:`_check_puppet`)."""
    from balancegame.demo.movement_shapes import SHAPES

    p.add_argument("--puppet-movement", default="minimum-jerk", metavar="SHAPE",
                   help="how the demo person moves: " + ", ".join(SHAPES)
                        + ". Default: minimum-jerk")
    p.add_argument("--puppet-camera-delay-ms", type=float, default=0.0, metavar="MS",
                   help="the demo camera delivers each frame MS ms (plus jitter) after it "
                        "was taken, as a webcam does. Default: 0")
    p.add_argument("--puppet-camera-jitter-ms", type=float, default=None, metavar="MS",
                   help="spread of that delay (half-normal sd). Default: 5 with a delay, else 0")
    p.add_argument("--puppet-no-driver-stamps", action="store_true",
                   help="the demo camera gives no timestamps of its own (the delay is then "
                        "estimated, as for a camera without them)")
    p.add_argument("--puppet-display-delay-ms", type=float, default=0.0, metavar="MS",
                   help="the demo person sees each stimulus MS ms after its flip (a slow "
                        "display). Default: 0")




def _check_puppet(args: argparse.Namespace) -> None:
    from balancegame.demo.movement_shapes import SHAPES

    if args.puppet_movement not in SHAPES:
        raise UsageError(f"--puppet-movement {args.puppet_movement!r} is not a movement the "
                         f"demo person knows: one of {', '.join(SHAPES)}.",
                         "For example --puppet-movement hesitant.")
    for option, value in (("--puppet-camera-delay-ms", args.puppet_camera_delay_ms),
                          ("--puppet-camera-jitter-ms", args.puppet_camera_jitter_ms),
                          ("--puppet-display-delay-ms", args.puppet_display_delay_ms)):
        if value is not None and not (math.isfinite(value) and 0 <= value <= PUPPET_DELAY_MS_MAX):
            raise UsageError(f"{option} {value:g} is not a delay: give 0 to "
                             f"{PUPPET_DELAY_MS_MAX:g} ms.", f"For example {option} 60.")


def puppet_settings(args: argparse.Namespace) -> dict[str, object]:
    """The demo person's camera, display and movement from checked options."""
    delay_ms = args.puppet_camera_delay_ms
    jitter_ms = args.puppet_camera_jitter_ms
    return {"movement": args.puppet_movement, "camera_delay_ms": delay_ms,
            "camera_jitter_ms": (5.0 if delay_ms > 0 else 0.0) if jitter_ms is None else jitter_ms,
            "driver_stamps": not args.puppet_no_driver_stamps,
            "display_delay_ms": args.puppet_display_delay_ms}


def check_writable_folder(option: str, folder: Path) -> None:
    """``folder`` exists (created if needed) and a file can be written in it."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {folder} is a file, not a folder.",
                         "Give a folder for the pictures, e.g. --screenshots shots.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UsageError(f"{option} {folder}: pictures cannot be saved there "
                         f"({exc.strerror or exc}).",
                         "Choose a folder you may write in, e.g. in your home folder.") from exc


def add_latency_options(p: argparse.ArgumentParser) -> None:
    """The options of `balancegame latency` (its checks are in latency.py)."""
    p.add_argument("--source", default="camera", help="camera or camera:N. Default: camera")
    p.add_argument("--demo", action="store_true",
                   help="a simulated camera facing a mirror, no camera needed")
    p.add_argument("--demo-delay-ms", type=float, default=60.0,
                   help="the simulated display's delay in ms. Default: 60")
    p.add_argument("--demo-camera-delay-ms", type=float, default=0.0,
                   help="how late the simulated camera stamps its frames, ms. Default: 0")
    p.add_argument("--demo-wall", action="store_true",
                   help="the simulated camera faces a blank wall (shows a failed check)")
    p.add_argument("--flashes", type=int, default=20, help="how many flashes. Default: 20")
    for flag, text in (("--headless", "no window (only with --demo)"),
                       ("--windowed", "a window instead of full screen")):
        p.add_argument(flag, action="store_true", help=text)
    p.add_argument("--db", type=Path, help="SQLite database file (default: per-user data folder)")
    p.add_argument("--seed", type=int, help="random seed of the flash intervals")
    p.add_argument("--screenshots", type=Path, metavar="DIR",
                   help="save a picture of the screen every second into DIR")
