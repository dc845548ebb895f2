"""Whether a stored calibration still holds for today's session, and if not, why.

A calibration asks to be made again before the levels that use it when it is older than
the therapist's limit (``DEFAULT_MAX_AGE_DAYS`` = 30 unless set), when the camera set-up
no longer matches the one it was made with (another camera or resolution, or the patient
at another distance or place in the picture: a single camera's cm scale changes with
distance and angle), when it was made standing and the patient now trains seated (or the
other way round), or when it was made for the other side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from balancegame.calibrating.record import Calibration

MAX_HEIGHT_CHANGE = 0.20  # relative change of the patient's image height
MAX_CENTRE_SHIFT = 0.15  # of the image width


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""  # "", "none", "expired", "camera", "mode", "side"
    why: str = ""  # in words, for the therapist and the log


def camera_change(then: dict, now: dict) -> str:
    """What differs between two camera set-ups (game/setup_checks.camera_setup), or ""."""
    if then.get("camera") != now.get("camera"):
        return f"another camera ({now.get('camera')}, was {then.get('camera')})"
    if then.get("resolution_px") != now.get("resolution_px"):
        return f"another resolution ({now.get('resolution_px')}, was {then.get('resolution_px')})"
    h0, h1 = then.get("patient_height_fraction"), now.get("patient_height_fraction")
    if h0 and h1 and abs(h1 - h0) / h0 > MAX_HEIGHT_CHANGE:
        return (f"the patient fills {h1:.0%} of the picture's height, was {h0:.0%}: another "
                "distance from the camera")
    x0, x1 = then.get("patient_centre_x_fraction"), now.get("patient_centre_x_fraction")
    if x0 is not None and x1 is not None and abs(x1 - x0) > MAX_CENTRE_SHIFT:
        return f"the patient stands elsewhere in the picture ({x1:.0%} across, was {x0:.0%})"
    return ""


def verdict(found: Calibration | None, *, now_utc: datetime, max_age_days: float,
            camera_setup: dict | None, mode: str, side: str | None) -> Verdict:
    """``side`` None: any side will do (the stored calibration's side is kept)."""
    if found is None:
        return Verdict(False, "none", "no calibration yet")
    age = found.age_days(now_utc)
    if age > max_age_days:
        return Verdict(False, "expired", f"the calibration of {found.date} is {age:.0f} days "
                       f"old; the limit is {max_age_days:g} days")
    if found.mode != mode:
        return Verdict(False, "mode", f"the calibration of {found.date} was made {found.mode}; "
                       f"today's training is {mode}")
    if side is not None and found.side != side:
        return Verdict(False, "side", f"the calibration of {found.date} is for side "
                       f"{found.side}; {side} is asked for")
    change = camera_change(found.camera_setup, camera_setup) if camera_setup else ""
    if change:
        return Verdict(False, "camera", f"the camera set-up changed since {found.date}: "
                       f"{change}")
    return Verdict(True, "", f"calibration of {found.date} ({age:.0f} days old)")
