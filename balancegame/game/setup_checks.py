"""The camera set-up gate's checks, in the order a patient fixes them, and what is stored.

Each check that fails says in large words what to do (the patient's words) and, small, why
(for the therapist).  The session starts only when every check has held for the camera
check's HOLD_S; the therapist can override the feet check (seated training, a small room)
with Enter, and the override is logged with the session, as is the camera set-up the
session was played with (camera, resolution, where and how large the patient was), so a
later calibration can tell whether it still applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from balancegame.messages import TrackedFrame, TrackerHealth
from balancegame.pose.people import patient_box

MIN_BRIGHTNESS = 50  # mean grey level (0-255) under which MediaPipe's landmarks grow unsure
MAX_BRIGHTNESS = 235  # a window behind the patient: they are a silhouette
MIN_CONFIDENCE = 0.5  # mean visibility of the landmarks the measures use


@dataclass(frozen=True)
class Check:
    ready: bool
    say: str  # large, for the patient: what to do
    why: str = ""  # small, for the therapist
    name: str = ""  # which check, for the log


def brightness(tracked: TrackedFrame) -> float:
    """Mean grey level of the frame (0-255), on a quarter-size copy (it costs nothing)."""
    small = tracked.frame.image_bgr[::4, ::4]
    return float(cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_BGR2GRAY).mean())


def _confidence(tracked: TrackedFrame) -> float:
    """Mean visibility, shoulders to ankles (1 where a source gives no landmarks)."""
    lm = tracked.pose.landmarks_px
    return float(np.mean(lm[11:29, 3])) if lm is not None else 1.0


def check_setup(tracked: TrackedFrame | None, health: TrackerHealth, *, someone_else: bool,
                scale_ready: bool, feet_overridden: bool) -> Check:
    if not health.source_ok:
        return Check(False, "Camera not working", health.source_error, "camera")
    if tracked is None:
        return Check(False, "Starting the camera...", "", "camera")
    if someone_else:
        return Check(False, "Only one person in view, please",
                     "someone else is in the picture", "one_person")
    light = brightness(tracked)
    if light < MIN_BRIGHTNESS:
        return Check(False, "More light, please", f"image too dark ({light:.0f} of 255): "
                     "a lamp in front of the patient", "light")
    if light > MAX_BRIGHTNESS:
        return Check(False, "Too bright behind you", f"image washed out ({light:.0f} of 255):"
                     " close the curtain behind the patient", "light")
    presence = tracked.pose.presence
    if not presence.ok:
        return Check(False, presence.advice, presence.reason, "in_view")
    if _confidence(tracked) < MIN_CONFIDENCE:
        return Check(False, "More light, please", "tracking unsure: more light, plainer "
                     "background", "light")
    if not presence.feet_visible and not feet_overridden:
        return Check(False, presence.advice, "Therapist: Enter = continue without feet in view",
                     "feet")
    if not scale_ready:
        return Check(False, "Stand still...", "measuring your size", "scale")
    return Check(True, "Good! Stand still", "", "")


def camera_setup(tracked: TrackedFrame, camera_name: str | None) -> dict:
    """The set-up a session was played with: camera, resolution, the patient's image."""
    h, w = tracked.frame.image_bgr.shape[:2]
    box = patient_box(tracked.pose.landmarks_px, margin=0.0)
    out: dict = {"camera": camera_name or tracked.frame.source, "resolution_px": [w, h],
                 "brightness": round(brightness(tracked), 1)}
    if box is not None:
        x0, y0, x1, y1 = box
        out |= {"patient_height_fraction": round((y1 - y0) / h, 3),
                "patient_centre_x_fraction": round((x0 + x1) / 2 / w, 3),
                "patient_top_fraction": round(y0 / h, 3),
                "patient_bottom_fraction": round(y1 / h, 3)}
    return out
