"""The circumstances of a session and of each level run, in words, from what was stored.

Every fact comes from the session row (its settings, source, version), the level file
as it was played, its summary or its trials.  What the data does not say is
``NOT_RECORDED``, never a guess: a session played at home and one in the clinic look
the same in this version's data unless the session's settings say which
(``supervised`` true/false, or ``mode`` "home"/"clinic"/"therapist"); the calibration
a session was played with is in its settings (``calibration``, from schema version 5).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from balancegame.report.data import RunData, SessionData

NOT_RECORDED = "not recorded"
MISSING = "—"  # a value that was not measured; never 0
STANCES = {"feet-apart": "feet apart", "feet-together": "feet together",
           "tandem": "heel to toe (tandem)", "single-leg": "on one leg"}
CONDITIONS = ("Stance", "Eyes", "Thinking task", "Seated")  # what conditions() says
SUPERVISION = {"home": "at home (unsupervised)", "clinic": "supervised (clinic)",
               "therapist": "supervised (therapist mode)",
               "supervised": "supervised", "unsupervised": "unsupervised"}


def when(utc_iso: str | None, tz: tzinfo | None = None) -> str:
    """A stored ``*_utc`` time as local date and time with its offset."""
    if not utc_iso:
        return MISSING
    t = datetime.fromisoformat(utc_iso).astimezone(tz)
    offset = t.strftime("%z")
    return f"{t.day} {t:%b %Y, %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def day(utc_iso: str, tz: tzinfo | None = None) -> str:
    t = datetime.fromisoformat(utc_iso).astimezone(tz)
    return f"{t.day} {t:%b %Y}"


def supervision(session: SessionData) -> str:
    settings = session.settings
    flag = settings.get("supervised")
    if isinstance(flag, bool):
        return SUPERVISION["supervised" if flag else "unsupervised"]
    mode = settings.get("mode")
    return SUPERVISION.get(mode, NOT_RECORDED) if isinstance(mode, str) else NOT_RECORDED


def source_words(source: str) -> str:
    if source.startswith("camera"):
        return f"webcam ({source})"
    if source.startswith("puppet"):
        return "the built-in demo person (simulated: not a patient's movement)"
    return f"a video file ({source})"


def program_words(session: SessionData) -> str:
    program = session.settings.get("program")
    if isinstance(program, str) and program:
        return f"program {program}"
    return "no program (levels chosen one by one)"


def _first(runs: tuple[RunData, ...], key: str) -> Any:
    return next((r.summary[key] for r in runs if r.summary.get(key) is not None), None)


def _display_delay(session: SessionData) -> str:
    detail = next((t.detail for r in session.runs for t in r.trials if t.detail), None)
    if not detail:
        return NOT_RECORDED
    if "display_delay_ms" in detail:
        how = "subtracted from reaction times" if detail.get("display_delay_corrected") \
            else "not subtracted (stored with each trial)"
        return f"{detail['display_delay_ms']:.0f} ms, {how}"
    return str(detail.get("display_delay", NOT_RECORDED))


def setup_words(setup: dict) -> str:
    """The stored camera set-up (game/setup_checks.camera_setup) in words."""
    words = []
    if isinstance(setup.get("resolution_px"), list) and len(setup["resolution_px"]) == 2:
        words.append("{} x {} px".format(*setup["resolution_px"]))
    if isinstance(setup.get("brightness"), int | float):
        words.append(f"brightness {setup['brightness']:.0f} of 255")
    height, centre = setup.get("patient_height_fraction"), setup.get("patient_centre_x_fraction")
    if isinstance(height, int | float):
        words.append(f"the patient {100 * height:.0f} % of the image height")
    if isinstance(centre, int | float):
        words.append(f"centred at {100 * centre:.0f} % of its width")
    known = {"camera", "resolution_px", "brightness", "patient_height_fraction",
             "patient_centre_x_fraction", "patient_top_fraction", "patient_bottom_fraction"}
    words += [f"{k.replace('_', ' ')} {v}" for k, v in setup.items() if k not in known]
    return ", ".join(words) or NOT_RECORDED


def camera_setup(session: SessionData) -> list[tuple[str, str]]:
    """(label, words) rows about the camera and computer of a session."""
    settings, runs = session.settings, session.runs
    stored = settings.get("camera_setup")
    setup = (setup_words(stored) if isinstance(stored, dict) and stored else
             f"{NOT_RECORDED} (camera resolution and the patient's place in the image)")
    clock = _first(runs, "capture_clock")
    pose_hz = _first(runs, "pose_hz")
    vsync = settings.get("vsync")
    scales = sorted({r.record.scale_method for r in runs if r.record.scale_method})
    return [
        ("Camera", source_words(session.record.source)),
        ("Camera set-up", setup),
        ("Frame times", {"driver": "the camera driver's time stamps",
                         "estimated": "estimated (no driver time stamps; 1.5 frame "
                                      "periods subtracted)"}.get(clock, NOT_RECORDED)),
        ("Pose results", MISSING if pose_hz is None else f"{pose_hz:.0f} per second"),
        ("Display", NOT_RECORDED if vsync is None else
         "vsync granted" if vsync else "no vsync"),
        ("Display-to-camera delay", _display_delay(session)),
        ("Body scale (pixels to cm)", "; ".join(scales) or NOT_RECORDED),
    ]


def calibration(session: SessionData, tz: tzinfo | None = None) -> str:
    """The age of the patient's calibration at the session, where the session stored it."""
    found = session.settings.get("calibration")
    made = found.get("calibrated_utc") if isinstance(found, dict) else None
    if not isinstance(made, str):
        return NOT_RECORDED
    try:
        age = (datetime.fromisoformat(session.record.started_utc)
               - datetime.fromisoformat(made)).total_seconds() / 86400
    except ValueError:
        return f"{NOT_RECORDED} (unreadable date {made!r})"
    if age < 0:  # made during this session (balancegame/game/calibration_state.py)
        return f"made in this session ({day(made, tz)})"
    return f"{age:.0f} days old (made {day(made, tz)})"


def _setting(run: RunData, key: str) -> Any:
    for source in (run.summary, run.record.difficulty, run.definition):
        if isinstance(source, dict) and source.get(key) is not None:
            return source[key]
    return None


def conditions(run: RunData) -> list[tuple[str, str]]:
    """Stance, eyes, thinking task and seated, as the level run says them."""
    kind = run.level_type
    stance = _setting(run, "stance")
    eyes = _setting(run, "eyes")
    if kind == "dual_task":
        by = _setting(run, "subtract_by") or {"3s": 3, "7s": 7}.get(_setting(run, "series"))
        mode = _setting(run, "mode")
        answer = {"gate": "answered by leaning into a gate",
                  "spoken": "answered out loud"}.get(mode, "")
        thinking = f"counting backwards by {by or '?'}" + (f", {answer}" if answer else "")
    else:
        thinking = "none"
    seated = _setting(run, "seated")
    posture = _setting(run, "posture")
    return [
        ("Stance", STANCES.get(stance, str(stance)) if stance else
         "not set by the level" if kind != "quiet_stance" else NOT_RECORDED),
        ("Eyes", f"{eyes}" if eyes else NOT_RECORDED if kind in (None, "quiet_stance")
         else "open (watching the screen)"),
        ("Thinking task", thinking),
        ("Seated", ("yes" if seated else "no") if isinstance(seated, bool)
         else str(posture) if isinstance(posture, str) else NOT_RECORDED),
    ]
